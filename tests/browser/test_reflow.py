"""Reflow (WCAG 1.4.10) and zoom: 200 % at 1280 px (640 CSS px at device scale 2) and a 320 px
wide screen: no horizontal scrolling, nothing pushed off the side, nothing clipped."""
from __future__ import annotations

import pytest

from .helpers import goto, page_path, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]

VIEWPORTS = {
    "zoom200": {"viewport": {"width": 640, "height": 800}, "device_scale_factor": 2},
    "w320": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 1},
}
# What must be on screen on each page: the heading, the form, the answer or the results.
MUST_SHOW = {
    "home": ["h1", "main form", "main form input[name=q]", "main form button", ".task-links", ".task-links a"],
    "search-results": ["h1", "main form input[name=q]", "main form button", ".resource-list .resource-item",
                       ".resource-list .resource-name a", ".result-count"],
    "desk-matched": ["h1", "main form", "#address", "main form button", ".answer", "#answer-heading", ".answer .desk-card"],
    "area-guide": ["h1", ".print-actions a", ".sheet-desk", ".sheet-lines li", ".sheet-map img", ".sheet-qr"],
    "area-guide-all": ["h1", ".print-actions a", ".sheet-back .sheet-lines li"],  # a whole-city guide (nagano)
    "personal-sheet": ["h1", "main form", ".sheet-desk", ".sheet-lines li", ".memo-box", ".sheet-qr"],
}

OVERFLOW = """() => {
  const vw = window.innerWidth, doc = document.documentElement;
  const describe = (el) => {
    const r = el.getBoundingClientRect();
    const id = el.id ? "#" + el.id : "";
    const cls = typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    return `${el.tagName.toLowerCase()}${id}${cls} [${Math.round(r.left)}..${Math.round(r.right)}] `
           + JSON.stringify((el.innerText || "").trim().slice(0, 30));
  };
  const skipped = (el) => el.closest(".visually-hidden, .skip-link")
      || (el.closest(".leaflet-container") && !el.classList.contains("leaflet-container"));
  const offside = [], clipped = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (skipped(el)) continue;
    const cs = getComputedStyle(el);
    if (cs.display === "none" || cs.visibility === "hidden") continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > vw + 1 || r.left < -1) offside.push(describe(el));
    for (const [axis, scroll, client] of [["x", el.scrollWidth, el.clientWidth], ["y", el.scrollHeight, el.clientHeight]]) {
      const ov = axis === "x" ? cs.overflowX : cs.overflowY;
      if ((ov === "hidden" || ov === "clip") && scroll > client + 1 && !el.classList.contains("leaflet-container"))
        clipped.push(`${describe(el)} clips ${scroll - client}px (${axis})`);
    }
  }
  return {scrollWidth: doc.scrollWidth, innerWidth: vw, bodyScrollWidth: document.body.scrollWidth,
          offside: offside.slice(0, 20), clipped: clipped.slice(0, 20)};
}"""

WITHIN = """(els) => els.map(el => {
  const r = el.getBoundingClientRect();
  return {left: r.left, right: r.right, width: r.width, height: r.height};
})"""


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def narrow(request, new_context):
    ctx = new_context(**VIEWPORTS[request.param])
    ctx.label = request.param
    return ctx


@pytest.mark.parametrize("name", list(MUST_SHOW))
def test_reflows_without_horizontal_scrolling_or_lost_content(narrow, desk_id, name):
    page = narrow.new_page()
    try:
        goto(page, page_path(name, desk_id))
        page.wait_for_timeout(100)
        m = page.evaluate(OVERFLOW)
        screenshot(page, f"{name}-{narrow.label}")
        assert m["scrollWidth"] <= m["innerWidth"], (
            f"{name} at {narrow.label}: horizontal scrolling (scrollWidth {m['scrollWidth']} > {m['innerWidth']}); "
            f"pushed off the side: {m['offside']}")
        assert not m["offside"], f"{name} at {narrow.label}: content outside the viewport: {m['offside']}"
        assert not m["clipped"], f"{name} at {narrow.label}: content clipped by overflow hidden: {m['clipped']}"
        vw = m["innerWidth"]
        for selector in MUST_SHOW[name]:
            loc = page.locator(selector).first
            assert loc.count() == 1 and loc.is_visible(), f"{name} at {narrow.label}: {selector} is not shown"
            box = page.evaluate(WITHIN, [loc.element_handle()])[0]
            assert box["left"] >= -1 and box["right"] <= vw + 1, f"{name} at {narrow.label}: {selector} at {box}"
    finally:
        page.close()


TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""


@pytest.mark.parametrize("name", list(MUST_SHOW))
def test_text_spacing_loses_nothing(axe_page, desk_id, name):
    """WCAG 1.4.12: the user's own line, letter, word and paragraph spacing clips nothing."""
    goto(axe_page, page_path(name, desk_id))
    axe_page.add_style_tag(content=TEXT_SPACING)  # the axe context bypasses CSP for injected styles
    axe_page.wait_for_timeout(50)
    m = axe_page.evaluate(OVERFLOW)
    assert m["scrollWidth"] <= m["innerWidth"], f"{name}: horizontal scrolling with text spacing: {m['offside']}"
    assert not m["clipped"], f"{name}: content clipped with text spacing: {m['clipped']}"
    assert not m["offside"], f"{name}: content outside the viewport with text spacing: {m['offside']}"
