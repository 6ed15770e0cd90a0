"""A resident's walk through each city on a phone with JavaScript off (issue 28's measure): every page
answers, fits a 375 px screen, offers a next step (a link in the main content to somewhere else: the
page's own form does not count, since repeating the question is not a way on — except on the forms a
resident comes to fill in), and axe finds
no WCAG A/AA violation. Screenshots go to tests/artifacts/screenshots/walk-{city}-{page}.png."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from .helpers import format_violations, goto, run_axe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]

PHONE = {"width": 375, "height": 812}
CITIES = ("zushi", "kamakura", "nagano", "shimonoseki")
FORMS = {"suggest"}  # the page is the form to fill in

NEXT_STEPS = """() => {
  const main = document.querySelector("main");
  const here = location.pathname + location.search;
  const links = [...main.querySelectorAll("a[href]")].filter(a => {
    const u = new URL(a.href, location.href);
    return !a.closest(".breadcrumbs") && !a.getAttribute("href").startsWith("#")
      && (u.pathname + u.search) !== here;
  });
  return links.length;
}"""


def walk(catalog, city: str) -> dict[str, str]:
    info = catalog.city(city)
    records = catalog.in_city(city)
    salon = next((r for r in records if r.kind == "salon"), records[0])
    address = quote(info.desk_examples[0])
    return {
        "city": f"/{city}/",
        "search-need": f"/{city}/search?q=" + quote("お金"),
        "search-none": f"/{city}/search?q=" + quote("ぜったいにないことばです"),
        "search-filter-empty": f"/{city}/search?q=" + quote("お金") + "&kind=salon",
        "near": f"/{city}/near?address=" + quote(info.near_examples[0]),
        "desk": f"/{city}/desk?address={address}",
        "desk-blank": f"/{city}/desk?address=%20",
        "areas": f"/{city}/areas/",
        "sheet": f"/{city}/sheet?address={address}",
        "record": f"/{city}/resources/{salon.id}",
        "suggest": f"/{city}/suggest",
    }


@pytest.fixture(scope="module")
def phone_page(new_context):
    page = new_context(java_script_enabled=False, viewport=PHONE).new_page()
    yield page
    page.close()


@pytest.mark.parametrize("city", CITIES)
def test_a_phone_walk_without_javascript_never_dead_ends(browser_app, phone_page, axe_page, city):
    catalog = browser_app.state.holder.current.catalog
    problems = []
    for name, path in walk(catalog, city).items():
        goto(phone_page, path)
        screenshot(phone_page, f"walk-{city}-{name}")
        if name not in FORMS and not phone_page.evaluate(NEXT_STEPS):
            problems.append(f"{name} ({path}): no link to go on with")
        wide = phone_page.evaluate("() => document.scrollingElement.scrollWidth")
        if wide > PHONE["width"] + 1:
            problems.append(f"{name} ({path}): {wide}px wide on a {PHONE['width']}px screen")
        goto(axe_page, path)
        violations = run_axe(axe_page)["violations"]
        if violations:
            problems.append(f"{name} ({path}): axe\n" + format_violations(violations))
    assert not problems, "\n".join(problems)
