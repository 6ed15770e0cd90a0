"""Lists in through the console (issue 24.5): upload → preview → batch → review, over HTTP with the real app.

CSRF, the 5 MB limit, only .csv/.xlsx/.ods, errors with row and column, nothing live before a
reviewer approves, a row left out with its reason."""
from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from web.html import parse

from tsunagu.importer.models import ImportBatch
from tsunagu.staff.models import ChangeRequest

from .conftest import add
from .test_web import login, tokens

pytestmark = pytest.mark.bundled_data
HEADER = ["サロン名", "住所", "開催日", "時間", "参加費"]


@pytest.fixture(scope="module")
def web(settings, tmp_path_factory):
    from world import test_settings

    from tsunagu.site.app import create_app
    tmp = tmp_path_factory.mktemp("staff-import")
    s = test_settings(tmp, build_dir=settings.build_dir)
    app = create_app(s)
    store = app.state.staff.store
    add(store, "ed", "editor")
    add(store, "rev", "reviewer", org="逗子市")
    yield app, store, s
    from tsunagu.staff import db
    db._stores.pop(db.database_url(s), None)
    store.engine.dispose()


def cp932_csv(rows) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows([["ふれあいサロン一覧"], HEADER, *rows])
    return buf.getvalue().encode("cp932")


def signed_in(app, name: str) -> TestClient:
    c = TestClient(app)
    assert login(c, name).status_code == 303
    return c


def upload(c: TestClient, name: str, data: bytes, city: str = "zushi"):
    page = c.get("/staff/import")
    token = tokens(page)[1]
    return c.post("/staff/import", data={"csrf_token": token, "city": city, "kind": "salon"},
                  files={"file": (name, data, "text/csv")})


def test_upload_preview_batch_and_review(web):
    app, store, settings = web
    before = (settings.data_dir / "resources" / "zushi.csv").read_bytes()
    ed = signed_in(app, "ed")
    preview = upload(ed, "salons.csv", cp932_csv([["さくら茶話会", "逗子市桜山5-3-1", "毎週火曜", "10:00〜12:00", "100円"],
                                                  ["うたごえ広場", "逗子市逗子1-1-1", "毎月第2水曜", "", ""]]))
    assert preview.status_code == 200, preview.text[-2000:]
    page = parse(preview)
    assert "新規 2 件、変更 0 件、変更なし 0 件、取り込めない 0 件" in page.select_one("[role=status]").get_text()
    assert [th.get_text() for th in page.select("tbody th")] == ["3", "4"]  # the spreadsheet's own row numbers
    confirm = page.select_one("form[action='/staff/import/confirm']")
    done = ed.post("/staff/import/confirm", data={"csrf_token": confirm.select_one("[name=csrf_token]")["value"],
                                                   "upload_id": confirm.select_one("[name=upload_id]")["value"]},
                   follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/staff/imports/")
    assert (settings.data_dir / "resources" / "zushi.csv").read_bytes() == before  # nothing live
    own = parse(ed.get(done.headers["location"]))
    assert "自分が取り込んだ一覧は承認できません" in own.get_text() and own.select_one("input[name^=leave-]") is None

    rev = signed_in(app, "rev")
    batch_page = parse(rev.get(done.headers["location"]))
    rows = batch_page.select("tbody tr")
    assert [r.select_one("th").get_text() for r in rows] == ["3", "4"]
    leave = rows[1].select_one("input[name^=leave-]")["name"]
    form = batch_page.select_one(f"form[action='{done.headers['location']}']")
    token = form.select_one("[name=csrf_token]")["value"]
    refused = rev.post(done.headers["location"], data={"csrf_token": token, leave: "1"})
    assert refused.status_code == 400 and "外す行には、理由を書いてください" in parse(refused).select_one(".error-summary").get_text()
    token = tokens(refused)[1]
    reason = leave.replace("leave-", "reason-")
    ok = rev.post(done.headers["location"], data={"csrf_token": token, leave: "1", reason: "会場に確かめてから"},
                  follow_redirects=False)
    assert ok.status_code == 303
    with store.tx() as s:
        batch = s.scalars(sa.select(ImportBatch)).one()
        states = sorted((cr.status, cr.publish_state, cr.review_note) for cr in
                        s.scalars(sa.select(ChangeRequest).where(ChangeRequest.batch_id == batch.id)))
    assert states == [("approved", "queued", ""), ("rejected", "", "会場に確かめてから")]
    shown = parse(rev.get(done.headers["location"])).get_text()
    assert "公開待ち" in shown and "会場に確かめてから" in shown


@pytest.mark.parametrize("name,data,message", [
    ("salons.txt", b"a,b\n", "CSV（.csv）、Excel（.xlsx）、LibreOffice（.ods）のどれかを選んでください"),
    ("big.csv", b"x" * (5 * 1024 * 1024 + 10), "ファイルが大きすぎます。5 MB までにしてください"),
    ("empty.csv", b"", "ファイルが空です"),
])
def test_a_bad_upload_says_what_to_fix_and_keeps_nothing(web, name, data, message):
    app, _, settings = web
    r = upload(signed_in(app, "ed"), name, data)
    assert r.status_code == 400
    summary = parse(r).select_one(".error-summary")
    assert summary is not None and message in summary.get_text() and summary.select_one("a[href='#file']")
    assert not list((settings.var_dir / "imports").glob("*.bin"))  # nothing kept for a confirm step


def test_refused_rows_are_listed_with_row_and_column_and_no_confirm_is_offered(web):
    app, _, _ = web
    r = upload(signed_in(app, "ed"), "x.csv", cp932_csv([["いきいき体操", "逗子市新宿4-2-35", "第6火曜", "", ""]]))
    assert r.status_code == 400
    summary = parse(r).select_one(".error-summary")
    assert "x.csv:3:C（開催日）: 「第6火曜」: 第6週はありません。第1〜第5か「最終」で書いてください" in summary.get_text()
    assert summary.select_one("a[href='#row-3']") and parse(r).select_one("form[action='/staff/import/confirm']") is None


def test_upload_needs_a_fresh_csrf_token(web):
    app, store, _ = web
    ed = signed_in(app, "ed")
    with store.tx() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(ImportBatch))
    r = ed.post("/staff/import", data={"csrf_token": "forged", "city": "zushi", "kind": "salon"},
                files={"file": ("a.csv", cp932_csv([["ことぶき会", "逗子市沼間1-1-1", "毎週金曜", "", ""]]), "text/csv")})
    assert r.status_code == 403 and "何も保存していません" in r.text and "新規 1 件" not in r.text
    with store.tx() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(ImportBatch)) == before


def test_someone_elses_upload_cannot_be_confirmed(web):
    app, _, _ = web
    ed = signed_in(app, "ed")
    page = parse(upload(ed, "a.csv", cp932_csv([["ことぶき会", "逗子市沼間1-1-1", "毎週金曜", "", ""]])))
    upload_id = page.select_one("[name=upload_id]")["value"]
    rev = signed_in(app, "rev")
    token = tokens(rev.get("/staff/import"))[1]
    r = rev.post("/staff/import/confirm", data={"csrf_token": token, "upload_id": upload_id})
    assert r.status_code == 400 and "取り込むファイルが見つかりません" in r.text
