"""The HSDS profile page (/about/hsds) in a real browser: axe WCAG 2.0/2.1 A and AA, 0 violations, in Japanese
with its English summary marked as English."""
from __future__ import annotations

import pytest

from .helpers import format_violations, goto, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]


def test_the_hsds_profile_page_has_no_axe_violations(axe_page):
    goto(axe_page, "/about/hsds")
    result = run_axe(axe_page)
    assert not result["violations"], format_violations(result["violations"])
    assert axe_page.locator("html").get_attribute("lang") == "ja"
    assert axe_page.locator("section[lang=en] h2").inner_text() == "Summary in English"
