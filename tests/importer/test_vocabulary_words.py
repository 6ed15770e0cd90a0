"""A list's 分野 or 対象 cell naming a vocabulary word that holds 「・」 (子育て・子ども, 高齢・介護, 子ども・若者) reads as
that word, not as two unknown ones (a 社協's list — or an HSDS package read back — was refused for it)."""
from __future__ import annotations

from tsunagu.importer.cells import row_values

VOCABULARY = {"categories": ["子育て・子ども", "高齢・介護", "見守り"], "targets": ["子ども・若者", "子育て", "高齢者"]}


def test_a_word_with_a_middle_dot_is_one_word():
    out = row_values({"categories": "子育て・子ども、見守り", "targets": "子ども・若者・子育て"}, None, VOCABULARY)
    assert out.errors == []
    assert out.values["categories"] == "子育て・子ども;見守り"
    assert out.values["targets"] == "子ども・若者;子育て"


def test_other_words_still_split_and_unknown_ones_are_still_refused():
    out = row_values({"categories": "高齢・介護・体操"}, None, VOCABULARY)
    assert [field for field, _ in out.errors] == ["categories"] and "「体操」" in out.errors[0][1]
