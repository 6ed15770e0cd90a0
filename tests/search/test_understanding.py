"""Searching in residents' words: sentences, the need lexicon, places, romaji (fixture index)."""
from __future__ import annotations

import pytest
from search_fixtures import BY_ID, DATA_DIR

from tsunagu.search.lexicon import Lexicon, check_lexicon, compile_lexicon
from tsunagu.search.synonyms import Synonyms

pytestmark = pytest.mark.bundled_data


def ids(resp, n=None):
    return [h.id for h in resp.hits][:n]


def test_a_sentence_drops_particles_and_finds_the_desk(searcher):
    resp = searcher.search("zushi", "介護の相談")
    assert resp.total > 0
    assert resp.interpreted["words"] == ["介護", "相談"]
    assert "高齢" in resp.interpreted["needs"]
    assert {"z-houkatsu", "z-kaigo"} <= set(ids(resp, 3))


@pytest.mark.parametrize("q", ["ボランティアしたい", "ボランティアをしてみたいです"])
def test_endings_are_dropped(searcher, q):
    resp = searcher.search("zushi", q)
    assert ids(resp, 1) == ["z-syakyo"]
    assert resp.interpreted["words"] == ["ボランティア"]


def test_records_covering_more_concepts_rank_first(searcher):
    # 足腰 and 運動 both mean "exercise": the 体操 class covers both; nothing is a strict AND of bigrams
    resp = searcher.search("zushi", "足腰 運動")
    assert set(ids(resp, 2)) == {"z-taiso", "z-pole"}  # 体操 classes, tagged for both words
    # OR semantics: records with only one of the words are listed, below the one with both
    both = searcher.search("zushi", "桜山 サロン", per_page=100, use_places=False)
    assert ids(both, 1) == ["z-sakura"]
    assert "z-shinjuku" in ids(both)  # サロン only


def test_one_matching_word_is_enough(searcher):
    # OR semantics: 桜山 matches, ピアノ matches nothing, the salon is still found
    resp = searcher.search("zushi", "桜山 ピアノ")
    assert "z-sakura" in ids(resp, 3)


def test_a_name_still_ranks_that_name_first(searcher):
    assert ids(searcher.search("zushi", "サロン桜山")) == ["z-sakura"]
    assert ids(searcher.search("zushi", "ふれあいサロン新宿"), 1) == ["z-shinjuku"]
    assert ids(searcher.search("zushi", "介護なんでも相談"), 1) == ["z-kaigo"]


def test_a_worry_finds_the_desk_first_and_explains_itself(searcher):
    resp = searcher.search("zushi", "母がもの忘れするようになった")
    assert resp.interpreted["understood"] == [{"word": "もの忘れ", "label": "認知症・もの忘れの相談"}]
    assert resp.interpreted["needs"] == ["高齢"]
    top = ids(resp)
    assert "z-orange" in top  # the 認知症 café
    desks = [i for i in top if BY_ID[i].kind == "consultation_desk"]
    assert desks and top[0] in desks


@pytest.mark.parametrize("a,b", [("車椅子", "車いす"), ("ゴミ出し", "ごみ出し"), ("子供", "子ども"), ("障害", "障がい"),
                                 ("引きこもり", "ひきこもり")])
def test_spelling_variants_are_understood_alike(searcher, a, b):
    ia, ib = searcher.search("zushi", a).interpreted, searcher.search("zushi", b).interpreted
    assert ia["understood"] and [u["label"] for u in ia["understood"]] == [u["label"] for u in ib["understood"]]


def test_a_district_in_the_query_filters_and_can_be_dropped(searcher):
    resp = searcher.search("zushi", "久木のサロン", per_page=100)
    assert resp.interpreted["district"] == "hisagi"
    assert resp.place == {"name": "久木", "word": "久木", "district": "hisagi", "mode": "filter"}
    assert {BY_ID[i].district for i in ids(resp)} == {"hisagi"}  # the fixture has no city-wide salon
    assert resp.total == 30
    everywhere = searcher.search("zushi", "久木のサロン", per_page=100, use_places=False)
    assert everywhere.place is None and everywhere.interpreted["district"] is None
    assert {"z-sakura", "z-shinjuku"} <= set(ids(everywhere))


def test_a_district_reading_is_a_place_too(searcher):
    resp = searcher.search("zushi", "こつぼで囲碁")
    assert resp.interpreted["district"] == "kotsubo"
    assert ids(resp, 1) == ["z-igo"]


@pytest.mark.parametrize("q,expected", [("salon", "z-sakura"), ("houkatsu", "z-houkatsu"), ("ikiiki", "z-taiso")])
def test_romaji_finds_the_kana(searcher, q, expected):
    assert expected in ids(searcher.search("zushi", q, per_page=100))


def test_romaji_reaches_the_lexicon(searcher):
    assert searcher.search("zushi", "kosodate").interpreted["needs"] == ["子育て"]


def test_a_short_kana_word_inside_another_is_not_that_word(searcher):
    # ぼけ (もの忘れ) must not be read inside ねぼけ; after a particle it is
    assert searcher.search("zushi", "ねぼけ").interpreted["needs"] == []
    assert searcher.search("zushi", "ははがぼけた").interpreted["needs"] == ["高齢"]


def test_nothing_found_is_a_gap_and_something_found_is_not(searcher):
    assert searcher.search("zushi", "ぴよぴよぷー").is_gap
    assert not searcher.search("zushi", "介護の相談").is_gap
    assert not searcher.search("zushi", "").is_gap


# Every group of everyday words the issue lists must reach the lexicon (data/need_lexicon.csv).
ISSUE_WORDS = ["もの忘れ", "ぼけ", "徘徊", "介護", "親の世話", "介護疲れ", "お金", "借金", "家賃", "住まい", "失業", "仕事",
               "ごはん", "食べ物", "子育て", "発達", "不登校", "一人親", "障害", "障がい", "しょうがい", "車椅子", "車いす",
               "さびしい", "話し相手", "引きこもり", "ひきこもり", "虐待", "DV", "詐欺", "悪質商法", "運動", "体操", "散歩",
               "足腰", "お茶", "おしゃべり", "仲間", "ボランティア", "買い物", "ゴミ出し", "ごみ出し", "雪かき", "通院",
               "子供", "子ども"]


@pytest.fixture(scope="module")
def real_lexicon(tmp_path_factory) -> Lexicon:
    out = tmp_path_factory.mktemp("lexicon") / "lexicon.json"
    compile_lexicon(DATA_DIR, Synonyms.load(DATA_DIR / "synonyms.csv"), out)
    return Lexicon.load(out)


@pytest.mark.parametrize("word", ISSUE_WORDS)
def test_the_lexicon_covers_the_everyday_words(real_lexicon, word):
    assert real_lexicon.row_of(word) is not None, f"{word} is not in data/need_lexicon.csv"


def test_the_bundled_lexicon_passes_the_check():
    assert check_lexicon(DATA_DIR).errors == []
