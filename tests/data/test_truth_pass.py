"""The bundled rows fixed in issue 14 say no more than their cited plan lines (and stay that way)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tsunagu.data.claims import MEASURE_ROW, seeds_dir
from tsunagu.data.loader import load_directory

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def directory():
    return load_directory(DATA)


@pytest.fixture(scope="module")
def rows(directory):
    return {r.id: r for r in directory.resources}


@pytest.fixture(scope="module")
def plan_line(directory):
    seeds = seeds_dir(DATA)
    if seeds is None:
        pytest.skip("the plans' OCR text is not on this machine")
    cache = {}

    def line(plan: str, n: int) -> str:
        if plan not in cache:
            cache[plan] = (seeds / directory.plans[plan]["file"]).read_text(encoding="utf-8").split("\n")
        return cache[plan][n - 1]
    return line


def lines_of(r, plan):
    return {n for s in r.source if s.plan == plan for n in s.lines}


@pytest.mark.parametrize("rid", ["zushi-desk-minsei", "kamakura-desk-minsei", "nagano-desk-minsei",
                                 "shimonoseki-desk-minsei"])
def test_minsei_rows_do_not_promise_a_member_for_every_area(rows, rid):
    # none of the four plans says each area has its own 委員
    assert "担当の委員" not in rows[rid].description


def test_no_kamakura_row_claims_running_on_measure_marks_alone(rows, plan_line):
    for r in rows.values():
        if r.city != "kamakura" or r.status not in ("実施（計画時点）", "開始済（計画時点）"):
            continue
        cited = [plan_line(s.plan, n) for s in r.source for n in s.lines]
        assert not all(MEASURE_ROW.match(t) for t in cited), r.id


def test_jutaku_kairyo_keeps_the_printed_name_and_records_the_doubt(rows, plan_line):
    r = rows["kamakura-svc-jutaku-kairyo"]
    assert r.name in plan_line("kamakura-plan", 2048)
    assert "改良" not in r.name + r.description and r.name_kana == ""
    (fix,) = [c for c in r.corrections if c.field == "name"]
    assert fix.certainty == "uncertain" and fix.as_printed == r.name


def test_tekutec_says_the_sheet_went_to_every_participant(rows, plan_line):
    r = rows["zushi-prog-tekutec"]
    assert "参加者全員" in r.description and "参加者全員" in plan_line("zushi-plan", 607)
    assert "使えない方には" not in r.description


def test_otagaisama_schedule_cites_its_line(rows, plan_line):
    r = rows["zushi-svc-otagaisama"]
    assert 744 in lines_of(r, "zushi-plan") and "月に１回定例会" in plan_line("zushi-plan", 744)


def test_hinan_shien_says_the_hearing_suggested_it(rows, plan_line):
    r = rows["zushi-prog-hinan-shien"]
    assert "提案されています" in plan_line("zushi-plan", 308)
    assert "ヒアリングでの提案" in r.description and {229, 308} <= lines_of(r, "zushi-plan")


def test_salon_06_is_not_pinned_on_a_town_taken_from_its_name(directory, rows):
    from tsunagu.geo.engine import GeoEngine
    r = rows["zushi-salon-06"]
    assert r.town == "" and "名前" in r.notes
    GeoEngine(DATA).geocode_directory(directory)
    assert r.geocode_label == "地区「逗子」の代表点"  # the printed 地区 column, said as such


def test_salons_without_a_district_cell_are_read_alike(rows):
    for n in range(21, 26):  # ⑳〜㉔ (541〜545行)
        assert rows[f"zushi-salon-{n:02d}"].district == "sakurayama"
        assert "540行「桜山」の続き" in rows[f"zushi-salon-{n:02d}"].notes


def test_salon_48_gets_no_guessed_district_and_no_point(directory, rows):
    """㊻ (568行): no 地区 cell and nothing in its lines names one; a guess (池子) never makes a point (issue 29)."""
    from tsunagu.geo.engine import GeoEngine
    r = rows["zushi-salon-48"]
    assert r.district == "" and "推測" in r.notes
    GeoEngine(DATA).geocode_directory(directory)
    assert r.lat is None and "池子" not in (r.geocode_label or "")


@pytest.mark.parametrize("rid", ["zushi-desk-east", "zushi-desk-central", "zushi-desk-west"])
def test_houkatsu_needs_inference_is_stated(rows, plan_line, rid):
    r = rows[rid]
    assert {"ひきこもり", "ケアラー"} <= set(r.needs)
    assert "推定" in r.notes and {1132, 1137, 1146} <= lines_of(r, "zushi-plan")
    assert "属性を問わない" in plan_line("zushi-plan", 1137) and "権利擁護業務" in plan_line("zushi-plan", 1137)
