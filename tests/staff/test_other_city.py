"""Another city's change request answers exactly like one that does not exist (issue 26.9): before, a POST
to /staff/changes/{id} of another city said 403 「逗子市の記録は扱えません」 — telling anyone signed in
which ids exist and whose they are."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from web.html import parse

from tsunagu.staff import audit

from .conftest import PASSWORD, add

pytestmark = pytest.mark.bundled_data
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def web(settings, tmp_path_factory):
    from world import test_settings

    from tsunagu.site.app import create_app
    s = test_settings(tmp_path_factory.mktemp("other-city"), build_dir=settings.build_dir)
    app = create_app(s)
    store = app.state.staff.store
    add(store, "ed", "editor", cities=("zushi",))
    add(store, "kamarev", "reviewer", cities=("kamakura",), org="鎌倉市社会福祉協議会")
    yield app, store
    from tsunagu.staff import db
    db._stores.pop(db.database_url(s), None)
    store.engine.dispose()


def signed_in(app, name: str) -> TestClient:
    c = TestClient(app)
    page = c.get("/staff/login")
    r = c.post("/staff/login", data={"csrf_token": TOKEN.findall(page.text)[0], "name": name, "password": PASSWORD},
               follow_redirects=False)
    assert r.status_code == 303
    return c


def zushi_change(app) -> str:
    c = signed_in(app, "ed")
    page = c.get("/staff/zushi/records/zushi-salon-02")
    version = re.search(r'name="version" value="([^"]+)"', page.text).group(1)
    r = c.post("/staff/zushi/records/zushi-salon-02", data={"csrf_token": TOKEN.findall(page.text)[1],
                                                            "version": version, "phone": "046-873-1111"},
               follow_redirects=False)
    return r.headers["location"]


def main_text(response) -> str:
    return " ".join(parse(response).select_one("main").get_text(" ").split())


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_another_citys_change_request_answers_like_an_unknown_one(web, decision):
    app, store = web
    path = zushi_change(app)
    c = signed_in(app, "kamarev")

    def post(to: str):
        token = TOKEN.findall(c.get("/staff/").text)[0]
        return c.post(to, data={"csrf_token": token, "decision": decision, "note": ""})
    theirs, unknown = post(path), post("/staff/changes/987654321")
    assert (theirs.status_code, main_text(theirs)) == (unknown.status_code, main_text(unknown))
    assert theirs.status_code == 404 and "逗子" not in main_text(theirs)
    with store.tx() as s:
        assert audit.entries(s, limit=2)[1].action == "forbidden_city"  # the log still says what was tried


def test_asking_to_revert_another_citys_change_answers_like_an_unknown_one(web):
    app, _ = web
    path = zushi_change(app)
    c = signed_in(app, "kamarev")

    def post(to: str):
        return c.post(to, data={"csrf_token": TOKEN.findall(c.get("/staff/").text)[0]})
    theirs, unknown = post(f"{path}/revert"), post("/staff/changes/987654321/revert")
    assert (theirs.status_code, main_text(theirs)) == (unknown.status_code, main_text(unknown))
    assert theirs.status_code == 404 and "逗子" not in main_text(theirs)
