"""tsunagu.text: the one folding table, used by the address engine and by search alike."""
from __future__ import annotations

import pytest

from tsunagu.geo.normalize import clean, fold
from tsunagu.search.analysis import normalize as search_normalize
from tsunagu.text import OLD_FORMS, fold_match, fold_variants


@pytest.mark.parametrize("a,b", [
    ("壇之浦町", "壇ノ浦町"), ("壇之浦町", "壇の浦町"), ("山丿内", "山ノ内"),
    ("亀ヶ岡", "亀ケ岡"), ("亀ヶ岡", "亀が岡"), ("亀ヶ岡", "亀ガ岡"), ("亀ヵ岡", "亀ケ岡"),
    ("四ッ屋", "四ツ屋"), ("二っ柳", "二ツ柳"), ("しんじゅく", "シンジュク"),
    ("榮町", "栄町"), ("逗子巿", "逗子市"), ("濵田", "浜田"), ("瀨戸", "瀬戸"), ("渡邊", "渡辺"),
    ("髙田", "高田"), ("川﨑", "川崎"),
])
def test_variants_fold_together(a, b):
    assert fold_match(a) == fold_match(b)
    assert len(fold_match(a)) == len(a)  # 1:1, so indexes in the folded text stay valid


def test_shown_text_keeps_kana_but_not_old_forms():
    assert fold_variants("榮町の壇ノ浦") == "栄町の壇ノ浦"
    assert clean("下関市榮町1-1") == "下関市栄町1-1"
    assert fold("逗子巿") == fold("逗子市")


def test_search_uses_the_same_old_form_table():
    for old, new in OLD_FORMS.items():
        assert search_normalize(old) == search_normalize(new), old
