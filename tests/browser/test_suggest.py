"""Public suggestions in a real browser: axe on both forms, their error states and the receipt; 320 px;
and the whole path without JavaScript — a resident corrects a salon's phone, a reviewer accepts it, the
public page changes on the running server (hot reload) and the status URL says accepted."""
from __future__ import annotations

import json
import re
import time
from dataclasses import replace

import httpx
import pytest

from .helpers import DESKTOP, copy_site, format_violations, run_axe, screenshot, served

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]
PASSWORD = "correct horse battery staple"
SALON = "zushi-salon-02"
NEW_PHONE = "046-871-2345"


@pytest.fixture(scope="module")
def site(settings, tmp_path_factory):
    """A served app of its own: copies of data/ and the current build, its own database and publisher."""
    from tsunagu.site.app import create_app
    from tsunagu.staff import accounts
    s = replace(copy_site(settings, tmp_path_factory.mktemp("suggest-site")),
                suggest_min_fill_seconds=1)  # the browser types faster than a person
    app = create_app(s)
    with app.state.staff.store.tx() as db:
        accounts.add_account(db, "rev", PASSWORD, "reviewer", ["zushi"], "逗子市社会福祉協議会", {"zushi", "kamakura"})
    try:
        with served(app) as url:
            yield url, s
    finally:
        app.state.staff.publisher.stop()


def new_page(browser, url, **kw):
    kw.setdefault("viewport", DESKTOP)
    ctx = browser.new_context(base_url=url, locale="ja-JP", **kw)
    ctx.set_default_timeout(20_000)
    ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
              else route.abort("internetdisconnected"))
    return ctx.new_page()


def axe_clean(page, name: str) -> None:
    result = run_axe(page)
    screenshot(page, f"suggest-{name}")
    assert not result["violations"], f"axe on {name} ({page.url}):\n" + format_violations(result["violations"])


def wait_fill_time() -> None:
    time.sleep(1.2)


def test_forms_error_states_and_receipt_have_no_axe_violations(site, browser):
    url, _ = site
    page = new_page(browser, url, bypass_csp=True)
    page.goto(f"/zushi/resources/{SALON}")
    page.get_by_role("link", name="この情報の間違い・変更を知らせる").click()
    page.wait_for_url(f"**/zushi/resources/{SALON}/suggest")
    axe_clean(page, "correction")
    wait_fill_time()
    page.get_by_role("button", name="送る").click()
    assert page.title().startswith("エラー:")
    # `autofocus` is applied once the document has loaded, a moment after the navigation ends.
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('error-summary')",
                           timeout=10_000)  # raises (fails the test) if the summary never takes focus
    page.locator(".error-summary a[href='#s-facts']").click()  # 「少なくとも 1 つ」: focus goes to the group of facts
    page.wait_for_function("document.activeElement && document.activeElement.id === 's-facts'", timeout=10_000)
    axe_clean(page, "correction-errors")
    page.fill("#s-schedule", "第3火曜 13:30〜15:30 に変わりました（axe）")
    page.fill("#s-fee", "1回100円（axe）")  # several facts in one sending
    page.check("#s-how-joins")
    wait_fill_time()
    page.get_by_role("button", name="送る").click()
    page.wait_for_url(re.compile(r".*/suggest/status/[\w-]{32,}\?sent=1$"))
    assert page.locator("h1").inner_text() == "お知らせを受け付けました"
    assert re.search(r"\d{6}-\d{6}", page.locator(".receipt").inner_text())
    axe_clean(page, "receipt")
    page.goto("/zushi/")
    page.get_by_role("link", name="サロン・通いの場を知らせる").click()
    page.wait_for_url("**/zushi/suggest")
    axe_clean(page, "new-salon")
    wait_fill_time()
    page.get_by_role("button", name="送る").click()
    assert page.locator(".error-summary a[href='#s-name']").is_visible()
    assert page.locator(".error-summary a[href='#s-place_type']").is_visible()
    axe_clean(page, "new-salon-errors")
    page.goto("/staff/login")  # the reviewer's side: the queue, one suggestion beside its record, an error
    page.fill("#name", "rev")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/")
    page.goto("/staff/suggestions/")
    axe_clean(page, "review-queue")
    page.locator("table tbody a").first.click()
    assert page.locator("text=今の内容と公開する値").is_visible()
    axe_clean(page, "review")
    page.fill("#r-schedule", "第9火曜")  # refused by the same checks as `tsunagu check`
    page.get_by_role("button", name="採用して公開する").click()
    assert page.title().startswith("エラー:") and page.locator(".error-summary").is_visible()
    axe_clean(page, "review-errors")
    page.context.close()


def test_forms_reflow_at_320_px_and_work_by_keyboard(site, browser):
    url, _ = site
    page = new_page(browser, url, viewport={"width": 320, "height": 640})
    for path in (f"/zushi/resources/{SALON}/suggest", "/zushi/suggest"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, f"horizontal scroll at 320 px on {path}"
    page.goto("/zushi/suggest")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "s-name":
            break
    assert page.evaluate("document.activeElement.id") == "s-name"
    page.keyboard.type("キーボードのサロン")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "place_type"
    page.keyboard.press("ArrowDown")  # radios: arrows choose within the group
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "s-place"
    page.keyboard.type("桜山会館")
    wait_fill_time()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/suggest/status/.*sent=1$"))
    page.context.close()


def test_resident_correction_without_javascript_goes_live_after_acceptance(site, browser, artifacts):
    url, settings = site
    before = httpx.get(f"{url}/healthz").json()["build"]
    resident = new_page(browser, url, java_script_enabled=False)
    resident.goto(f"/zushi/resources/{SALON}")
    resident.get_by_role("link", name="この情報の間違い・変更を知らせる").click()
    resident.fill("#s-phone", NEW_PHONE)
    resident.check("#s-how-runs")
    resident.fill("#s-contact", "resident@example.jp")
    wait_fill_time()
    resident.get_by_role("button", name="送る").click()
    resident.wait_for_url(re.compile(r".*/suggest/status/.*sent=1$"))
    status_url = resident.url.split("?")[0]
    ticket = re.search(r"\d{6}-\d{6}", resident.locator(".receipt").inner_text())[0]
    assert "受け付けました" in resident.locator(".receipt").inner_text()

    reviewer = new_page(browser, url, java_script_enabled=False)
    reviewer.goto("/staff/login")
    reviewer.fill("#name", "rev")
    reviewer.fill("#password", PASSWORD)
    reviewer.click("button[type=submit]")
    reviewer.wait_for_url("**/staff/")
    reviewer.get_by_role("link", name="一般からの情報").click()
    reviewer.get_by_role("link", name=ticket).click()
    assert reviewer.locator("#r-phone").input_value() == NEW_PHONE
    assert reviewer.locator("text=resident@example.jp").is_visible()
    reviewer.fill("#r-note", "電話番号を直しました。ありがとうございました")
    reviewer.get_by_role("button", name="採用して公開する").click()
    accepted = time.monotonic()
    assert "採用しました" in reviewer.locator("main").inner_text(), reviewer.locator("main").inner_text()[:2000]
    deadline = accepted + 240
    while NEW_PHONE not in (page := httpx.get(f"{url}/zushi/resources/{SALON}").text):
        assert time.monotonic() < deadline, "the accepted phone number did not go live within 240 s"
        time.sleep(0.5)
    seconds = time.monotonic() - accepted
    (artifacts / "suggest-accept-to-live.json").write_text(json.dumps({"seconds": round(seconds, 1)}))
    assert httpx.get(f"{url}/healthz").json()["build"] != before
    assert "resident@example.jp" not in page
    resident.goto(status_url)
    text = resident.locator(".receipt").inner_text()
    assert "採用しました" in text and "公開しました" in text and "電話番号を直しました" in text
    row = next(line for line in (settings.data_dir / "resources" / "zushi.csv").read_text(encoding="utf-8").splitlines()
               if line.startswith(SALON + ","))
    assert NEW_PHONE in row and f"supplied:一般からの情報（{ticket}）" in row and "resident@example.jp" not in row
    resident.context.close()
    reviewer.context.close()
