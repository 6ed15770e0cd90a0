"""What a browser user meets, read through the DOM: focus, tab order, overflow, axe."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
DESKTOP = {"width": 1280, "height": 900}

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# The pages under test, one per page type (name -> path, expected status).
PAGES = {
    "home": ("/", 200),
    "city": ("/zushi/", 200),
    "search-results": ("/zushi/search?q=" + quote("サロン"), 200),
    "search-filtered": ("/zushi/search?kind=salon&page=2", 200),  # facets open, pagination both ways
    "search-none": ("/zushi/search?q=" + quote("ぜったいにないことばです"), 200),
    "search-understood": ("/zushi/search?q=" + quote("久木でもの忘れの相談"), 200),  # explanation, place, desk form
    "resource": ("/zushi/resources/{desk_id}", 200),
    "desk-form": ("/zushi/desk", 200),
    "desk-matched": ("/zushi/desk?address=" + quote("新宿4丁目2番35号"), 200),
    "desk-ambiguous": ("/zushi/desk?address=" + quote("新宿4丁目"), 200),
    "desk-error": ("/zushi/desk?address=%20", 200),
    "desk-no-contact": ("/kamakura/desk?address=" + quote("御成町18-10"), 200),  # a desk with no phone or place yet
    "near": ("/zushi/near?address=" + quote("逗子5丁目"), 200),
    "near-station": ("/zushi/near?address=" + quote("東逗子駅"), 200),
    "near-nothing-placed": ("/kamakura/near?address=" + quote("大船"), 200),  # why, what has no place, next steps
    "areas-index": ("/zushi/areas/", 200),
    "area-guide": ("/zushi/areas/kotsubo", 200),
    "area-guide-all": ("/nagano/areas/all", 200),
    "personal-sheet": ("/zushi/sheet?address=" + quote("新宿4丁目") + "&need=" + quote("高齢"), 200),
    "about-accessibility": ("/about/accessibility", 200),
    "not-found": ("/no/such/page", 404),
}


@contextmanager
def served(app, *, timeout: float = 60) -> Iterator[str]:
    """`app` served for real by uvicorn on a free loopback port (tsunagu.loopback); yields its URL."""
    from tsunagu.loopback import ServerDidNotStart, serve_in_thread
    try:
        with serve_in_thread(app, timeout=timeout) as url:
            yield url
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))


def copy_site(settings, tmp: Path):
    """Settings for a site of its own in `tmp`: copies of data/ and of the served build, its own database."""
    from world import test_settings
    served_build = settings.current_build.resolve()
    (tmp / "build" / "builds").mkdir(parents=True)
    shutil.copytree(served_build, tmp / "build" / "builds" / served_build.name, symlinks=True)
    os.symlink(f"builds/{served_build.name}", tmp / "build" / "current")
    return test_settings(tmp, publisher=True, reload_seconds=0.5)


def page_path(name: str, desk_id: str) -> str:
    return PAGES[name][0].format(desk_id=desk_id)


def goto(page, path: str, status: int = 200):
    response = page.goto(path, wait_until="load")
    assert response is not None, path
    assert response.status == status, f"{path}: HTTP {response.status}"
    return response


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# ---------------------------------------------------------------- axe

AXE_RUN = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  const brief = (v) => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                               summary: (n.failureSummary || "").slice(0, 400)}))});
  return {violations: r.violations.map(brief), incomplete: r.incomplete.map(v => v.id),
          passes: r.passes.length, version: axe.version};
}"""


def run_axe(page) -> dict:
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run `make test` (npm ci installs axe-core)"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(AXE_RUN, WCAG_TAGS)


def format_violations(violations: list[dict]) -> str:
    out = []
    for v in violations:
        out.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for n in v["nodes"][:10]:
            out.append(f"    at {n['target']}: {n['html']}")
            if n["summary"]:
                out.append("      " + n["summary"].replace("\n", "\n      "))
        if len(v["nodes"]) > 10:
            out.append(f"    … and {len(v['nodes']) - 10} more nodes")
    return "\n".join(out)


# ---------------------------------------------------------------- focus and keyboard

FOCUS_INFO = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: "body"};
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, cls: el.className && el.className.baseVal === undefined ? el.className : "",
    href: el.getAttribute("href"), type: el.getAttribute("type"), name: el.getAttribute("name"),
    text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 60),
    outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0, outlineColor: cs.outlineColor,
    boxShadow: cs.boxShadow,
    inMap: !!el.closest(".leaflet-container") && !el.classList.contains("leaflet-container"),
    isMarker: !!el.closest(".leaflet-marker-pane, .leaflet-marker-icon"),
    inViewport: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
                r.top < window.innerHeight && r.left < window.innerWidth,
  };
}"""


def focus_info(page) -> dict:
    return page.evaluate(FOCUS_INFO)


def focus_is_visible(info: dict) -> bool:
    ring = info.get("outlineStyle") not in (None, "none", "hidden") and info.get("outlineWidth", 0) >= 2
    shadow = (info.get("boxShadow") or "none") != "none"
    return (ring or shadow) and info.get("inViewport", False)


def assert_focus_visible(page, where: str = "") -> dict:
    info = focus_info(page)
    assert info["tag"] != "body", f"{where}: focus was lost (document.body is focused)"
    assert focus_is_visible(info), f"{where}: the focused element shows no visible focus indicator: {info}"
    return info


def tab_until(page, predicate, max_tabs: int = 40, where: str = "") -> dict:
    """Press Tab until predicate(focus_info) holds, checking focus is visible at every stop."""
    seen = []
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        info = assert_focus_visible(page, f"{where} after Tab #{len(seen) + 1}")
        seen.append(f"{info['tag']}#{info.get('id') or ''}[{info.get('href') or info.get('name') or ''}] {info.get('text', '')[:20]}")
        if predicate(info):
            return info
    raise AssertionError(f"{where}: not reached in {max_tabs} Tab presses; focus went through:\n  " + "\n  ".join(seen))


# All elements Tab can reach, in tab order (the site uses no positive tabindex; checked).
TABBABLES = """() => {
  const sel = "a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable=true]";
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    if (el.tabIndex < 0 || el.disabled || (el.tagName === "INPUT" && el.type === "hidden")) continue;
    if (el.tagName === "SUMMARY" && el.parentElement.tagName !== "DETAILS") continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === "hidden" || !el.getClientRects().length) continue;
    if (el.closest("details:not([open])") && el.tagName !== "SUMMARY" && !el.closest("summary")) continue;
    out.push(el);
  }
  return out;
}"""
