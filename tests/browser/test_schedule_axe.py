"""The schedule block and the 曜日・今週・午前午後 filters in a real browser: axe 0 violations, keyboard, no JS.

The bundled plans print no schedule that can be read, so this serves its own copy of the build in
which a few 逗子 salons have schedules (same approach as tests/web/test_schedule_pages.py).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from .helpers import DESKTOP, format_violations, goto, run_axe, served

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]

SCHEDULES = {
    "zushi-salon-01": "毎週月曜 10:00〜12:00 祝日は休み",
    "zushi-salon-02": "第2・4木曜 13:30〜15:30",
    "zushi-salon-05": "第2土曜（夏休みあり）",
    "zushi-salon-09": "毎日 9:00〜11:00",
}
PAGES = {
    "resource-schedule": "/zushi/resources/zushi-salon-02",
    "resource-schedule-partial": "/zushi/resources/zushi-salon-05",
    "search-when-filters": "/zushi/search?kind=salon&week=1&ampm=am",
    "near-when-filters": "/zushi/near?day=th&address=" + quote("逗子5丁目"),
}


@pytest.fixture(scope="module")
def sched_url(settings, tmp_path_factory):
    from world import test_settings

    from tsunagu.site.app import create_app
    root = tmp_path_factory.mktemp("schedbrowser")
    build = root / "builds" / "b1"
    shutil.copytree(settings.current_build.resolve(), build)
    (root / "current").symlink_to(Path("builds") / "b1")
    records = json.loads((build / "records.json").read_text(encoding="utf-8"))
    for r in records["resources"]:
        r["schedule"] = SCHEDULES.get(r["id"], r["schedule"])
    (build / "records.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    app = create_app(test_settings(root, data_dir=settings.data_dir, build_dir=root, tile_url=""))
    with served(app, timeout=30) as url:
        yield url


@pytest.fixture(scope="module")
def sched_context(browser, sched_url):
    ctx = browser.new_context(base_url=sched_url, viewport=DESKTOP, locale="ja-JP", bypass_csp=True)
    ctx.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
              else route.abort("internetdisconnected"))
    yield ctx
    ctx.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_schedule_pages_have_no_axe_violations(sched_context, name):
    page = sched_context.new_page()
    try:
        goto(page, PAGES[name])
        result = run_axe(page)
        assert not result["violations"], format_violations(result["violations"])
    finally:
        page.close()


def test_when_filters_work_by_keyboard_without_javascript(browser, sched_url):
    ctx = browser.new_context(base_url=sched_url, viewport=DESKTOP, locale="ja-JP", java_script_enabled=False)
    page = ctx.new_page()
    try:
        goto(page, "/zushi/search?kind=salon&day=th")  # a filter in the URL opens the panel
        page.focus("#when-day")
        page.keyboard.press("Home")  # すべて
        page.focus("#when-week")
        page.keyboard.press("Space")
        assert page.is_checked("#when-week")
        page.focus("#when-ampm")
        page.select_option("#when-ampm", "am")
        page.keyboard.press("Tab")  # the next stop is the panel's submit button
        assert page.evaluate("document.activeElement.textContent").strip() == "しぼりこむ"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "week=1" in page.url and "ampm=am" in page.url and "day=&" in page.url
        names = page.locator("li.resource-item h3 a").all_inner_texts()
        assert "ふれあいサロン新宿" in names  # 毎日 9:00〜11:00 opens this week, in the morning
    finally:
        ctx.close()
