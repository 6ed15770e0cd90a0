"""The staff console in a real browser: axe on every staff page type, keyboard-only sign-in, and the
whole flow without JavaScript — an editor changes a salon's phone, a reviewer approves, and the public
page shows the new number from the running server (hot reload, no restart)."""
from __future__ import annotations

import json
import re
import time

import httpx
import pytest
from playwright.sync_api import expect

from .helpers import DESKTOP, copy_site, format_violations, run_axe, screenshot, served

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]
PASSWORD = "correct horse battery staple"
SALON = "zushi-salon-02"
NEW_PHONE = "046-873-5555"


@pytest.fixture(scope="module")
def staff_site(settings, tmp_path_factory):
    """A served app of its own: a copy of data/ and of the current build, its own database and publisher."""
    from tsunagu.site.app import create_app
    from tsunagu.staff import accounts
    s = copy_site(settings, tmp_path_factory.mktemp("staff-site"))
    app = create_app(s)
    store = app.state.staff.store
    with store.tx() as db:
        for name, role in (("ed", "editor"), ("rev", "reviewer")):
            accounts.add_account(db, name, PASSWORD, role, ["zushi"], "逗子市社会福祉協議会", {"zushi", "kamakura"})
    with served(app) as url:
        yield url, s
    app.state.staff.publisher.stop()


@pytest.fixture(scope="module")
def staff_browser(browser):
    """The session's chromium (one Playwright per process)."""
    return browser


def new_page(browser, url, **kw):
    ctx = browser.new_context(base_url=url, viewport=DESKTOP, locale="ja-JP", **kw)
    ctx.set_default_timeout(20_000)
    ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
              else route.abort("internetdisconnected"))
    return ctx.new_page()


def sign_in(page, name: str) -> None:
    page.goto("/staff/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/")


def assert_no_axe_violations(page, name: str) -> None:
    result = run_axe(page)
    screenshot(page, f"staff-{name}")
    assert not result["violations"], f"axe on {name} ({page.url}):\n" + format_violations(result["violations"])


def test_staff_pages_have_no_axe_violations(staff_site, staff_browser):
    url, _ = staff_site
    page = new_page(staff_browser, url, bypass_csp=True)
    response = page.goto("/staff/login")
    assert response.status == 200
    assert_no_axe_violations(page, "login")
    sign_in(page, "ed")
    assert_no_axe_violations(page, "console")
    page.goto("/staff/?kind=salon&stale=1&missing=phone")
    assert page.locator("table tbody tr").count() > 0
    assert_no_axe_violations(page, "console-filtered")
    page.goto("/staff/?q=ぴよぴよぷー")  # a name that finds nothing: the message and the way back
    expect(page.get_by_role("link", name="名前の条件を外して一覧にもどる")).to_be_visible()
    assert_no_axe_violations(page, "console-no-name")
    httpx.get(f"{url}/zushi/search", params={"q": "ぴよぴよぷー"})  # a search that finds nothing
    page.goto("/staff/gaps")
    assert page.locator("table tbody tr").count() >= 1
    assert_no_axe_violations(page, "gaps")
    page.goto(f"/staff/zushi/records/{SALON}")
    page.fill("#f-phone", "000-0000-0000x")
    page.get_by_role("button", name="変更依頼として保存する").click()
    expect(page).to_have_title(re.compile("^エラー:"))
    assert page.locator(".error-summary a[href='#f-phone']").is_visible()
    assert_no_axe_violations(page, "edit-errors")
    page.select_option("#f-district", "")  # a salon cannot be city-wide: the 地区 select in its error state
    page.get_by_role("button", name="変更依頼として保存する").click()
    assert page.locator(".error-summary a[href='#f-district']").is_visible()
    assert_no_axe_violations(page, "edit-district-error")
    page.select_option("#f-district", "zushi")
    page.fill("#f-phone", "046-873-4444")
    page.get_by_role("button", name="変更依頼として保存する").click()
    page.wait_for_url(re.compile(r".*/staff/changes/\d+$"))
    change_url = page.url
    page.context.clear_cookies()
    sign_in(page, "rev")
    page.goto(change_url)
    assert page.locator("text=承認して公開する").is_visible()
    assert_no_axe_violations(page, "review")
    page.get_by_role("button", name="差し戻す").click()  # without a note: an error summary, then a real rejection
    expect(page.locator(".error-summary")).to_be_visible()  # waits for the answer page (is_visible does not)
    assert_no_axe_violations(page, "review-errors")
    page.fill("#note", "テストのため差し戻します")
    page.get_by_role("button", name="差し戻す").click()
    page.wait_for_load_state()
    expect(page.locator("text=差し戻し").first).to_be_visible()
    page.context.close()


def test_sign_in_with_the_keyboard_only(staff_site, staff_browser):
    url, _ = staff_site
    page = new_page(staff_browser, url)
    page.goto("/staff/login")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "name":
            break
    page.keyboard.type("ed")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    assert page.locator("h1").inner_text() == "記録の一覧"
    page.context.close()


def tab_to(page, element_id: str) -> None:
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def test_change_the_password_with_the_keyboard_only(staff_site, staff_browser):
    url, settings = staff_site
    from tsunagu.staff import accounts
    from tsunagu.staff.db import open_store
    with open_store(settings).tx() as db:
        accounts.add_account(db, "pw", PASSWORD, "editor", ["zushi"], "逗子市社会福祉協議会", {"zushi"})
    page = new_page(staff_browser, url, bypass_csp=True)  # lets axe's script in
    sign_in(page, "pw")
    page.get_by_role("link", name="パスワードの変更").focus()  # the staff menu's link, opened with Enter
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/password")
    assert_no_axe_violations(page, "password")
    tab_to(page, "pw-current")
    page.keyboard.type("not my password")
    page.keyboard.press("Tab")
    page.keyboard.type("a longer sentence nobody else uses")
    page.keyboard.press("Tab")
    page.keyboard.type("a longer sentence nobody else uses")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("エラー:")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")  # the summary takes focus
    assert_no_axe_violations(page, "password-errors")
    tab_to(page, "pw-current")
    page.keyboard.type(PASSWORD)
    for _ in range(2):
        page.keyboard.press("Tab")
        page.keyboard.type("a longer sentence nobody else uses")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/password?done=1")
    assert page.get_by_role("status").inner_text().startswith("パスワードを変更しました")
    page.context.close()


def test_edit_approve_and_see_it_live_without_javascript_or_restart(staff_site, staff_browser, artifacts):
    url, settings = staff_site
    before = httpx.get(f"{url}/healthz").json()["build"]
    editor = new_page(staff_browser, url, java_script_enabled=False)
    sign_in(editor, "ed")
    editor.goto(f"/staff/zushi/records/{SALON}")
    editor.fill("#f-phone", NEW_PHONE)
    editor.fill("#f-schedule", "毎月第2火曜 10:00〜12:00")
    editor.get_by_role("button", name="変更依頼として保存する").click()
    editor.wait_for_url(re.compile(r".*/staff/changes/\d+$"))
    assert editor.locator("ins", has_text=NEW_PHONE).is_visible()
    preview = editor.locator(".schedule-preview li")
    assert preview.count() == 4 and "（火）10:00〜12:00" in preview.first.inner_text()
    preview_first = preview.first.inner_text().split("（")[0]  # e.g. 12月8日
    change_url = editor.url
    reviewer = new_page(staff_browser, url, java_script_enabled=False)
    sign_in(reviewer, "rev")
    reviewer.goto(change_url)
    reviewer.fill("#note", "電話で確認しました")
    reviewer.get_by_role("button", name="承認して公開する").click()
    approved = time.monotonic()
    deadline = approved + 240
    while True:
        page = httpx.get(f"{url}/zushi/resources/{SALON}").text
        if NEW_PHONE in page:
            break
        assert time.monotonic() < deadline, "the approved phone number did not go live within 240 s"
        time.sleep(0.5)
    seconds = time.monotonic() - approved
    (artifacts / "staff-approval-to-live.json").write_text(json.dumps({"seconds": round(seconds, 1)}))
    after = httpx.get(f"{url}/healthz").json()["build"]
    assert after != before
    reviewer.goto(change_url)
    assert reviewer.locator(".publish-state", has_text="公開済み").is_visible()
    assert after in reviewer.locator(".publish-state").inner_text()
    assert "情報が古い可能性があります" not in page
    assert preview_first in page  # the next date, computed by the public page from the new schedule
    row = next(line for line in (settings.data_dir / "resources" / "zushi.csv").read_text(encoding="utf-8").splitlines()
               if line.startswith(SALON + ","))
    assert NEW_PHONE in row and "supplied:逗子市社会福祉協議会" in row
    editor.context.close()
    reviewer.context.close()


IMPORT_CSV = ("ふれあいサロン一覧（令和8年12月）\nサロン名,住所,開催日,時間,参加費\n"
              "しおさいサロン,逗子市逗子1-1-1,毎週水曜,10:00〜12:00,100円\n"
              "もみじの会,逗子市沼間1-1-1,第1・3金曜,13:30〜15:00,\n"
              "ためしの会,逗子市桜山1-1-1,毎月第2月曜,,\n").encode("cp932")


def test_import_a_list_leave_one_out_and_see_it_live_without_javascript(staff_site, staff_browser, artifacts):
    """Issue 24's walk: upload → preview → confirm; a reviewer leaves a row out with a reason and approves the
    rest; the public pages show the new salons with their next dates, without a restart; each row's state shows."""
    url, _ = staff_site
    editor = new_page(staff_browser, url, java_script_enabled=False)
    sign_in(editor, "ed")
    editor.get_by_role("link", name="一覧の取り込み").click()
    editor.set_input_files("#file", files=[{"name": "salons.csv", "mimeType": "text/csv", "buffer": IMPORT_CSV}])
    editor.get_by_role("button", name="内容を確かめる（まだ公開しません）").click()
    expect(editor.get_by_role("status")).to_have_text("新規 3 件、変更 0 件、変更なし 0 件、取り込めない 0 件")
    editor.get_by_role("button", name="この内容で確認に回す（まだ公開しません）").click()
    editor.wait_for_url(re.compile(r".*/staff/imports/\d+$"))
    batch_url = editor.url
    reviewer = new_page(staff_browser, url, java_script_enabled=False)
    sign_in(reviewer, "rev")
    reviewer.goto(batch_url)
    row = reviewer.locator("tbody tr", has_text="ためしの会")
    row.get_by_label("この行は外す").check()
    row.get_by_label("外す理由").fill("会場に確かめてから載せます")
    reviewer.get_by_role("button", name=re.compile("外した行のほかを承認する")).click()
    approved = time.monotonic()
    expect(reviewer.locator("tbody tr", has_text="ためしの会")).to_contain_text("会場に確かめてから載せます")
    def names(q: str) -> list[str]:
        return [r["name"] for r in httpx.get(f"{url}/api/v1/zushi/search", params={"q": q}).json()["results"]]

    while "しおさいサロン" not in names("しおさいサロン"):
        assert time.monotonic() < approved + 240, "the approved list did not go live within 240 s"
        time.sleep(0.5)
    (artifacts / "import-approval-to-live.json").write_text(json.dumps({"seconds": round(time.monotonic() - approved, 1)}))
    public = new_page(staff_browser, url, java_script_enabled=False)
    public.goto("/zushi/search?q=" + "しおさいサロン")
    public.locator(".resource-list a", has_text="しおさいサロン").first.click()
    expect(public.locator(".schedule-next")).to_contain_text("（水）")  # the next date, read from 毎週水曜
    assert "ためしの会" not in names("ためしの会") and "もみじの会" in names("もみじの会")
    reviewer.reload()
    expect(reviewer.locator("tbody tr", has_text="しおさいサロン")).to_contain_text("公開済み")
    expect(reviewer.locator("tbody tr", has_text="ためしの会")).to_contain_text("差し戻し")
    for p in (editor, reviewer, public):
        p.context.close()


def test_import_pages_have_no_axe_violations(staff_site, staff_browser):
    url, _ = staff_site
    page = new_page(staff_browser, url, bypass_csp=True)
    sign_in(page, "ed")
    page.goto("/staff/import")
    assert_no_axe_violations(page, "import")
    bad = "サロン名,住所,開催日\nいきいき体操,逗子市新宿4-2-35,第6火曜\n".encode()
    page.set_input_files("#file", files=[{"name": "x.csv", "mimeType": "text/csv", "buffer": bad}])
    page.get_by_role("button", name="内容を確かめる（まだ公開しません）").click()
    expect(page.locator(".error-summary")).to_contain_text("x.csv:2:C（開催日）")
    expect(page.locator(".error-summary")).to_be_focused()  # autofocus is applied after load: wait for it
    assert_no_axe_violations(page, "import-refused")
    page.goto("/staff/imports/")
    assert_no_axe_violations(page, "imports")
    page.context.close()


def test_the_builds_page_for_admins_has_no_axe_violations(staff_site, staff_browser):
    url, settings = staff_site
    from tsunagu.staff import accounts
    from tsunagu.staff.db import open_store
    with open_store(settings).tx() as db:
        accounts.add_account(db, "boss", PASSWORD, "admin", ["zushi"], "逗子市", {"zushi"})
    page = new_page(staff_browser, url, bypass_csp=True)
    sign_in(page, "boss")
    page.get_by_role("link", name="公開したビルド").click()
    expect(page.locator("h1")).to_have_text("公開したビルド")
    expect(page.locator("tbody tr").first).to_contain_text("公開中")
    assert_no_axe_violations(page, "builds")
    page.context.close()
