"""Printing a result list (issue 28): Ctrl+P on the search or near page prints the heading, the list and
each entry's facts, not the search form, its filters, the site's menus or the page links."""
from __future__ import annotations

import unicodedata
from urllib.parse import quote

import pytest

from tsunagu.guides.pdfinfo import read_pdf

from .helpers import SCREENSHOTS, goto

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]

A4 = {"width": 794, "height": 1123}  # CSS pixels of an A4 page
RESULTS = {
    "search": "/zushi/search?q=" + quote("サロン"),
    "search-filtered": "/zushi/search?kind=salon&page=2",  # filters open, pagination
    "search-understood": "/zushi/search?q=" + quote("久木でもの忘れの相談"),  # the need's desk, with its address box
    "near": "/zushi/near?address=" + quote("逗子5丁目"),
}
NOT_PRINTED = (".site-header", ".site-nav", ".site-footer", ".breadcrumbs", ".skip-link", "main form", ".facets",
               ".pagination", ".map-section", ".skip-map")
# Chromium's PDF text carries some characters as look-alikes (⽊ for 木, ‧ for ・): NFKC and these mend it.
LOOK_ALIKES = str.maketrans({"‧": "・", "⻄": "西"})
FORM_WORDS = ("さがしたいことば", "しぼりこむ", "近い順にさがす", "または駅から", "窓口をさがす")


@pytest.mark.parametrize("name", list(RESULTS))
def test_a_printed_result_list_is_its_heading_list_and_facts(page, name):
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    goto(page, RESULTS[name])
    for selector in NOT_PRINTED:
        shown = [i for i in range(page.locator(selector).count()) if page.locator(selector).nth(i).is_visible()]
        assert not shown, f"{name}: {selector} is printed"
    assert page.locator("h1").is_visible()
    first = page.locator(".resource-item").first
    assert first.is_visible() and first.locator(".resource-facts").is_visible()
    # The list starts on the first sheet, not after a page of form.
    assert first.bounding_box()["y"] < A4["height"] * 0.5, f"{name}: the list starts at {first.bounding_box()['y']}px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"print-results-{name}.png"))
    pdf = read_pdf(page.pdf(format="A4", print_background=True))
    pages = [unicodedata.normalize("NFKC", t).translate(LOOK_ALIKES) for t in pdf.text]
    flat = "".join("".join(pages).split())
    assert "".join(page.locator("h1").inner_text().split()) in "".join(pages[0].split())
    assert not [w for w in FORM_WORDS if w in flat], f"{name}: the form is in the printout"
    page.emulate_media(media="screen")


def test_the_form_is_still_there_on_screen(page):
    page.set_viewport_size(A4)
    page.emulate_media(media="screen")
    goto(page, RESULTS["search"])
    assert page.locator("main form").first.is_visible() and page.locator(".site-header").is_visible()
