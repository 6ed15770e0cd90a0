"""ふりがな (issue 30.4): ruby on kanji only, readings we hold over Sudachi's, every town and district read
as its table says, escaped output and no ruby inside tags, titles or form values."""
from __future__ import annotations

import re

import pytest
from search_fixtures import DATA_DIR

from tsunagu.data import reference
from tsunagu.data.loader import load_cities
from tsunagu.search.furigana import Furigana, hira
from tsunagu.search.furigana_page import ruby_page
from tsunagu.search.known_readings import Readings, city_readings, postal_pairs, town_pairs

RUBY = re.compile(r"<ruby>(.*?)<rt>(.*?)</rt></ruby>")


def read_back(markup: str) -> str:
    """What a reader of the ruby reads: each ruby's <rt>, the text outside as written."""
    return hira(re.sub(r"<[^>]+>", "", RUBY.sub(lambda m: m.group(2), markup)))


def test_ruby_on_kanji_runs_only_okurigana_outside():
    f = Furigana()
    assert str(f.html("お休み")) == "お<ruby>休<rt>やす</rt></ruby>み"
    assert str(f.html("相談センター")) == "<ruby>相談<rt>そうだん</rt></ruby>センター"
    assert str(f.html("サロン")) == "サロン"


def test_held_reading_wins_and_splits_over_the_kanji_runs():
    f = Furigana({"沼間": "ぬまま", "山の根": "やまのね", "篠ノ井": "しののい"})
    assert Furigana().reading("沼間") == "ぬま"  # Sudachi alone misreads the town
    assert str(f.html("沼間の公民館")) == (
        "<ruby>沼間<rt>ぬまま</rt></ruby>の<ruby>公民<rt>こうみん</rt></ruby><ruby>館<rt>かん</rt></ruby>")
    assert str(f.html("山の根")) == "<ruby>山<rt>やま</rt></ruby>の<ruby>根<rt>ね</rt></ruby>"
    # not し / のい: the split agreeing with each kanji's own reading
    assert str(f.html("篠ノ井")) == "<ruby>篠<rt>しの</rt></ruby>ノ<ruby>井<rt>い</rt></ruby>"


def test_held_reading_only_on_word_edges():
    f = Furigana({"新町": "しんまち"})
    assert f.reading("新町") == "しんまち"
    assert not f.reading("新町内会").startswith("しんまち")  # 新 / 町内会: not the town


def test_record_name_kana_with_latin_letters():
    f = Furigana({"近所ひろば お休み処 in逗子地区": "きんじょひろば おやすみどころ いんずしちく"})
    assert str(f.html("近所ひろば お休み処 in逗子地区")) == (
        "<ruby>近所<rt>きんじょ</rt></ruby>ひろば お<ruby>休<rt>やす</rt></ruby>み<ruby>処<rt>どころ</rt></ruby>"
        " in<ruby>逗子地区<rt>ずしちく</rt></ruby>")


def test_output_is_escaped_once():
    out = Furigana().html('<script>alert("小坪")</script> & 相談')
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp; " in out
    assert "&amp;amp;" not in out


def test_conflicting_readings_are_dropped():
    held = Readings()
    held.add("本町", "ほんまち")
    held.add("本町", "ほんちょう")
    assert "本町" not in held.known and held.conflicts["本町"] == {"ほんまち", "ほんちょう"}


PAGE = ('<title>小坪の相談</title><main><h1 title="小坪">小坪の相談</h1>'
        '<form><input name="q" value="山ノ内"><textarea>小坪</textarea>'
        '<select><option value="1">小坪</option></select></form>'
        '<p>A &amp; B 相談 &lt;i&gt;</p><script>var s = "小坪";</script><ruby>漢字<rt>かんじ</rt></ruby></main>')


def test_page_pass_leaves_tags_titles_and_form_values_alone():
    f = Furigana({"小坪": "こつぼ"})
    out = str(ruby_page(PAGE, f))
    assert out.startswith("<title>小坪の相談</title>")
    assert '<h1 title="小坪"><ruby>小坪<rt>こつぼ</rt></ruby>の<ruby>相談<rt>そうだん</rt></ruby></h1>' in out
    assert '<input name="q" value="山ノ内"><textarea>小坪</textarea>' in out
    assert '<option value="1">小坪</option>' in out
    assert "<p>A &amp; B <ruby>相談<rt>そうだん</rt></ruby> &lt;i&gt;</p>" in out
    assert '<script>var s = "小坪";</script>' in out
    assert "<ruby>漢字<rt>かんじ</rt></ruby></main>" in out  # an existing ruby is not given a second


@pytest.mark.bundled_data
@pytest.mark.parametrize(("slug", "name", "kana"), [
    ("zushi", "逗子", "ずし"), ("zushi", "小坪", "こつぼ"), ("zushi", "山の根", "やまのね"),
    ("kamakura", "山ノ内", "やまのうち"), ("nagano", "篠ノ井", "しののい"), ("shimonoseki", "彦島", "ひこしま"),
    # no kana in the town table: the city's own name (Sudachi alone: おさの) and Japan Post's names beginning with it
    ("nagano", "大字長野", "おおあざながの"), ("nagano", "七二会", "なにあい"), ("shimonoseki", "藤ケ谷", "ふじがたに")])
def test_named_places(slug, name, kana):
    cities = load_cities(DATA_DIR)
    f = Furigana(city_readings(DATA_DIR, slug, cities).known, anchors=tuple(c.name for c in cities.values()))
    assert f.reading(name) == kana
    address = f"{cities[slug].name}{name}1番地"
    assert read_back(f.html(address)) == hira(cities[slug].name_kana) + kana + "1ばんち"


def every_name(cities) -> list[tuple[str, str, str, str]]:
    """(city slug, kind, name, kana) of every town, 小字 and district of the cities that has a kana."""
    rows = reference.load(DATA_DIR).town_rows
    out = []
    for slug, city in cities.items():
        out += [(slug, "town", n, k) for n, k in dict.fromkeys(town_pairs(rows, city.code5))]
        out += [(slug, "district", d.name, d.name_kana) for d in city.districts]
    return out


@pytest.mark.bundled_data
def test_every_town_and_district_reads_as_its_table_kana():
    """Each name alone and in an address (市名 + 町名 + 番地) reads exactly its table kana; Sudachi alone
    gets fewer right (so the held readings are what makes it right, and this test can fail)."""
    cities = load_cities(DATA_DIR)
    anchors = tuple(c.name for c in cities.values())
    per_city = {slug: Furigana(city_readings(DATA_DIR, slug, cities).known, anchors=anchors) for slug in cities}
    plain = Furigana()
    names = every_name(cities)
    wrong, sudachi_right = [], 0
    inner_oaza = 0
    for slug, _kind, name, kana in names:
        f, city = per_city[slug], cities[slug]
        alone, in_address = read_back(f.html(name)), read_back(f.html(f"{city.name}{name}1番地"))
        if "大字" in name[1:]:  # 菊川町大字樅ノ木: the table's kana leaves out the 大字 inside, the ruby reads it
            inner_oaza += 1
            alone, in_address = alone.replace("おおあざ", "", 1), in_address.replace("おおあざ", "", 1)
        if alone != hira(kana) or in_address != hira(city.name_kana + kana) + "1ばんち":
            wrong.append((slug, name, alone, kana))
        sudachi_right += plain.reading(name) == hira(kana)
    print(f"\nreading test: {len(names) - len(wrong)}/{len(names)} names read as their table kana "
          f"(Sudachi alone: {sudachi_right}; {inner_oaza} with a 大字 inside that the table's kana leaves out)")
    assert len(names) > 800 and not wrong, wrong[:20]
    assert sudachi_right < len(names) * 0.9


@pytest.mark.bundled_data
def test_every_postal_town_reads_as_japan_posts_kana_in_an_address():
    cities = load_cities(DATA_DIR)
    anchors = tuple(c.name for c in cities.values())
    total, wrong = 0, []
    for slug, city in cities.items():
        f = Furigana(city_readings(DATA_DIR, slug, cities).known, anchors=anchors)
        for name, kana in postal_pairs(DATA_DIR / "geo/postal_codes_kenall.csv", city.code5):
            total += 1
            if hira(kana) not in read_back(f.html(f"{city.name}{name}1番地")):
                wrong.append((name, kana))
    assert total > 700 and not wrong, wrong[:20]


def test_a_held_reading_that_leaves_out_part_of_the_name_is_not_spread_over_it():
    name = "障がい者相談支援事業所（相談支援事業）"
    f = Furigana({name: "しょうがいしゃそうだんしえんじぎょうしょ"})  # the bracketed part has no kana
    out = str(f.html(name))
    assert "<ruby>所<rt>しょ</rt></ruby>（<ruby>相談<rt>そうだん</rt></ruby>" in out
    assert read_back(out) == "しょうがいしゃそうだんしえんじぎょうしょ（そうだんしえんじぎょう）"
