"""Public suggestions over HTTP (SQLite): the two forms, the receipt, bad input and abuse, and the
reviewer's side (diff, accept into a change request, not used, spam)."""
from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from web.html import assert_page_basics, parse

from tsunagu.staff.models import Account, ChangeRequest
from tsunagu.suggest import tokens
from tsunagu.suggest.models import Suggestion, SuggestionBlock

from .conftest import PASSWORD, add

pytestmark = pytest.mark.bundled_data

SALON = "zushi-salon-02"
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def web(settings, tmp_path_factory):
    from world import test_settings

    from tsunagu.site.app import create_app
    tmp = tmp_path_factory.mktemp("suggest-web")
    s = test_settings(tmp, build_dir=settings.build_dir)
    app = create_app(s)
    store = app.state.staff.store
    add(store, "rev", "reviewer", cities=("zushi",))
    add(store, "kamarev", "reviewer", cities=("kamakura",))
    yield app, store, s
    from tsunagu.staff import db
    db._stores.pop(db.database_url(s), None)
    store.engine.dispose()


@pytest.fixture(autouse=True)
def no_wait(web, monkeypatch):
    monkeypatch.setattr(web[0].state.suggest, "min_fill_seconds", 0)


def count(store) -> int:
    with store.tx() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Suggestion))


def send(c: TestClient, path: str, data: dict, *, token: str | None = None):
    page = c.get(path)
    assert page.status_code == 200
    form = {"form_token": token if token is not None else FORM_TOKEN.search(page.text)[1], "hp_confirm": "", **data}
    return c.post(path, data=form, follow_redirects=False)


def correction(**kw) -> dict:
    return {"schedule": f"毎月第3火曜 13:30〜15:30 に変わりました {time.time_ns()}", "how": "joins",
            "contact": "taro@example.jp", **kw}


def test_resource_and_city_pages_link_to_the_forms(web):
    c = TestClient(web[0])
    assert f'/zushi/resources/{SALON}/suggest"' in c.get(f"/zushi/resources/{SALON}").text
    assert '/zushi/suggest"' in c.get("/zushi/").text
    assert '/zushi/suggest"' in c.get("/zushi/search?kind=salon").text


@pytest.mark.parametrize("city, own, other", [("kamakura", "鎌倉市御成町18番10号", "逗子"),
                                               ("nagano", "長野市鶴賀緑町1613", "逗子"),
                                               ("zushi", "逗子市新宿4丁目2番35号", "鎌倉")])
def test_the_form_gives_examples_from_the_readers_own_city(web, city, own, other):
    """A 鎌倉 resident is not shown a 逗子 address as the example (nor the other way round)."""
    hints = " ".join(p.get_text() for p in parse(TestClient(web[0]).get(f"/{city}/suggest")).select(".hint"))
    assert own in hints, hints
    assert other not in hints and "{" not in hints, hints


def test_forms_are_labelled_private_and_set_a_form_cookie(web):
    c = TestClient(web[0])
    for path in (f"/zushi/resources/{SALON}/suggest", "/zushi/suggest"):
        r = c.get(path)
        assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
        soup = parse(r)
        assert_page_basics(soup)
        assert "90 日で消します" in r.text
        hp = soup.find(id="hp_confirm")
        assert hp.find_parent("div").has_attr("hidden") and hp["tabindex"] == "-1"
        cookie = r.headers.get("set-cookie", "") or "already"
        assert "tsunagu_form" in cookie or cookie == "already"


def test_a_correction_gets_a_receipt_and_an_unguessable_status_url(web):
    app, store, _ = web
    c = TestClient(app)
    r = send(c, f"/zushi/resources/{SALON}/suggest", correction(other="毎月第3火曜に変わりました。担当は山田さん 090-1234-5678"))
    assert r.status_code == 303
    url = r.headers["location"]
    token = url.split("/")[-1].split("?")[0]
    assert len(token) >= 32
    page = c.get(url)
    assert page.status_code == 200 and "受付番号" in page.text and "受け付けました" in page.text
    assert "taro@example.jp" not in page.text and page.headers["cache-control"] == "no-store"
    assert "noindex" in page.headers["x-robots-tag"] and page.headers["referrer-policy"] in ("no-referrer", "same-origin")
    with store.tx() as s:
        row = s.scalar(sa.select(Suggestion).order_by(Suggestion.id.desc()).limit(1))
    assert row.ticket in page.text and row.contact == "taro@example.jp" and row.record_id == SALON
    assert {m for _, m in row.flags} >= {"携帯電話の番号のようです（個人の番号なら載せないでください）",
                                          "個人のお名前（〇〇さん・様）が書かれているようです"}
    assert row.status_hash != token and token not in row.status_hash
    assert c.get(url[:-12] + "AAAAAAAAAAAA").status_code == 404  # a guessed token finds nothing
    # TSUNAGU_PUBLIC_URL is unset here: the address to keep is the one the page was opened on, not 127.0.0.1:8000
    shown = parse(page).select_one(".url").get_text()
    assert shown == f"http://testserver/suggest/status/{token}" and "127.0.0.1" not in shown


def test_bad_input_is_refused_in_japanese_and_stores_nothing(web):
    app, store, _ = web
    c = TestClient(app)
    path = f"/zushi/resources/{SALON}/suggest"
    before = count(store)
    empty = send(c, path, {})
    assert empty.status_code == 400
    soup = parse(empty)
    summary = soup.select_one(".error-summary")
    assert summary.has_attr("autofocus") and {a["href"] for a in summary.select("a")} >= {"#s-facts", "#s-how"}
    assert soup.title.get_text().startswith("エラー:")
    huge = send(c, path, correction(other="あ" * 100_000))
    assert huge.status_code == 413 and "64 KB" in huge.text
    long = send(c, path, correction(other="あ" * 1001))
    assert long.status_code == 400 and "1,000 文字以内" in long.text
    control = send(c, path, correction(schedule="毎月\x00第3火曜\x1b"))
    assert control.status_code == 400 and "制御文字" in control.text
    script = send(c, path, correction(fee="<script>alert(1)</script>"))
    assert script.status_code == 400 and "HTML のタグ" in script.text and "<script>alert" not in script.text
    valid = FORM_TOKEN.search(c.get(path).text)[1]
    assert c.post("/zushi/resources/no-such-thing/suggest", data={"form_token": valid, **correction()}).status_code == 404
    assert c.post("/zushi/resources/no-such-thing/suggest", data=correction()).status_code == 404
    missing = c.post(path, data=correction(), follow_redirects=False)
    assert missing.status_code == 403 and "もう一度「送る」" in missing.text and "毎月第3火曜" in missing.text
    key = app.state.suggest.key
    old = tokens.issue(key, path, c.cookies.get("tsunagu_form"), now=time.time() - 3 * 3600)
    expired = send(c, path, correction(), token=old)
    assert expired.status_code == 400 and "時間がたった" in expired.text
    forged = send(c, path, correction(), token="1700000000.abc.def")
    assert forged.status_code == 403
    other_browser = TestClient(app)
    stolen = FORM_TOKEN.search(c.get(path).text)[1]
    assert other_browser.post(path, data={"form_token": stolen, **correction()}).status_code == 403
    honeypot = send(c, path, correction(hp_confirm="http://spam.example"))
    assert honeypot.status_code == 400 and "自動送信" in honeypot.text
    assert count(store) == before


def test_minimum_fill_time(web, monkeypatch):
    monkeypatch.setattr(web[0].state.suggest, "min_fill_seconds", 30)
    c = TestClient(web[0])
    r = send(c, f"/zushi/resources/{SALON}/suggest", correction())
    assert r.status_code == 400 and "早すぎ" in r.text


def test_replays_and_duplicates_are_one_suggestion(web):
    app, store, _ = web
    c = TestClient(app)
    path = f"/zushi/resources/{SALON}/suggest"
    data = correction()
    page = c.get(path)
    token = FORM_TOKEN.search(page.text)[1]
    before = count(store)
    first = c.post(path, data={"form_token": token, **data}, follow_redirects=False)
    assert first.status_code == 303
    assert c.post(path, data={"form_token": token, **data}, follow_redirects=False).status_code == 409
    again = send(c, path, {**data, "schedule": "  " + data["schedule"].replace(" ", "　") + " ", "contact": ""})
    assert again.status_code == 200 and "同じ内容" in again.text
    assert count(store) == before + 1


def test_a_flood_from_one_address_is_throttled_without_errors(web, monkeypatch):
    app, store, _ = web
    monkeypatch.setattr(app.state.suggest.limits, "per_client_per_hour", 1000)
    app.state.suggest.limiter._hits.clear()
    c = TestClient(app)
    path = f"/zushi/resources/{SALON}/suggest"
    token = FORM_TOKEN.search(c.get(path).text)[1]
    before = count(store)
    statuses = [c.post(path, data={"form_token": token, **correction()}, follow_redirects=False).status_code
                for _ in range(1000)]
    assert max(statuses) < 500 and statuses.count(429) >= 980
    assert count(store) == before + 1  # one form, one suggestion; the rest refused before reading
    app.state.suggest.limiter._hits.clear()


def test_per_address_and_per_city_limits(web, monkeypatch):
    """One address over its limit waits; past the city's cap a resident still gets a receipt (held for
    review, issue 26.5) and is asked to wait only when the held area is full too."""
    app, store, _ = web
    app.state.suggest.limiter._hits.clear()
    c = TestClient(app)
    monkeypatch.setattr(app.state.suggest.limits, "per_client_per_hour", 0)
    path = f"/zushi/resources/{SALON}/suggest"
    r = send(c, path, correction())
    assert r.status_code == 429 and "時間をおいて" in r.text
    monkeypatch.setattr(app.state.suggest.limits, "per_client_per_hour", 10_000)
    monkeypatch.setattr(app.state.suggest.limits, "per_city_per_hour", 0)
    r = send(c, "/kamakura/suggest", {"name": "テストサロン", "place_type": "venue", "place": "会館"})
    assert r.status_code == 303
    receipt = c.get(r.headers["location"])
    assert "受付番号" in receipt.text and "集中しているため、確認までふだんより時間がかかります" in receipt.text
    assert latest(store).status == "held"
    monkeypatch.setattr(app.state.suggest.limits, "held_per_city_per_hour", 0)
    r = send(c, "/kamakura/suggest", {"name": "別のテストサロン", "place_type": "venue", "place": "会館"})
    assert r.status_code == 429 and "集中" in r.text and "何も保存していません" in r.text
    app.state.suggest.limiter._hits.clear()


def login(c: TestClient, name: str):
    page = c.get("/staff/login")
    r = c.post("/staff/login", data={"csrf_token": CSRF.findall(page.text)[0], "name": name, "password": PASSWORD,
                                     "next": "/staff/suggestions/"}, follow_redirects=False)
    assert r.status_code == 303


def latest(store) -> Suggestion:
    with store.tx() as s:
        return s.scalar(sa.select(Suggestion).order_by(Suggestion.id.desc()).limit(1))


def test_reviewer_sees_a_diff_edits_and_accepts_into_an_approved_change_request(web):
    app, store, _ = web
    app.state.suggest.limiter._hits.clear()
    public = TestClient(app)
    r = send(public, f"/zushi/resources/{SALON}/suggest", correction(schedule="", phone="046-873-9999", how="runs"))
    status_url = r.headers["location"]
    sug = latest(store)
    staff = TestClient(app)
    login(staff, "rev")
    queue = staff.get("/staff/suggestions/")
    assert sug.ticket in queue.text
    other = TestClient(app)
    login(other, "kamarev")
    assert sug.ticket not in other.get("/staff/suggestions/").text
    assert other.get(f"/staff/suggestions/{sug.id}").status_code == 404
    page = staff.get(f"/staff/suggestions/{sug.id}")
    soup = parse(page)
    assert soup.find("input", attrs={"name": "phone"})["value"] == "046-873-9999"
    assert "taro@example.jp" in page.text  # the contact is for the reviewer
    tokens_ = CSRF.findall(page.text)
    form = {f["name"]: f.get("value", "") for f in soup.select("form")[1].select("input[name], select[name]")}
    form |= {f["name"]: (f.select_one("option[selected]") or f.select_one("option"))["value"]
             for f in soup.select("form")[1].select("select")}
    form |= {"csrf_token": tokens_[1], "phone": "046-873-9998", "note": "電話番号を直しました"}
    done = staff.post(f"/staff/suggestions/{sug.id}", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    with store.tx() as s:
        row = s.get(Suggestion, sug.id)
        cr = s.get(ChangeRequest, row.change_request_id)
        author = s.get(Account, cr.author_id)
    assert row.status == "accepted" and cr.status == "approved" and cr.publish_state == "queued"
    assert author.name == "public" and not author.active
    assert cr.changes == [{"field": "phone", "before": cr.changes[0]["before"], "after": "046-873-9998"}]
    status = public.get(status_url.split("?")[0])
    assert "採用しました" in status.text and "電話番号を直しました" in status.text
    # the publisher writes the source line naming the 受付番号
    from tsunagu.staff import csvstore
    from tsunagu.staff.publisher import Publisher
    pub = Publisher(store, web[2], {"zushi": "逗子市"})
    pub._apply_all()
    row_after = csvstore.find_row(web[2].data_dir, "zushi", SALON)[1]
    assert f"supplied:一般からの情報（{sug.ticket}）（" in row_after["source"] and row_after["phone"] == "046-873-9998"
    assert "taro@example.jp" not in str(row_after)
    with store.tx() as s:
        s.get(ChangeRequest, cr.id).publish_state = "live"  # not built here: the browser test builds for real


def test_a_private_home_salon_is_flagged_and_accepted_town_only(web):
    app, store, _ = web
    app.state.suggest.limiter._hits.clear()
    public = TestClient(app)
    r = send(public, "/zushi/suggest", {"name": "ひまわりサロン", "place_type": "home", "place": "",
                                        "town": "桜山二丁目3番5号", "when": "毎月第1水曜 10:00〜12:00",
                                        "organiser": "鈴木花子", "note": ""})
    assert r.status_code == 303
    sug = latest(store)
    assert {f for f, _ in sug.flags} >= {"town", "organiser"}
    staff = TestClient(app)
    login(staff, "rev")
    page = staff.get(f"/staff/suggestions/{sug.id}")
    assert "個人情報かもしれないもの" in page.text
    soup = parse(page)
    form = {f["name"]: f.get("value", "") for f in soup.select("form")[1].select("input[name]")}
    form |= {"csrf_token": CSRF.findall(page.text)[1], "town": "桜山二丁目", "description": "",
             "address": "逗子市桜山2-3-5", "kind": "salon", "location_public": "true"}
    done = staff.post(f"/staff/suggestions/{sug.id}", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    with store.tx() as s:
        cr = s.get(ChangeRequest, s.get(Suggestion, sug.id).change_request_id)
    after = {c["field"]: c["after"] for c in cr.changes}
    assert after["location_public"] == "false" and not after.get("address") and after["town"] == "桜山二丁目"
    with store.tx() as s:
        s.get(ChangeRequest, cr.id).publish_state = "live"


def test_not_used_and_spam_blocks_the_pattern(web):
    app, store, _ = web
    app.state.suggest.limiter._hits.clear()
    public = TestClient(app)
    spam = {"name": "激安サプリ", "place_type": "venue", "place": "https://cheap.example.com/buy", "note": "今すぐ"}
    r = send(public, "/zushi/suggest", spam)
    status_url = r.headers["location"].split("?")[0]
    sug = latest(store)
    staff = TestClient(app)
    login(staff, "rev")
    page = staff.get(f"/staff/suggestions/{sug.id}")
    r = staff.post(f"/staff/suggestions/{sug.id}", data={"csrf_token": CSRF.findall(page.text)[3], "decision": "spam"},
                   follow_redirects=False)
    assert r.status_code == 303
    with store.tx() as s:
        kinds = {b.kind for b in s.scalars(sa.select(SuggestionBlock).where(SuggestionBlock.suggestion_id == sug.id))}
    assert kinds == {"text", "host", "client"}
    assert "採用しませんでした" in public.get(status_url).text
    before = count(store)
    again = send(TestClient(app), "/kamakura/suggest", {**spam, "name": "別の名前", "place": "http://cheap.example.com/"})
    assert again.status_code == 429 and "受け付けられません" in again.text
    assert count(store) == before
    page = staff.get(f"/staff/suggestions/{sug.id}")
    assert staff.post(f"/staff/suggestions/{sug.id}", data={"csrf_token": CSRF.findall(page.text)[2] if len(CSRF.findall(page.text)) > 2 else CSRF.findall(page.text)[0],
                                                             "decision": "not_used"}).status_code == 409


def test_sender_contacts_are_deleted_90_days_after_resolution(web, monkeypatch):
    _app, store, s = web
    from tsunagu.cli import main
    from tsunagu.staff.models import utcnow
    with store.tx() as db:
        rows = list(db.scalars(sa.select(Suggestion).where(Suggestion.contact != "")))
        assert rows
        for i, row in enumerate(rows):
            row.resolved_at = utcnow() - timedelta(days=91 if i == 0 else 89)
            if i > 1:
                row.resolved_at = None
        old, recent = rows[0].id, rows[1].id if len(rows) > 1 else None
    monkeypatch.setenv("TSUNAGU_DATA_DIR", str(s.data_dir))
    monkeypatch.setenv("TSUNAGU_VAR_DIR", str(s.var_dir))
    assert main(["suggest", "purge-contacts"]) == 0
    with store.tx() as db:
        assert db.get(Suggestion, old).contact == "" and db.get(Suggestion, old).contact_deleted_at is not None
        if recent:
            assert db.get(Suggestion, recent).contact != ""
