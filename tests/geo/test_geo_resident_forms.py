"""Addresses as residents type them (issue 29, item 4): our case table per form, on real towns of
the four cities. Each case that reads a form the engine used to refuse or misread also checks the
note that tells the resident how the text was read."""
from __future__ import annotations

import pytest
from residentforms import check_case, load_cases

pytestmark = pytest.mark.bundled_data

FORMS = ("chome-less", "room", "building")
CASES = [c for c in load_cases() if c["form"] in FORMS]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['form']}-{c['input']}" for c in CASES])
def test_resident_form(engine, case):
    ok, got = check_case(engine, case)
    assert ok, f"{case['input']} → {got}, want {case['expect']} (note: {case['note']!r})"


def test_chome_less_reading_reaches_the_answer(engine):
    a = engine.lookup_desk("shimonoseki", "南部町2丁目5番地", None, [])
    assert a.status != "unparseable" and "2番地5" in a.message and a.parsed.ban == 2 and a.parsed.go == 5


def test_room_after_hyphen_is_said_in_the_answer(engine, zushi_desks):
    a = engine.lookup_desk("zushi", "新宿4丁目2番35-203号", None, zushi_desks)
    assert (a.parsed.ban, a.parsed.go, a.parsed.building) == (2, 35, "203")
    assert "部屋番号" in a.message and a.normalized.startswith("神奈川県逗子市新宿4丁目2番35号")
