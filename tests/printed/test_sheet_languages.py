"""Printed sheets follow the reader's language (issue 30.5): every district sheet and the personal sheet in
English and やさしい日本語 are still one A4 sheet (the personal sheet one page; large print two), tagged with
the right language; English and やさしい日本語 district sheets are made on demand through the layout pool and
kept per build outside the build folder; やさしい日本語 sheets carry ふりがな, but never inside the printed address."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from tsunagu.catalog import Catalog
from tsunagu.guides.files import names
from tsunagu.guides.pdfinfo import read_pdf
from tsunagu.site.layout_pool import LayoutPool
from tsunagu.site.printed.district import cache_dir

pytestmark = pytest.mark.bundled_data

PERSONAL = [("zushi", "小坪4丁目", ["高齢"]), ("kamakura", "腰越3丁目", ["高齢"]),
            ("kamakura", "大船2丁目", ["子育て", "生活困窮", "障がい"]), ("nagano", "鶴賀", ["高齢", "障がい", "子育て"]),
            ("shimonoseki", "竹崎町1丁目", [])]


def kanji(text: str) -> str:
    """The text without its hiragana: a やさしい日本語 PDF's text layer has each kanji run's ふりがな after it,
    so words are found by what is left of them."""
    return re.sub(r"[\u3041-\u309f\s]+", "", text)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


SECOND_SHEET = {"en": "onasecondsheet", "easy": kanji("1枚に入らないので")}
HEADING = {"en": "Wheretoaskwhenyouneedhelp", "easy": kanji("困ったときの相談窓口")}


@pytest.fixture(scope="module")
def reader(app):
    """A client of its own: the language cookie it keeps must not reach the other tests' client."""
    with TestClient(app) as c:
        yield c


def districts(settings) -> list[tuple[str, str]]:
    """Every district whose Japanese sheet the build made (guides/guide-<city>-<district>.pdf)."""
    catalog = Catalog(settings.current_build.resolve())
    made = {p.name for p in (settings.current_build / "guides").glob("guide-*.pdf")}
    return [(c.slug, d.id) for c in catalog.cities.values() for d in c.districts
            if names(c.slug, d.id)["pdf"] in made]


@pytest.mark.parametrize("lang", ["en", "easy"])
def test_every_district_sheet_in_the_language_is_one_sheet_or_says_what_went_to_a_second(reader, settings, lang):
    build_files = sorted(p.name for p in (settings.current_build / "guides").iterdir())
    checked = 0
    for city, district in districts(settings):
        r = reader.get(f"/{city}/areas/{district}.pdf", params={"lang": lang})
        assert r.status_code == 200 and r.headers["content-type"] == "application/pdf", (city, district)
        assert "Cookie" in r.headers["vary"]  # one address, three languages: caches keep them apart
        info = read_pdf(r.content)
        text = flat("".join(info.text))
        sheets = 2 if SECOND_SHEET[lang] in (text if lang == "en" else kanji(text)) else 1
        assert info.pages == 2 * sheets or (sheets == 2 and info.pages == 3), f"{lang} {city}/{district}: {info.pages} pages"
        assert info.smallest_pt >= 10.5 and info.tagged, f"{lang} {city}/{district}"
        assert info.lang == ("en" if lang == "en" else "ja"), f"{lang} {city}/{district}: <html lang> {info.lang}"
        assert HEADING[lang] in (text if lang == "en" else kanji(text)), f"{lang} {city}/{district}"
        assert f"/{city}/areas/{district}?lang={lang}" in text  # the QR and the printed address open this language
        checked += 1
    assert checked == len(districts(settings)) >= 15
    # Kept beside the build, never written into it.
    assert sorted(p.name for p in (settings.current_build / "guides").iterdir()) == build_files
    kept = cache_dir(settings.var_dir, settings.current_build)
    assert len(list(kept.glob(f"*.{lang}.pdf"))) >= checked


def test_an_english_sheet_is_english_and_marks_the_japanese_it_keeps(reader):
    info = read_pdf(reader.get("/zushi/areas/kotsubo.pdf", params={"lang": "en"}).content)
    front, back = flat(info.text[0]), flat(info.text[1])
    for words in ("Localhelpguideforthedistrict", "Wheretoaskwhenyouneedhelp", "Dayoftheweeknotgiven", "Asof"):
        assert words in front, words
    assert back.startswith("Adviceandhelpforthewholecity(byworry)")
    # No English text is held for these records: the sheet says so, and keeps the name with its romaji.
    assert "EntrieswithnoEnglishtextyetareinJapanese,withtheirreading" in front
    assert "西部地域包括支援センター" in front and "ZushishiSeibu" in front
    assert "困ったときの相談窓口" not in front and "市全体の相談・支援" not in back


def test_an_easy_japanese_sheet_has_furigana_but_its_address_reads_as_typed(reader):
    info = read_pdf(reader.get("/zushi/areas/kotsubo.pdf", params={"lang": "easy"}).content)
    front = flat(info.text[0])
    assert "相談そうだん" in front and "窓口まどぐち" in front
    assert "/zushi/areas/kotsubo?lang=easy" in front  # no readings inside the web address


def test_a_kept_sheet_is_served_again_without_a_layout_and_a_new_one_waits_its_turn(reader, app, settings):
    first = reader.get("/zushi/areas/sakurayama/large.pdf", params={"lang": "en"})
    assert first.status_code == 200 and read_pdf(first.content).smallest_pt >= 16
    saved = app.state.layout_pool
    app.state.layout_pool = LayoutPool(workers=0, queue=0, per_minute=100)  # every slot taken
    try:
        again = reader.get("/zushi/areas/sakurayama/large.pdf", params={"lang": "en"})
        assert again.status_code == 200 and again.content == first.content
        busy = reader.get("/zushi/areas/sakurayama/large.pdf", params={"lang": "easy"})
        assert busy.status_code == 429 and busy.headers["retry-after"].isdigit()
        retry = BeautifulSoup(busy.text, "html.parser").select_one('main a[href^="/zushi/areas/sakurayama/large.pdf"]')
        assert retry is not None  # a way on: the same sheet again in a few seconds
        page = BeautifulSoup(busy.text, "html.parser")
        guide = page.select_one('main a[href^="/zushi/areas/sakurayama?"]')  # or its web page, which prints the same
        assert guide is not None and "地区" in guide.get_text() and "相談先メモ" not in page.get_text()
        assert reader.get("/zushi/areas/sakurayama.pdf", params={"lang": "ja"}).status_code == 200  # the build's own
    finally:
        app.state.layout_pool = saved


@pytest.mark.parametrize("lang", ["en", "easy"])
@pytest.mark.parametrize(("city", "address", "needs"), PERSONAL)
def test_the_personal_sheet_in_the_language_is_one_page(reader, lang, city, address, needs):
    params = {"address": address, "need": needs, "lang": lang}
    info = read_pdf(reader.get(f"/{city}/sheet.pdf", params=params).content)
    text = flat("".join(info.text))
    assert info.pages == 1 and info.smallest_pt >= 10.5, (lang, city, address, info.pages)
    assert info.lang == ("en" if lang == "en" else "ja")
    assert ("Theadvicedeskforthisaddress" if lang == "en" else kanji("この住所の相談窓口")) in (text if lang == "en" else kanji(text))
    large = read_pdf(reader.get(f"/{city}/sheet.pdf", params={**params, "size": "large"}).content)
    assert large.pages <= 2 and large.smallest_pt >= 16, (lang, city, address, large.pages)


def test_the_sheet_form_and_the_guide_page_are_in_the_reader_s_language(reader):
    soup = BeautifulSoup(reader.get("/zushi/sheet", params={"address": "小坪4丁目", "need": "高齢", "lang": "en"}).text,
                         "html.parser")
    legends = [flat(f.legend.get_text()) for f in soup.select("form fieldset")]
    assert "Typesize" in legends and any(lg.startswith("Worries") for lg in legends)
    labels = [flat(label.get_text()) for label in soup.select("form fieldset label")]
    assert "Normal" in labels and "Large" in labels and not any(re.search(r"[ぁ-ん]", lb) for lb in labels)
    assert "Japanese only" not in soup.get_text()
    sheet = soup.select_one("article.sheet-personal")
    assert sheet["lang"] == "en" and "The advice desk for this address" in sheet.get_text()
    assert sheet.select_one('[lang="ja"]') is not None  # names with no English text stay Japanese, marked
    page = BeautifulSoup(reader.get("/zushi/areas/kotsubo", params={"lang": "en"}).text, "html.parser")
    guide = page.select_one("article.sheet")
    assert guide["lang"] == "en" and "Where to ask when you need help" in guide.get_text()
    assert "Japanese only" not in page.get_text()
    reader.get("/", params={"lang": "ja"})


def test_a_record_s_own_english_text_is_printed_and_where_there_is_none_the_sheet_says_so(app):
    from tsunagu.guides.district import sheet_item
    from tsunagu.site.printed.words import sheet_words

    catalog = app.state.holder.current.catalog
    r = next(r for r in catalog.in_city("zushi") if r.kind == "consultation_desk")
    words = sheet_words("en", catalog, "zushi")
    own = sheet_item(replace(r, name_en="Zushi West Care Centre", description_en="Advice on care."),
                     catalog, words=words)
    assert (own.name, own.name_lang, own.description) == ("Zushi West Care Centre", "", "Advice on care.")
    assert not words.own_text_note([own])
    bare = sheet_item(r, catalog, words=words)
    assert bare.name == r.name and bare.name_lang == "ja" and bare.name_reading.isascii() and bare.name_reading
    assert "no English text" in words.own_text_note([bare])
    words.readings = False  # a full personal sheet leaves the romaji to the web page, and says no more of it
    assert "reading" not in words.own_text_note([bare]) and not sheet_item(r, catalog, words=words).name_reading
    assert sheet_item(r, catalog).name_lang == ""  # the build's Japanese sheet is unchanged


def test_furigana_give_way_before_a_district_sheet_would_need_a_second_sheet(reader):
    """鎌倉's districts fit one sheet in やさしい日本語 only without ふりがな (with them, salons went to a second sheet)."""
    info = read_pdf(reader.get("/kamakura/areas/tamanawa.pdf", params={"lang": "easy"}).content)
    text = flat("".join(info.text))
    assert info.pages == 2 and "1枚に入らないので" not in text
    assert "困ったときの相談窓口" in text  # laid out without readings, not cut
