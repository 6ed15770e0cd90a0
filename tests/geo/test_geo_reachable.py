"""Every town row of data/geo/town_points is reachable by at least three spellings
(with and without 大字, 丁目 in digits and kanji, 地番 forms, the reading in kana)."""
from __future__ import annotations

import pytest
from reachable import count

pytestmark = pytest.mark.bundled_data


def test_every_town_row_is_reachable_by_three_spellings(engine):
    result = count(engine)
    assert result["rows"] == 1265
    assert result["short"] == []  # each entry: the row and the spellings tried
    assert result["reach_3"] == result["rows"]
