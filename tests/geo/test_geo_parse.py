"""Addresses as people type them → the same ParsedAddress (forms after geolonia /
abr-geocoder / Japanese-Address-testdata test suites; the cases are our own, on our towns)."""
from __future__ import annotations

import pytest

from tsunagu.geo.normalize import clean, fold, kanji_to_int

pytestmark = pytest.mark.bundled_data

# (typed, town, chome, ban, go)
SAME_PLACE = [
    "逗子市新宿4丁目2番35号",
    "神奈川県逗子市新宿4丁目2番35号",
    "逗子市新宿4-2-35",
    "新宿4-2-35",
    "新宿４－２－３５",  # full-width digits and dash
    "新宿４ー２ー３５",  # 長音符 typed as dash
    "新宿4‐2‐35",  # hyphen U+2010
    "新宿4−2−35",  # minus U+2212
    "新宿4–2–35",  # en dash
    "新宿4—2—35",  # em dash
    "新宿四丁目二番三十五号",
    "新宿4丁目2-35",
    "新宿4の2の35",
    "逗子市 新宿 4-2-35",
    "〒249-0007 神奈川県逗子市新宿4-2-35",
    "2490007逗子市新宿4丁目2番35号",
    "神奈川逗子市新宿4-2-35",
    "しんじゅく4-2-35",  # kana town name
]


@pytest.mark.parametrize("text", SAME_PLACE)
def test_written_forms_of_one_address_parse_the_same(engine, text):
    p = engine.parse(text, "zushi")
    assert (p.city_slug, p.town, p.chome, p.ban, p.go) == ("zushi", "新宿", 4, 2, 35), p
    assert p.normalized == "神奈川県逗子市新宿4丁目2番35号"
    assert not p.unparsed and p.error is None


@pytest.mark.parametrize("text,expected", [
    ("新宿4-2", ("新宿", 4, 2, None)),
    ("新宿4丁目", ("新宿", 4, None, None)),
    ("新宿四丁目", ("新宿", 4, None, None)),
    ("逗子市新宿4-16-10", ("新宿", 4, 16, 10)),
    ("新宿4丁目十六番十号", ("新宿", 4, 16, 10)),
    ("さくらやま5-35-1", ("桜山", 5, 35, 1)),
    ("サクラヤマ5丁目", ("桜山", 5, None, None)),
    ("やまのね1-2-3", ("山の根", 1, 2, 3)),
    ("山ノ根1-2-3", ("山の根", 1, 2, 3)),
    ("逗子5-4-33", ("逗子", 5, 4, 33)),
])
def test_parts(engine, text, expected):
    p = engine.parse(text, "zushi")
    assert (p.town, p.chome, p.ban, p.go) == expected


def test_koaza_and_chiban_with_old_kanji(engine):
    # plan line 1151 prints 棧 (異体字); GSI writes 桟
    p = engine.parse("逗子市池子字棧敷戸 1892-2(保健センター1階)", "zushi")
    assert (p.town, p.koaza, p.chome, p.ban, p.go) == ("池子", "桟敷戸", None, 1892, 2)
    assert p.bare and p.building == "保健センター1階"
    assert "桟敷戸" in p.normalized and "棧" not in p.normalized


@pytest.mark.parametrize("text,building", [
    ("桜山5丁目35番 葉桜団地", "葉桜団地"),
    ("桜山5-35-1 ○○ハイツ101号室", "○○ハイツ101号室"),
    ("新宿4-2-35-203", "203"),
    ("逗子市新宿4-16-10(亀ヶ岡バス停そば)", "亀ヶ岡バス停そば"),
])
def test_building_is_kept_apart(engine, text, building):
    p = engine.parse(text, "zushi")
    assert p.building == building
    assert p.town in ("桜山", "新宿") and p.chome in (4, 5)


def test_ke_variants_fold_together():
    assert fold("亀ヶ岡") == fold("亀ケ岡") == fold("亀が岡") == fold("亀ガ岡")
    assert fold("稲村ヶ崎") == fold("稲村ガ崎")


def test_kamakura_town_with_ga_variant(engine):
    for text in ("稲村ヶ崎2-1-1", "稲村ガ崎2-1-1", "稲村が崎2-1-1"):
        p = engine.parse(text, "kamakura")
        assert (p.town, p.chome) == ("稲村ガ崎", 2), text


def test_kanji_numerals():
    assert kanji_to_int("十六") == 16
    assert kanji_to_int("三十五") == 35
    assert kanji_to_int("千八百九十二") == 1892
    assert kanji_to_int("一八九二") == 1892
    assert kanji_to_int("二十") == 20


def test_dashes_between_numbers_but_not_in_katakana():
    assert clean("新宿４ー１６ー１０ メゾンハイツ") == "新宿4-16-10 メゾンハイツ"


def test_town_names_with_kanji_numerals_survive(engine):
    # 十二所 (Kamakura) must not become "12所"
    p = engine.parse("鎌倉市十二所100", "kamakura")
    assert p.town == "十二所" and p.ban == 100


def test_postal_code_alone_gives_candidate_towns(engine):
    p = engine.parse("〒249-0007", None)
    assert p.city_slug == "zushi" and p.postal_towns == ["新宿"] and p.town == "新宿"
    assert p.chome is None


def test_postal_code_of_another_city_sets_the_city(engine):
    p = engine.parse("248-0012", None)
    assert p.city_slug == "kamakura"


def test_city_given_by_text_wins_over_context(engine):
    p = engine.parse("鎌倉市御成町18-10", "zushi")
    assert p.city_slug == "kamakura" and p.town == "御成町" and p.ban == 18 and p.go == 10


@pytest.mark.parametrize("text,other", [
    ("東京都新宿区西新宿2-8-1", "東京都新宿区"),
    ("新宿区西新宿2-8-1", "東京都新宿区"),  # named with its 都道府県 (national table, issue 13)
    ("横須賀市追浜町1-1", "神奈川県横須賀市"),
    ("葉山町堀内2135", "神奈川県三浦郡葉山町"),
])
def test_other_municipalities_are_recognised_not_misread_as_our_towns(engine, text, other):
    p = engine.parse(text, "zushi")
    assert p.other_city == other
    assert p.town is None


def test_nagano_koaza_without_oaza(engine):
    p = engine.parse("長野市県町", None)
    assert p.city_slug == "nagano" and p.town == "大字南長野" and p.koaza == "県町"


def test_chome_that_does_not_exist_is_an_error(engine):
    p = engine.parse("逗子市新宿7-1-1", "zushi")
    assert p.error and "1〜5丁目" in p.error


def test_text_before_numbers_is_not_guessed(engine):
    p = engine.parse("新宿ハイツ4-2-35", "zushi")
    assert p.town == "新宿" and p.chome is None and p.ban is None
    assert "ハイツ" in p.unparsed


@pytest.mark.parametrize("text", [
    "", "   ", "a" * 2000, "🏠新宿4-2-35", "新宿\x004-2-35", "<script>alert(1)</script>",
    "'; DROP TABLE resources; --", ".*[(新宿", "新宿4-2-35\u202e",
])
def test_garbage_gives_a_message_not_an_exception(engine, text):
    p = engine.parse(text, "zushi")
    assert p.error and isinstance(p.error, str)
    assert p.town is None


def test_kanji_numerals_in_building_names_are_left_alone(engine):
    p = engine.parse("新宿四丁目二番三十五号 第一ハイツ", "zushi")
    assert (p.chome, p.ban, p.go) == (4, 2, 35) and p.building == "第一ハイツ"


@pytest.mark.parametrize("text,expected", [
    ("新宿4丁目2番地35", (4, 2, 35)),
    ("新宿4丁目2-35 101", (4, 2, 35)),
    ("新宿4丁2-35", (4, 2, 35)),
    ("新宿4-2-35号", (4, 2, 35)),
])
def test_more_number_forms(engine, text, expected):
    p = engine.parse(text, "zushi")
    assert (p.chome, p.ban, p.go) == expected


def test_wrong_postal_code_does_not_move_the_address(engine):
    p = engine.parse("〒248-0012 新宿4-2-35", "zushi")  # 248-0012 is a Kamakura code
    assert p.city_slug == "zushi" and p.town == "新宿" and p.notes


def test_chome_on_a_town_without_chome(engine):
    p = engine.parse("鎌倉市御成町1丁目", "kamakura")
    assert p.error and "丁目がありません" in p.error
