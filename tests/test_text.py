"""tsunagu.text: one folding table and one control-character rule, used by data, geo and search alike."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tsunagu.data.loader import load_directory
from tsunagu.data.validate import CONTROL_RE
from tsunagu.geo.normalize import BadInput, clean, fold, fold_name
from tsunagu.search.analysis import normalize as search_normalize
from tsunagu.search.analysis import strip_controls as search_strip
from tsunagu.text import (
    OLD_FORMS,
    WHITESPACE_CONTROLS,
    controls_in,
    fold_match,
    fold_variants,
    name_key,
    strip_controls,
)

pytestmark = pytest.mark.bundled_data


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


# -- one table serves data, geo and search alike ------------------------------------------
# 櫻山 is the old form of 逗子市's 桜山: a resident may type it, and a plan printed in old type
# may spell a record with it. All three parts must take it for the same town.

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "tests" / "data" / "fixtures" / "broken"


@pytest.fixture(scope="module")
def geo_engine():
    from tsunagu.geo.engine import GeoEngine
    return GeoEngine(ROOT / "data")


def test_geo_reads_an_old_form_town(geo_engine):
    p = geo_engine.parse("逗子市櫻山4-2-35")
    assert (p.city_slug, p.town, p.chome, p.ban, p.go) == ("zushi", "桜山", 4, 2, 35)
    assert p.normalized == "神奈川県逗子市桜山4丁目2番35号"  # the shown spelling is the common one


def test_the_validator_knows_an_old_form_town(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BROKEN, data)
    (data / "geo").mkdir()
    for name in ("city_boundaries_n03_2022.geojson", "shelters_gsi_2025.geojson", "town_points_geolonia.csv"):
        shutil.copy(ROOT / "data" / "geo" / name, data / "geo" / name)
    with (data / "resources" / "zushi.csv").open("a", encoding="utf-8") as fh:
        fh.write("old-town,salon,櫻山のサロン,,,,,,,,,櫻山,,,,true,,,,,,,,,,zushi-plan:540,,\n")
    directory = load_directory(data)
    town_warnings = [str(p) for p in directory.problems if p.column == "town"]
    assert not [w for w in town_warnings if "櫻山" in w]
    assert any("逗子十丁目ではない町" in w for w in town_warnings)  # a real typo still warns
    assert "old-town" in {r.id for r in directory.resources}


def test_search_finds_an_old_form_name_either_way(tmp_path):
    from tsunagu.data.model import Resource
    from tsunagu.search.indexer import build_index
    from tsunagu.search.searcher import Searcher
    records = [Resource(id="z-old", city="zushi", kind="salon", name="櫻山ふれあいサロン", targets=("高齢者",)),
               Resource(id="z-new", city="zushi", kind="salon", name="栄町いきいき広場", targets=("高齢者",))]
    build_index(records, tmp_path / "index", ROOT / "data")
    searcher = Searcher(tmp_path / "index", ROOT / "data")
    assert [h.id for h in searcher.search("zushi", "桜山").hits] == ["z-old"]
    assert [h.id for h in searcher.search("zushi", "榮町").hits] == ["z-new"]


def test_one_name_key_for_geo_and_the_validator():
    assert fold_name("櫻山") == name_key("桜山") == name_key("櫻 山")


# -- control characters: one definition, each part's own response --------------------------

@pytest.mark.parametrize("ch", ["\x00", "\x1b", "\x85", "\u200b", "\u200e", "\u2028", "\u202e", "\ufeff", "\ue000"])
def test_one_control_rule(ch, tmp_path):
    text = f"桜山{ch}4-2"
    assert controls_in(text) == [ch]
    assert CONTROL_RE.search(text)  # a data cell (and the staff and suggestion forms) refuse it
    assert search_strip(text) == "桜山4-2"  # search drops it
    if ch not in WHITESPACE_CONTROLS:  # the address form refuses it; a line break is only a space
        with pytest.raises(BadInput, match="制御文字"):
            clean(text)


def test_ordinary_text_and_spaces_are_not_controls():
    assert controls_in("逗子市　桜山 4-2（集会所）") == []
    assert strip_controls("a\tb\nc", keep="\t") == "a\tbc"
    assert clean("逗子市桜山\n4-2") == "逗子市桜山4-2"
