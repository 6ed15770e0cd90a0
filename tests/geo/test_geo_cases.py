"""Every case of our table (forms of the public suites, on our towns) parses as expected."""
from __future__ import annotations

import pytest
from casecheck import check, load_cases

pytestmark = pytest.mark.bundled_data

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c['source']}-{c['form']}-{i}" for i, c in enumerate(CASES)])
def test_public_suite_form(engine, case):
    ok, got = check(engine, case)
    assert ok, f"{case['input']} → {got}, want {case['expect']}"


def test_the_table_covers_each_suite_and_the_four_cities():
    assert {c["source"] for c in CASES} == {"geolonia", "abr-geocoder", "sagara", "jageocoder"}
    assert {c["city"] for c in CASES} == {"zushi", "kamakura", "nagano", "shimonoseki"}
    assert len(CASES) >= 150
