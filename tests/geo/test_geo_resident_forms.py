"""Addresses as residents type them (issue 29, item 4): our case table per form, on real towns of
the four cities. Each case that reads a form the engine used to refuse or misread also checks the
note that tells the resident how the text was read."""
from __future__ import annotations

import pytest
from residentforms import check_case, load_cases

pytestmark = pytest.mark.bundled_data

CASES = load_cases()


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


def test_the_table_has_each_form_on_real_towns():
    forms = {c["form"] for c in CASES}
    assert forms == {"kana", "chome-less", "room", "building", "no-dropped", "koaza"}
    assert {c["city"] for c in CASES} == {"zushi", "kamakura", "nagano", "shimonoseki"}


def test_kana_and_dropped_no_readings_are_said_in_the_answer(engine, zushi_desks):
    a = engine.lookup_desk("zushi", "こ坪4-1-1", None, zushi_desks)
    assert a.parsed.town == "小坪" and "「こ坪」を小坪として読みました" in a.message
    b = engine.lookup_desk("kamakura", "山内1000", None, [])
    assert b.parsed.town == "山ノ内" and "「山内」を山ノ内として読みました" in b.message


def test_two_towns_fitting_a_kana_spelling_are_not_chosen(engine, make_desk):
    # 塩生甲 and 塩生乙 (長野) are both read ショウブ: 「しょうぶ」 alone names neither
    assert engine.parse("長野市しょうぶ100", "nagano").town is None
    # 桜山町 and 笹山町 (下関) both fit 「さ山町」: both stay candidates, and the answer says so
    rows = [make_desk("s-gen", "shimonoseki", "下関市社会福祉協議会（相談支援）")]
    a = engine.lookup_desk("shimonoseki", "さ山町1-1", None, rows)
    assert a.parsed.town is None and "桜山町・笹山町" in a.message and "決められません" in a.reason


def test_our_city_named_again_is_a_facility_not_another_city(engine):
    for city, text in (("zushi", "逗子市逗子市役所"), ("shimonoseki", "下関市下関市役所")):
        a = engine.lookup_desk(city, text, None, [])
        assert a.status == "unparseable" and "役所" in a.message, text


def test_a_city_wide_answer_says_when_the_town_stayed_open(engine, make_desk):
    rows = [make_desk("nagano-desk-shakyo-sogo", "nagano", "総合相談（長野市社会福祉協議会）")]
    a = engine.lookup_desk("nagano", "長野市三輪5-1長野市役所", None, rows)
    assert a.status == "matched" and a.parsed.town is None
    assert "大字三輪" in a.reason and "決められませんでした" in a.reason
    b = engine.lookup_desk("nagano", "長野市大字鶴賀緑町1613長野市役所", None, rows)
    assert b.status == "matched" and b.parsed.town == "大字鶴賀" and b.parsed.building == "長野市役所"


def test_a_koaza_in_kana_must_agree_with_its_reading(engine):
    # 元善町 reads もとよしちょう: 「もとぜん町」 is not read as it, and the answer asks for the rest
    a = engine.lookup_desk("nagano", "長野市大字長野もとぜん町491", None, [])
    assert a.status == "unparseable" and a.parsed.building is None and "もとぜん町" in a.message
