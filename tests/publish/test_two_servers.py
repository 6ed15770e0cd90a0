"""One source of truth for edits (issue 26.3): two servers on one PostgreSQL, each with its own data/ folder, one
publisher. Edits made through the server that does not publish read the record from the published build, so
a second edit of the same record goes live like the first instead of being refused as a conflict forever."""
from __future__ import annotations

import re
import shutil
import time
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from publish_fixtures import read_rows
from staff.pg import ThrowawayPostgres, pg_bin

from tsunagu.staff.accounts import add_account
from tsunagu.staff.models import ChangeRequest
from tsunagu.staff.publisher import Publisher

pytestmark = pytest.mark.bundled_data

PASSWORD = "tsunagu-two-servers-passphrase-42"


@pytest.fixture(scope="module")
def pg_url():
    if pg_bin() is None:
        pytest.fail("PostgreSQL is missing (apt-get install postgresql)", pytrace=False)
    server = ThrowawayPostgres()
    try:
        server.start()
        yield server.create_database("tsunagu_two_servers")
    finally:
        server.stop()


def form_of(html: str, action: str) -> dict[str, str]:
    """The hidden fields (one-time token, row version) of the form posting to `action`."""
    block = next(b for b in html.split("<form")[1:] if f'action="{action}"' in b.split(">", 1)[0])
    block = block.split("</form>", 1)[0]
    return dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', block))


def sign_in(app, name: str) -> TestClient:
    c = TestClient(app)
    page = c.get("/staff/login")
    token = form_of(page.text, "/staff/login")["csrf_token"]
    r = c.post("/staff/login", data={"csrf_token": token, "name": name, "password": PASSWORD, "next": "/staff/"},
               follow_redirects=False)
    assert r.status_code == 303, r.text
    return c


def edit_and_approve(app, record_id: str, phone: str) -> int:
    editor, reviewer = sign_in(app, "ed"), sign_in(app, "rev")
    action = f"/staff/zushi/records/{record_id}"
    fields = form_of(editor.get(action).text, action)
    r = editor.post(action, data={**fields, "phone": phone}, follow_redirects=False)
    assert r.status_code == 303, r.text
    cr_path = r.headers["location"]
    fields = form_of(reviewer.get(cr_path).text, cr_path)
    r = reviewer.post(cr_path, data={**fields, "decision": "approve", "note": ""}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return int(cr_path.rsplit("/", 1)[1])


def settled(store, cr_id: int, timeout: float = 90) -> ChangeRequest:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with store.tx() as s:
            cr = s.get(ChangeRequest, cr_id)
        if cr.publish_state in ("live", "refused"):
            return cr
        time.sleep(0.2)
    raise AssertionError(f"change #{cr_id} still {cr.publish_state} after {timeout} s")


def test_two_edits_through_the_server_that_does_not_publish_both_go_live(site_copy, tmp_path, pg_url):
    from tsunagu.site.app import create_app
    from tsunagu.staff import db
    publishing = replace(site_copy.settings, database_url=pg_url, var_dir=tmp_path / "var-p", staff_publisher=False)
    other_data = tmp_path / "data-s"
    shutil.copytree(site_copy.data, other_data)  # its own copy, which nothing updates
    serving = replace(publishing, data_dir=other_data, var_dir=tmp_path / "var-s")
    app = create_app(serving)  # TSUNAGU_STAFF_PUBLISHER=0: starts no publisher
    store = app.state.staff.store
    with store.tx() as s:
        add_account(s, "ed", PASSWORD, "editor", ["zushi"], "逗子市社会福祉協議会", {"zushi"})
        add_account(s, "rev", PASSWORD, "reviewer", ["zushi"], "逗子市", {"zushi"})
    publisher = Publisher(store, publishing, maintenance_seconds=0)  # the one publisher, with its own data/
    publisher.start()
    try:
        salon = next(r for r in read_rows(site_copy.resources_csv) if r["kind"] == "salon")
        first = settled(store, edit_and_approve(app, salon["id"], "046-873-1001"))
        assert first.publish_state == "live", first.problems
        second = settled(store, edit_and_approve(app, salon["id"], "046-873-2002"))
        assert second.publish_state == "live", second.problems  # before: refused as made from an old version
        served = site_copy.served()
        assert second.build_id == served.name
        assert "046-873-2002" in (served / "records.json").read_text(encoding="utf-8")
        assert next(r for r in read_rows(site_copy.resources_csv) if r["id"] == salon["id"])["phone"] == "046-873-2002"
        copy = next(r for r in read_rows(other_data / "resources" / "zushi.csv") if r["id"] == salon["id"])
        assert copy["phone"] == salon["phone"]  # the serving server's own data/ was never read or written
    finally:
        publisher.stop()
        db._stores.pop(db.database_url(serving), None)
        store.engine.dispose()
