"""A resource page says what its status claims (issue 14): 「計画の取組」 is not 「実施中」."""
from __future__ import annotations

import pytest

from .html import parse

pytestmark = pytest.mark.bundled_data


def test_status_is_shown_with_its_meaning(client):
    soup = parse(client.get("/kamakura/resources/kamakura-desk-minsei"))
    dd = next(dt.find_next_sibling("dd") for dt in soup.find_all("dt") if dt.get_text() == "状況")
    text = dd.get_text()
    assert text.startswith("計画の取組") and "今行われているかは計画からは分かりません" in text
    assert "実施中" not in soup.get_text()
