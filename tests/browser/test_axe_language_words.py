"""axe-core on the pages whose engine words, forms and long texts were said in English and やさしい日本語
(issue 30.1): the map legends, the near engine's error, the search page's understanding lines, the error
page, the suggestion form with its errors and the long about pages — 0 violations in each language (the
main page types are in test_axe_languages.py)."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from .helpers import PAGES, format_violations, goto, page_path, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]

OWN = {
    "near-not-found": ("/zushi/near?address=" + quote("あいうえお"), 200),  # the near engine's message as the box's error
    "near-station-legend": ("/zushi/near?station=" + quote("逗子"), 200),  # the origin's legend
    "desk-parser-note": ("/zushi/desk?address=" + quote("「新宿4丁目2番35号」"), 200),  # a parser note in the answer
    "about-data": ("/about/data", 200),
    "about-hsds": ("/about/hsds", 200),
    "suggest-new": ("/zushi/suggest", 200),
}
SHARED = ("search-understood", "desk-matched", "not-found")


@pytest.mark.parametrize("lang", ["en", "easy"])
@pytest.mark.parametrize("name", [*SHARED, *OWN])
def test_page_in_language_has_no_axe_violations(axe_page, desk_id, name, lang):
    path, status = OWN[name] if name in OWN else (page_path(name, desk_id), PAGES[name][1])
    goto(axe_page, path + ("&" if "?" in path else "?") + f"lang={lang}", status)
    assert axe_page.locator("html").get_attribute("lang") == ("en" if lang == "en" else "ja")
    result = run_axe(axe_page)
    assert not result["violations"], (f"axe: {len(result['violations'])} violation(s) on {name} in {lang}:\n"
                                      + format_violations(result["violations"]))


@pytest.mark.parametrize("lang", ["en", "easy"])
def test_the_suggestion_form_with_its_errors(axe_page, lang):
    goto(axe_page, f"/zushi/suggest?lang={lang}")
    axe_page.locator("form button[type=submit]").click()
    axe_page.wait_for_load_state("load")
    assert axe_page.locator(".error-summary").count() == 1
    result = run_axe(axe_page)
    assert not result["violations"], format_violations(result["violations"])
