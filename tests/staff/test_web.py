"""The staff console over HTTP: sign-in, sessions, CSRF, permissions and bad input (SQLite)."""
from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from web.html import assert_page_basics, parse

from tsunagu.site.pages.timefmt import jst
from tsunagu.staff import audit
from tsunagu.staff.models import ChangeRequest, StaffSession

from .conftest import PASSWORD, add

pytestmark = pytest.mark.bundled_data

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def web(settings, tmp_path_factory):
    """The app on the session's build, with a private data/ copy and SQLite database; no publisher thread.

    One app per module (loading a build takes seconds): tests count changes, never absolute totals.
    """
    from world import test_settings

    from tsunagu.site.app import create_app
    tmp = tmp_path_factory.mktemp("staff-web")
    s = test_settings(tmp, build_dir=settings.build_dir)
    app = create_app(s)
    store = app.state.staff.store
    for name, role, cities in (("ed", "editor", ("zushi",)), ("rev", "reviewer", ("zushi",)),
                               ("locky", "editor", ("zushi",)), ("kama", "editor", ("kamakura",))):
        add(store, name, role, cities=cities)
    yield app, store, s
    from tsunagu.staff import db
    db._stores.pop(db.database_url(s), None)
    store.engine.dispose()


def client(app, https=False) -> TestClient:
    return TestClient(app, base_url="https://testserver" if https else "http://testserver")


def tokens(response) -> list[str]:
    return TOKEN.findall(response.text)


def login(c: TestClient, name: str, password: str = PASSWORD, next_path: str = "/staff/"):
    page = c.get("/staff/login")
    return c.post("/staff/login", data={"csrf_token": tokens(page)[0], "name": name, "password": password,
                                        "next": next_path}, follow_redirects=False)


def audit_actions(store) -> list[str]:
    with store.tx() as s:
        return [e.action for e in reversed(audit.entries(s))]


def change_count(store) -> int:
    with store.tx() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(ChangeRequest))


def test_login_page_is_private_accessible_and_sets_a_safe_cookie(web):
    app, _store, _ = web
    for https in (False, True):
        r = client(app, https).get("/staff/login")
        assert r.status_code == 200
        assert r.headers["cache-control"] == "no-store" and "noindex" in r.headers["x-robots-tag"]
        soup = parse(r)
        assert_page_basics(soup)
        assert soup.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "path=/staff" in cookie
        assert ("secure" in cookie) == https


def test_sign_in_rotates_the_session_and_the_old_id_dies(web):
    app, store, _ = web
    c = client(app)
    c.get("/staff/login")
    before = c.cookies.get("tsunagu_staff")
    r = login(c, "ed")
    assert r.status_code == 303 and r.headers["location"] == "/staff/"
    after = c.cookies.get("tsunagu_staff")
    assert after and after != before
    thief = client(app)
    thief.cookies.set("tsunagu_staff", before)
    assert thief.get("/staff/").status_code == 401
    assert c.get("/staff/").status_code == 200
    assert audit_actions(store)[-1] == "login"


def test_wrong_password_and_lockout_are_refused_and_audited(web):
    app, store, _ = web
    c = client(app)
    r = login(c, "locky", "not the password")
    assert r.status_code == 401 and "名前かパスワードが違います" in r.text
    for _ in range(4):
        login(c, "locky", "not the password")
    r = login(c, "locky")
    assert r.status_code == 429 and "15 分間ログインできません" in r.text
    with store.tx() as s:
        failed = [e for e in audit.entries(s) if e.action == "login_failed" and e.actor == "locky"]
    assert len(failed) == 5 and all(e.ip == "testclient" for e in failed)


def test_an_expired_session_gets_the_login_form_with_a_reason(web):
    app, store, _ = web
    c = client(app)
    login(c, "ed")
    from tsunagu.staff.sessions import _digest
    with store.tx() as s:
        s.get(StaffSession, _digest(c.cookies.get("tsunagu_staff"))).last_seen -= timedelta(minutes=31)
    r = c.get("/staff/")
    assert r.status_code == 401 and "一定時間操作がなかったため" in r.text
    assert audit_actions(store)[-1] == "session_expired"


def test_forms_without_or_with_a_used_csrf_token_are_refused(web):
    app, store, _s = web
    c = client(app)
    login(c, "ed")
    start = change_count(store)
    page = c.get("/staff/zushi/records/zushi-salon-02")
    version = re.search(r'name="version" value="([^"]+)"', page.text).group(1)
    form = {"version": version, "phone": "046-873-1111"}
    r = c.post("/staff/zushi/records/zushi-salon-02", data=form)
    assert r.status_code == 403 and "確認用の値がありません" in r.text
    good = {**form, "csrf_token": tokens(page)[1]}
    assert c.post("/staff/zushi/records/zushi-salon-02", data=good, follow_redirects=False).status_code == 303
    r = c.post("/staff/zushi/records/zushi-salon-02", data=good)
    assert r.status_code == 403 and "もう送信されています" in r.text
    assert change_count(store) == start + 1
    assert audit_actions(store)[-3:] == ["csrf_refused", "change_proposed", "csrf_refused"]


def test_an_editor_cannot_open_or_post_another_citys_record(web):
    app, store, _ = web
    c = client(app)
    login(c, "ed")
    assert c.get("/staff/kamakura/records/kamakura-desk-kurashi").status_code == 403
    page = c.get("/staff/")
    r = c.post("/staff/kamakura/new", data={"csrf_token": tokens(page)[0], "name": "x", "kind": "salon"})
    assert r.status_code == 403 and "鎌倉市の記録は扱えません" in r.text
    assert audit_actions(store)[-1] == "forbidden_city"
    links = [a["href"] for a in parse(page).select("table a")]
    assert links and all(h.startswith("/staff/zushi/records/") for h in links)


@pytest.mark.parametrize("field, value, message", [
    ("phone", "000-0000-0000x", "電話番号「000-0000-0000x」の形が違います"),
    ("schedule", "毎週\x07火曜", "制御文字は使えません"),
    ("address", "鎌倉市御成町18-10", "鎌倉市の住所です"),
    ("schedule", "第9火曜", "第9週はありません"),
])
def test_bad_values_get_an_error_summary_and_nothing_is_stored(web, field, value, message):
    app, store, _ = web
    c = client(app)
    login(c, "ed")
    start = change_count(store)
    page = c.get("/staff/zushi/records/zushi-salon-02")
    version = re.search(r'name="version" value="([^"]+)"', page.text).group(1)
    r = c.post("/staff/zushi/records/zushi-salon-02", data={"csrf_token": tokens(page)[1], "version": version, field: value})
    assert r.status_code == 400
    soup = parse(r)
    assert_page_basics(soup)
    link = soup.select_one(".error-summary a")
    assert message in link.get_text() and link["href"] == f"#f-{field}"
    assert soup.select_one(".error-summary").has_attr("autofocus"), "the summary takes focus (issue 28.8)"
    assert soup.find(id=f"f-{field}")["aria-invalid"] == "true"
    assert change_count(store) == start and audit_actions(store)[-1] == "change_invalid"


def test_a_ten_megabyte_field_is_refused_before_it_is_read(web):
    app, store, _ = web
    c = client(app)
    login(c, "ed")
    start = change_count(store)
    body = b"csrf_token=x&description=" + b"a" * (10 * 1024 * 1024)
    r = c.post("/staff/zushi/records/zushi-salon-02", content=body,
               headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413 and "大きすぎます" in r.text and "何も保存していません" in r.text
    assert change_count(store) == start and audit_actions(store)[-1] == "request_too_large"


def test_a_reviewer_cannot_approve_their_own_change_over_http(web):
    app, store, _ = web
    c = client(app)
    login(c, "rev")
    page = c.get("/staff/zushi/records/zushi-salon-02")
    version = re.search(r'name="version" value="([^"]+)"', page.text).group(1)
    r = c.post("/staff/zushi/records/zushi-salon-02", data={"csrf_token": tokens(page)[1], "version": version,
                                                            "phone": "046-873-1111"}, follow_redirects=False)
    review = c.get(r.headers["location"])
    assert "承認して公開する" not in review.text and "ほかの確認者が確認します" in review.text
    r = c.post(r.headers["location"], data={"csrf_token": tokens(review)[0], "decision": "approve"})
    assert r.status_code == 403 and "自分が出した変更は承認" in r.text
    cr_id = int(review.url.path.rsplit("/", 1)[1])
    with store.tx() as s:
        cr = s.get(ChangeRequest, cr_id)
        assert cr.status == "pending"
        created = cr.created_at
    # Staff read times in Japan time (stored in UTC): issue 28.8.
    assert f"{jst(created)}（日本時間）" in review.text and "UTC" not in review.text


def test_next_never_leaves_the_console_and_logout_ends_the_session(web):
    app, _store, _ = web
    c = client(app)
    r = login(c, "ed", next_path="https://evil.example/")
    assert r.headers["location"] == "/staff/"
    page = c.get("/staff/")
    r = c.post("/staff/logout", data={"csrf_token": tokens(page)[0]}, follow_redirects=False)
    assert r.status_code == 303 and c.get("/staff/").status_code == 401


def test_public_pages_answer_while_a_sign_in_checks_its_password(web, monkeypatch):
    """argon2 takes tens of ms on purpose; it must not stall every visitor's page meanwhile."""
    import asyncio
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from tsunagu.staff import accounts
    app, _, _ = web
    checking, release, checked = threading.Event(), threading.Event(), threading.Event()
    real_verify = accounts.verify

    def held_verify(*args):
        checking.set()
        release.wait(3)  # on the event loop this would hold every request for the whole 3 s
        checked.set()
        return real_verify(*args)

    monkeypatch.setattr(accounts, "verify", held_verify)

    async def scenario():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
            page = await c.get("/staff/login")
            sign_in = asyncio.create_task(c.post("/staff/login", data={
                "csrf_token": tokens(page)[0], "name": "ed", "password": PASSWORD, "next": "/staff/"}))
            while not checking.is_set():
                await asyncio.sleep(0.005)
            home = await c.get("/zushi/")
            answered_during_check = not checked.is_set()
            release.set()
            return home, answered_during_check, await sign_in

    # In a thread of its own: the browser tests' Playwright may leave an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        home, answered_during_check, signed_in = pool.submit(asyncio.run, scenario()).result(timeout=60)
    assert home.status_code == 200 and "逗子市" in home.text
    assert answered_during_check, "the page waited for the password check"
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/staff/"


NEW_PASSWORD = "a longer sentence nobody else uses"
FRESH_NAMES = itertools.count(1)


def change_password(c: TestClient, current: str, new: str, confirm: str | None = None):
    page = c.get("/staff/password")
    assert page.status_code == 200
    return c.post("/staff/password", data={"csrf_token": tokens(page)[1], "current": current, "new": new,
                                           "confirm": new if confirm is None else confirm}, follow_redirects=False)


def test_a_password_change_ends_every_other_sign_in(web):
    app, store, _ = web
    add(store, "pwa", "editor")
    c, other_device = client(app), client(app)
    login(c, "pwa")
    login(other_device, "pwa")
    before = c.cookies.get("tsunagu_staff")
    r = change_password(c, PASSWORD, NEW_PASSWORD)
    assert r.status_code == 303 and r.headers["location"] == "/staff/password?done=1"
    assert c.cookies.get("tsunagu_staff") not in (None, before)  # a new session id for the person who changed it
    done = c.get(r.headers["location"])
    assert done.status_code == 200 and "パスワードを変更しました" in done.text
    assert_page_basics(parse(done))
    assert other_device.get("/staff/").status_code == 401
    assert login(client(app), "pwa").status_code == 401  # the old password
    assert login(client(app), "pwa", NEW_PASSWORD).status_code == 303
    assert "password_change" in audit_actions(store)


@pytest.mark.parametrize("current,new,confirm,field,message", [
    ("not my password", NEW_PASSWORD, NEW_PASSWORD, "pw-current", "今のパスワードが違います"),
    ("", NEW_PASSWORD, NEW_PASSWORD, "pw-current", "今のパスワードを入力してください"),
    (PASSWORD, "short", "short", "pw-new", "12 文字以上"),
    (PASSWORD, "x" * 129, "x" * 129, "pw-new", "128 文字以内"),
    (PASSWORD, PASSWORD, PASSWORD, "pw-new", "今のパスワードとは違うもの"),
    (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!", "pw-confirm", "新しいパスワードと同じもの"),
])
def test_a_refused_password_change_says_which_field_and_changes_nothing(web, current, new, confirm, field, message):
    app, store, _ = web
    name = f"pwb{next(FRESH_NAMES)}"  # an account of its own per case (the app lives for the module)
    add(store, name, "editor")
    c = client(app)
    login(c, name)
    r = change_password(c, current, new, confirm)
    assert r.status_code == 400 and message in r.text
    soup = parse(r)
    assert soup.title.text.startswith("エラー:")
    assert soup.select_one(f".error-summary a[href='#{field}']") is not None
    assert soup.select_one(f"#{field}")["aria-invalid"] == "true"
    assert all(not i.get("value") for i in soup.select("input[type=password]"))  # never sent back
    assert c.get("/staff/").status_code == 200  # still signed in
    assert login(client(app), name).status_code == 303  # the password is unchanged


def test_a_password_change_needs_its_form_token_and_a_sign_in(web):
    app, store, _ = web
    add(store, "pwc", "editor")
    signed_out = client(app).get("/staff/password")
    assert signed_out.status_code == 401 and "ログインしてください" in signed_out.text
    c = client(app)
    login(c, "pwc")
    r = c.post("/staff/password", data={"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert r.status_code == 403 and "何も保存していません" in r.text
    assert login(client(app), "pwc").status_code == 303


def test_guessing_the_current_password_signs_out_and_locks_the_name(web):
    app, store, _ = web
    add(store, "pwd", "editor")
    c = client(app)
    login(c, "pwd")
    for _ in range(4):
        assert change_password(c, "a wrong guess", NEW_PASSWORD).status_code == 400
    r = change_password(c, "a wrong guess", NEW_PASSWORD)
    assert r.status_code == 303 and r.headers["location"] == "/staff/login?reason=locked"
    assert "続けて間違えたため" in c.get(r.headers["location"]).text
    assert c.get("/staff/").status_code == 401
    assert login(client(app), "pwd").status_code == 429  # locked for 15 minutes, as after wrong sign-ins
    from tsunagu.staff import accounts
    with store.tx() as s:
        accounts.reset_password(s, "pwd", NEW_PASSWORD)  # what `tsunagu staff reset-password` does
    assert login(client(app), "pwd", NEW_PASSWORD).status_code == 303
    assert audit_actions(store)[-2:] == ["password_reset", "login"]


def test_staff_see_what_residents_could_not_find_in_their_own_cities_only(web):
    app, _, _ = web
    public = client(app)
    for q in ("ぴよぴよぷー", "ピヨピヨプー", "ぽにょぽにょ0468731234"):
        assert public.get("/zushi/search", params={"q": q}).status_code == 200
    public.get("/kamakura/search", params={"q": "もぐもぐぱふぇ"})
    public.get("/zushi/search", params={"q": "サロン"})  # found: not a gap
    assert client(app).get("/staff/gaps").status_code == 401
    c = client(app)
    login(c, "ed")  # zushi only
    r = c.get("/staff/gaps")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    soup = parse(r)
    assert_page_basics(soup)
    rows = [[cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])] for tr in soup.select("tbody tr")]
    assert [row[:3] for row in rows] == [["ぴよぴよぷ", "逗子市", "2"], ["ぽによぽによ#", "逗子市", "1"]]  # digits masked
    assert soup.select_one("tbody a")["href"] == "/zushi/search?q=%E3%81%B4%E3%82%88%E3%81%B4%E3%82%88%E3%81%B7"
    assert "もぐもぐ" not in c.get("/staff/gaps", params={"city": "kamakura"}).text  # not one of ed's cities
    kama = client(app)
    login(kama, "kama")
    assert [tr.th.get_text(strip=True) for tr in parse(kama.get("/staff/gaps")).select("tbody tr")] == ["もぐもぐぱふえ"]


@pytest.mark.parametrize("name,guessable", [("pwe1", "passwordpassword"), ("pwe2", "123456789012"),
                                            ("pwe3", "qwertyuiopasdf"), ("pwe4", "pwe4-pwe4-pwe4")])
def test_a_common_or_guessable_password_is_refused(web, name, guessable):
    """ASVS 2.1.7: breached and common passwords, keyboard runs and the account's own name."""
    app, store, _ = web
    add(store, name, "editor")
    c = client(app)
    login(c, name)
    r = change_password(c, PASSWORD, guessable)
    assert r.status_code == 400 and "推測されやすいため使えません" in r.text
    assert parse(r).select_one(".error-summary a[href='#pw-new']") is not None
    assert login(client(app), name).status_code == 303  # unchanged
