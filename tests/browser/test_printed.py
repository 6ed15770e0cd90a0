"""Printed sheets in a real browser: the print view shows the sheet only, both sides, with its QR
code; screenshots of each side for review (tests/artifacts/screenshots/print-*.png)."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tsunagu.guides.pdfinfo import read_pdf

from .helpers import SCREENSHOTS, goto

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]

GUIDES = {"zushi-kotsubo": "/zushi/areas/kotsubo", "nagano-all": "/nagano/areas/all"}
PERSONAL = "/zushi/sheet?address=" + quote("新宿4丁目2番35号") + "&need=" + quote("高齢")
A4 = {"width": 794, "height": 1123}  # CSS pixels of an A4 page, so screenshots look like the print
CHROME = (".site-header", ".site-footer", ".skip-link", ".print-actions", ".breadcrumbs", "main form")


def printed_only(page) -> None:
    for chrome in CHROME:
        loc = page.locator(chrome)
        assert loc.count() == 0 or not loc.first.is_visible(), f"{chrome} is printed"
    qr = page.locator(".sheet-qr")
    assert qr.is_visible() and page.evaluate("(img) => img.naturalWidth > 0", qr.element_handle())


@pytest.mark.parametrize("name", list(GUIDES))
def test_guide_prints_both_sides_and_screenshots_them(page, name):
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    goto(page, GUIDES[name])
    printed_only(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for side, selector in (("side1", ".sheet-front"), ("side2", ".sheet-back")):
        loc = page.locator(selector)
        assert loc.is_visible()
        loc.screenshot(path=str(SCREENSHOTS / f"print-{name}-{side}.png"))
    # Side 2 starts a new page when printed, and the browser's print is the same one sheet as the PDF.
    assert page.evaluate("() => getComputedStyle(document.querySelector('.sheet-back')).breakBefore") == "page"
    assert read_pdf(page.pdf(format="A4", print_background=True)).pages == 2
    page.emulate_media(media="screen")


def test_personal_sheet_prints_as_the_sheet_only(page):
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    goto(page, PERSONAL)
    printed_only(page)
    assert page.locator(".memo-box").is_visible()
    page.locator("article.sheet").screenshot(path=str(SCREENSHOTS / "print-personal-sheet.png"))
    pdf = page.pdf(format="A4", print_background=True)  # the browser's own print: one page too
    assert read_pdf(pdf).pages == 1
    page.emulate_media(media="screen")


def test_personal_sheet_form_works_by_keyboard(page):
    goto(page, "/zushi/sheet")
    page.locator("#address").focus()
    page.keyboard.type("逗子5丁目")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first need: 高齢
    page.locator("#address").press("Enter")
    page.wait_for_load_state()
    assert "need=%E9%AB%98%E9%BD%A2" in page.url
    assert page.locator(".sheet-desk").first.is_visible()


def test_personal_sheet_size_is_chosen_by_keyboard_and_prints_large(page):
    """文字の大きさ (issue 28): radios in a labelled group; arrow keys choose, the form sends it, no script."""
    goto(page, "/zushi/sheet")
    page.locator("#address").fill("逗子5丁目")
    page.locator("#size").focus()  # ふつう, chosen by default
    page.keyboard.press("ArrowRight")
    assert page.locator("#size-large").is_checked()
    assert page.evaluate("() => document.activeElement.id") == "size-large"
    assert page.get_by_role("radio", name="大きい").is_checked()
    assert page.get_by_role("group", name="文字の大きさ").is_visible()
    page.keyboard.press("Tab")  # on to the submit button
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"size=large"))
    assert page.locator("article.sheet-personal.sheet-large").is_visible()
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    printed_only(page)
    page.locator("article.sheet").screenshot(path=str(SCREENSHOTS / "print-personal-sheet-large.png"))
    assert read_pdf(page.pdf(format="A4", print_background=True)).pages <= 2
    page.emulate_media(media="screen")
