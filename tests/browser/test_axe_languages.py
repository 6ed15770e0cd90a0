"""axe-core on the main public page types in English and in やさしい日本語 (issue 30.1): 0 violations,
and the page names its language (`<html lang>`) for screen readers."""
from __future__ import annotations

import pytest

from .helpers import PAGES, format_violations, goto, page_path, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]

MAIN = ("home", "city", "search-results", "resource", "desk-form", "desk-matched", "desk-ambiguous", "near",
        "areas-index", "area-guide", "personal-sheet", "about-accessibility")


@pytest.mark.parametrize("lang", ["en", "easy"])
@pytest.mark.parametrize("name", MAIN)
def test_page_in_language_has_no_axe_violations(axe_page, desk_id, name, lang):
    path = page_path(name, desk_id)
    goto(axe_page, path + ("&" if "?" in path else "?") + f"lang={lang}", PAGES[name][1])
    assert axe_page.locator("html").get_attribute("lang") == ("en" if lang == "en" else "ja")
    result = run_axe(axe_page)
    assert not result["violations"], (f"axe: {len(result['violations'])} violation(s) on {name} in {lang}:\n"
                                      + format_violations(result["violations"]))
