"""axe-core (WCAG 2.0/2.1 A and AA rules) on every page type, in a real browser: 0 violations."""
from __future__ import annotations

import pytest

from .helpers import PAGES, format_violations, goto, page_path, run_axe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]


def check_page(axe_page, axe_summary, name: str, path: str, status: int, media: str = "screen") -> dict:
    axe_page.emulate_media(media=media)
    response = goto(axe_page, path, status)
    title = axe_page.title()
    result = run_axe(axe_page)
    screenshot(axe_page, name)
    axe_summary(name, {"path": path, "media": media, "status": response.status, "title": title,
                       "violations": len(result["violations"]),
                       "violation_ids": [v["id"] for v in result["violations"]],
                       "incomplete": len(result["incomplete"]), "incomplete_ids": result["incomplete"],
                       "passes": result["passes"], "axe": result["version"]})
    assert not result["violations"], (
        f"axe found {len(result['violations'])} WCAG A/AA violation(s) on {name} ({path}):\n"
        + format_violations(result["violations"]))
    return result


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(axe_page, axe_summary, desk_id, name):
    status = PAGES[name][1]
    check_page(axe_page, axe_summary, name, page_path(name, desk_id), status)
    if name == "desk-error":
        assert axe_page.title().startswith("エラー:")
        assert axe_page.locator(".error-summary").is_visible()
    if name in ("desk-matched", "desk-ambiguous"):  # the title announces the answer
        assert axe_page.title().startswith(axe_page.locator("#answer-heading").inner_text().strip())
    if name == "not-found":
        assert "見つかりません" in axe_page.locator("h1").inner_text()


def test_area_guide_in_print_media_has_no_axe_violations_and_prints_the_guide_only(axe_page, axe_summary, artifacts):
    path = PAGES["area-guide"][0]
    check_page(axe_page, axe_summary, "area-guide-print", path, 200, media="print")
    for chrome in (".site-header", ".site-footer", ".skip-link", ".print-actions", ".breadcrumbs"):
        loc = axe_page.locator(chrome)
        assert loc.count() == 0 or not loc.first.is_visible(), f"{chrome} is printed"
    assert axe_page.locator("h1").is_visible()
    assert axe_page.locator(".sheet-front .sheet-lines li").first.is_visible()
    # The browser's own print of the page, kept for review next to the server's PDF.
    pdf = axe_page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    (artifacts / "area-guide-browser-print.pdf").write_bytes(pdf)
    axe_page.emulate_media(media="screen")


@pytest.mark.parametrize("media", ["screen", "print"])
def test_numbered_items_show_one_number_only(page, media):
    """Items carry their map number in a circle; the list must not add a second, different number
    (「1.」 beside ②) that an elderly reader would have to reconcile with the map."""
    page.emulate_media(media=media)
    for path in (PAGES["area-guide"][0], PAGES["search-results"][0]):
        goto(page, path)
        doubled = page.evaluate("""() => [...document.querySelectorAll("ol")]
            .filter(ol => ol.querySelector(".list-number") && getComputedStyle(ol).listStyleType !== "none")
            .map(ol => ol.className)""")
        assert not doubled, f"{path} ({media}): lists number their items twice: {doubled}"
