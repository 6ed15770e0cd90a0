"""`tsunagu rollback [BUILD_ID]` (issue 31.2): the previous build is served again, data/ is put back to its
snapshot (so the next publish does not bring the change back), and the change requests it undid say so."""
from __future__ import annotations

import json

import pytest
from publish_fixtures import read_rows, write_rows
from sqlalchemy import select

from tsunagu import builds
from tsunagu.build import build
from tsunagu.cli import main
from tsunagu.ops.rollback import ROLLED_BACK, RollbackError, rollback
from tsunagu.staff.accounts import add_account
from tsunagu.staff.db import open_store
from tsunagu.staff.models import ChangeRequest

WRONG = "046-000-0000"


def publish_wrong_phone(site) -> tuple[str, str, int]:
    """A wrong but valid phone goes live through an approved change; returns (old build, new build, request)."""
    old = site.served().name
    rows = read_rows(site.resources_csv)
    rows[0]["phone"] = WRONG
    write_rows(site.resources_csv, rows)
    new = build(site.settings).name
    store = open_store(site.settings)
    with store.tx() as s:
        ed = add_account(s, "ed", "rollback-test-passphrase-42", "editor", ["zushi"], "社協", {"zushi"})
        cr = ChangeRequest(city="zushi", record_id=rows[0]["id"], action="edit", author_id=ed.id,
                           changes=[{"field": "phone", "before": "", "after": WRONG}], status="approved",
                           publish_state="live", build_id=new)
        s.add(cr)
        s.flush()
        return old, new, cr.id


def test_rollback_serves_the_previous_build_and_puts_data_back(site_copy, monkeypatch):
    monkeypatch.setenv("TSUNAGU_VAR_DIR", str(site_copy.settings.var_dir))
    old, _, cr_id = publish_wrong_phone(site_copy)
    snapshot = (builds.builds_dir(site_copy.build_dir) / old / "data" / "resources" / "zushi.csv").read_bytes()
    assert main(["--data-dir", str(site_copy.data), "--build-dir", str(site_copy.build_dir), "rollback"]) == 0
    assert site_copy.served().name == old
    assert site_copy.resources_csv.read_bytes() == snapshot and WRONG not in site_copy.resources_csv.read_text()
    with open_store(site_copy.settings).tx() as s:
        cr = s.get(ChangeRequest, cr_id)
        assert cr.publish_state == ROLLED_BACK and old in cr.problems
    again = build(site_copy.settings)  # the next publish builds from data/: the wrong phone stays gone
    records = json.loads((again / "records.json").read_text(encoding="utf-8"))
    assert WRONG not in json.dumps(records, ensure_ascii=False)


def test_rollback_refuses_what_it_cannot_serve(site_copy, monkeypatch):
    monkeypatch.setenv("TSUNAGU_VAR_DIR", str(site_copy.settings.var_dir))
    with pytest.raises(RollbackError, match="ひとつ前のビルドが残っていません"):
        rollback(site_copy.settings)
    old, new, _ = publish_wrong_phone(site_copy)
    (builds.builds_dir(site_copy.build_dir) / old / "records.json").write_text("{", encoding="utf-8")
    with pytest.raises(RollbackError, match=f"ビルド {old} は読み込めません"):
        rollback(site_copy.settings, old)
    with pytest.raises(RollbackError, match="はありません"):
        rollback(site_copy.settings, "no-such-build")
    assert site_copy.served().name == new
    with open_store(site_copy.settings).tx() as s:
        assert {cr.publish_state for cr in s.scalars(select(ChangeRequest))} == {"live"}


def test_an_admin_rolls_back_from_the_console_and_others_cannot(site_copy, monkeypatch):
    import re

    from fastapi.testclient import TestClient

    from tsunagu.site.app import create_app
    old, _, _ = publish_wrong_phone(site_copy)
    with open_store(site_copy.settings).tx() as s:
        add_account(s, "boss", "rollback-test-passphrase-42", "admin", ["zushi"], "市", {"zushi"})
    app = create_app(site_copy.settings)
    token = re.compile(r'name="csrf_token" value="([^"]+)"')

    def signed_in(name: str) -> TestClient:
        c = TestClient(app)
        page = c.get("/staff/login")
        c.post("/staff/login", data={"csrf_token": token.findall(page.text)[0], "name": name,
                                     "password": "rollback-test-passphrase-42", "next": "/staff/"})
        return c

    assert signed_in("ed").get("/staff/builds").status_code == 403
    boss = signed_in("boss")
    page = boss.get("/staff/builds")
    assert page.status_code == 200 and "公開中" in page.text and f'value="{old}"' in page.text
    forms = re.findall(r'name="csrf_token" value="([^"]+)">\s*<input type="hidden" name="build_id" value="([^"]+)"',
                       page.text)
    csrf = next(t for t, b in forms if b == old)
    done = boss.post("/staff/builds/rollback", data={"csrf_token": csrf, "build_id": old}, follow_redirects=False)
    assert done.status_code == 303 and site_copy.served().name == old
    assert f"ビルド {old} に戻しました" in boss.get(done.headers["location"]).text
