"""Keyboard only (Tab and Enter, no mouse), with JavaScript on and off: the three tasks, the skip
link, visible focus at every stop, and a map that never traps focus."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from .helpers import PAGES, TABBABLES, assert_focus_visible, focus_info, goto, page_path, screenshot, tab_until

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]


@pytest.fixture(params=["js", "nojs"])
def kpage(request):
    """A page in the default context (JavaScript on, CSP enforced) or with JavaScript disabled."""
    p = request.getfixturevalue("page" if request.param == "js" else "nojs_page")
    p.mode = request.param
    return p


def test_find_a_desk_for_an_address(kpage):
    goto(kpage, "/zushi/desk")
    tab_until(kpage, lambda f: f["tag"] == "input" and f["id"] == "address", where="desk: to the address field")
    kpage.keyboard.type("新宿4丁目2番35号")
    tab_until(kpage, lambda f: f["tag"] == "button" and f.get("type") == "submit", max_tabs=5,
              where="desk: to the submit button")
    with kpage.expect_navigation():
        kpage.keyboard.press("Enter")
    assert re.search(r"/zushi/desk\?.*address=", kpage.url)
    heading = kpage.get_by_role("heading", level=2, name=re.compile("担当の窓口"))
    assert heading.is_visible()
    assert "西部地域包括支援センター" in heading.inner_text()
    # the new page's title, read first by a screen reader, says the answer too
    assert kpage.title().startswith(heading.inner_text().strip()), (kpage.title(), heading.inner_text())
    # in the accessibility tree, inside main, as a level-2 heading a screen reader can jump to
    tree = kpage.locator("main").aria_snapshot()
    assert re.search(r'heading "担当の窓口: [^"]*西部地域包括支援センター" \[level=2\]', tree), tree
    assert kpage.locator("#address").input_value() == "新宿4丁目2番35号"  # the question stays in the form
    screenshot(kpage, f"keyboard-desk-answer-{kpage.mode}")


def test_search_and_open_a_result(kpage):
    goto(kpage, "/zushi/")
    tab_until(kpage, lambda f: f["tag"] == "input" and f["name"] == "q", where="city: to the search box")
    kpage.keyboard.type("サロン")
    with kpage.expect_navigation():
        kpage.keyboard.press("Enter")
    assert "/zushi/search" in kpage.url
    assert kpage.locator(".resource-list .resource-name a").count() >= 1
    link = tab_until(kpage, lambda f: f["tag"] == "a" and bool(re.match(r"^/zushi/resources/", f.get("href") or "")),
                     max_tabs=40, where="search: to the first result")
    with kpage.expect_navigation():
        kpage.keyboard.press("Enter")
    assert kpage.url.endswith(link["href"])
    assert kpage.locator("h1").inner_text().strip() == link["text"].strip()
    screenshot(kpage, f"keyboard-search-result-{kpage.mode}")


def test_open_and_print_an_area_guide(kpage):
    goto(kpage, "/zushi/areas/")
    link = tab_until(kpage, lambda f: f["tag"] == "a" and bool(re.match(r"^/zushi/areas/[a-z]+$", f.get("href") or "")),
                     where="areas: to a district guide")
    with kpage.expect_navigation():
        kpage.keyboard.press("Enter")
    assert kpage.url.endswith(link["href"])
    assert kpage.locator("h1").is_visible()
    pdf_link = tab_until(kpage, lambda f: f["tag"] == "a" and (f.get("href") or "").endswith(".pdf"),
                         where="area guide: to the PDF link")
    assert pdf_link["href"] == link["href"] + ".pdf"
    pdf = kpage.context.request.get(pdf_link["href"])
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def test_an_input_error_leads_back_to_the_field(kpage):
    goto(kpage, "/zushi/desk")
    tab_until(kpage, lambda f: f["id"] == "address", where="desk: to the address field")
    with kpage.expect_navigation():
        kpage.keyboard.press("Enter")  # submit with the field empty
    assert kpage.title().startswith("エラー:"), kpage.title()
    summary = kpage.locator(".error-summary")
    assert summary.is_visible() and summary.get_attribute("role") == "alert"
    tab_until(kpage, lambda f: f.get("href") == "#address", where="error page: to the error summary link")
    kpage.keyboard.press("Enter")
    info = assert_focus_visible(kpage, "after following the error summary link")
    assert info["id"] == "address", f"the error summary link did not move focus to the field: {info}"
    assert kpage.locator("#address").get_attribute("aria-invalid") == "true"
    kpage.keyboard.type("新宿4丁目2番35号")
    with kpage.expect_navigation():
        kpage.keyboard.press("Enter")
    assert not kpage.title().startswith("エラー:")
    assert "西部地域包括支援センター" in kpage.locator("#answer-heading").inner_text()


@pytest.mark.parametrize("name", ["search-results", "desk-matched", "near"])
def test_without_javascript_no_empty_map_box_is_shown(nojs_page, desk_id, name):
    """With scripts off there is no map: the page must not show an empty framed box, a map heading
    and a legend for lines nobody can see. The list (or the answer) carries everything."""
    goto(nojs_page, page_path(name, desk_id))
    shown = nojs_page.evaluate("""() => [...document.querySelectorAll(".map-section, .map-frame")]
        .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
        .map(el => el.className)""")
    assert not shown, f"{name}: with JavaScript off the page still shows an empty map ({shown})"
    assert nojs_page.locator(".resource-list .resource-item, .answer").first.is_visible()
    screenshot(nojs_page, f"{name}-nojs")


@pytest.mark.parametrize("name", list(PAGES))
def test_first_tab_is_the_skip_link_and_it_moves_focus_to_main(page, desk_id, name):
    status = PAGES[name][1]
    goto(page, page_path(name, desk_id), status)
    page.keyboard.press("Tab")
    info = assert_focus_visible(page, f"{name}: first Tab")
    assert info["tag"] == "a" and info["href"] == "#main" and "本文" in info["text"], info
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
    # the next Tab continues from main (into it, or past it if it holds no links), not back in the header
    page.keyboard.press("Tab")
    assert page.evaluate("""() => { const m = document.querySelector("main"), el = document.activeElement;
        return m.contains(el) || !!(m.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING); }"""), focus_info(page)
    assert_focus_visible(page, f"{name}: first Tab after the skip link")


MAP_NEIGHBOURS = """(tabbables) => {
  const frame = document.querySelector(".map-frame");
  let before = null, after = null, inside = 0;
  for (const el of tabbables) {
    if (frame.contains(el)) { inside++; continue; }
    const pos = frame.compareDocumentPosition(el);
    if (pos & Node.DOCUMENT_POSITION_PRECEDING) before = el;
    else if (!after && (pos & Node.DOCUMENT_POSITION_FOLLOWING)) after = el;
  }
  const positive = tabbables.filter(el => el.tabIndex > 0).length;
  before.setAttribute("data-test", "before-map");
  after.setAttribute("data-test", "after-map");
  const markers = document.querySelectorAll(".leaflet-marker-icon").length;
  const tabbableMarkers = [...document.querySelectorAll(".leaflet-marker-icon, .leaflet-marker-pane *")]
    .filter(el => el.tabIndex >= 0).length;
  return {inside, positive, markers, tabbableMarkers,
          before: before.outerHTML.slice(0, 120), after: after.outerHTML.slice(0, 120)};
}"""

MAX_TABS_ACROSS_MAP = 15


@pytest.mark.parametrize("name", ["search-results", "desk-matched", "near", "resource"])
def test_the_map_never_traps_focus(page, desk_id, name):
    goto(page, page_path(name, desk_id))
    assert page.locator(".map-frame .leaflet-container").count() == 1, "Leaflet did not start (offline tiles?)"
    tabbables = page.evaluate_handle(TABBABLES)
    around = page.evaluate(MAP_NEIGHBOURS, tabbables)
    assert around["positive"] == 0, "positive tabindex breaks the reading order"
    assert around["tabbableMarkers"] == 0, f"{around['tabbableMarkers']} map markers are tab stops"
    assert around["inside"] <= MAX_TABS_ACROSS_MAP - 1, around
    page.locator("[data-test=before-map]").focus()
    for step in range(1, MAX_TABS_ACROSS_MAP + 1):
        page.keyboard.press("Tab")
        info = assert_focus_visible(page, f"{name}: Tab #{step} from the element before the map")
        assert not info["isMarker"], f"a map marker took focus: {info}"
        if page.evaluate("() => document.activeElement.getAttribute('data-test')") == "after-map":
            break
    else:
        raise AssertionError(f"{name}: {MAX_TABS_ACROSS_MAP} Tabs from {around['before']} did not get past the map "
                             f"to {around['after']}; focus is at {focus_info(page)}")
    # and back out with Shift+Tab
    for _ in range(MAX_TABS_ACROSS_MAP):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.getAttribute('data-test')") == "before-map":
            break
    else:
        raise AssertionError(f"{name}: Shift+Tab did not get back past the map")


@pytest.mark.parametrize("name", ["search-results", "desk-matched"])
def test_skip_map_link_jumps_past_the_map(page, desk_id, name):
    goto(page, page_path(name, desk_id))
    tab_until(page, lambda f: f.get("href") == "#after-map", max_tabs=80, where=f"{name}: to 地図を飛ばす")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "after-map"
    page.keyboard.press("Tab")
    info = assert_focus_visible(page, f"{name}: Tab after skipping the map")
    assert not page.evaluate("() => !!document.activeElement.closest('.map-frame')"), \
        f"focus went into the map after skipping it: {info}"


def test_map_works_offline_with_tiles_blocked(page, blocked, settings):
    before = len(blocked.urls)
    goto(page, PAGES["search-results"][0])
    if settings.tile_url:  # Leaflet asks for tiles; every one is refused, as on an offline machine
        tile_host = urlsplit(settings.tile_url).hostname
        for _ in range(30):
            if any(tile_host in u for u in blocked.urls[before:]):
                break
            page.wait_for_timeout(100)
        assert any(tile_host in u for u in blocked.urls[before:]), "no tile request was made (and blocked)"
    assert page.locator(".leaflet-container").count() == 1
    pinned = page.locator(".leaflet-marker-icon").count()
    assert pinned >= 1, "no numbered markers drawn"
    assert page.locator(".resource-list .resource-item").count() >= pinned
    assert not page.watch.errors, page.watch.errors
    assert not page.watch.csp, page.watch.csp
