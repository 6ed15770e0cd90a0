"""A record's page in English and やさしい日本語 (issue 30.2): staff's own text where there is some; otherwise the
English page says so plainly and shows the Japanese with the names' romaji from the kana we hold."""
from __future__ import annotations

import csv

import pytest
from fastapi.testclient import TestClient
from world import copy_data, test_settings

from tsunagu.site.pages.record_text import name_romaji

from .html import parse

pytestmark = pytest.mark.bundled_data

ENGLISH = {"name_en": "Kinjo Hiroba Rest Stop (Zushi)", "description_en": "A place for older neighbours to meet.",
           "description_easy": "お年よりが あつまって、話を します。"}


@pytest.fixture(scope="module")
def lang_client(tmp_path_factory):
    """A build of the bundled data where one record (zushi-salon-01) has English and やさしい日本語 text."""
    from tsunagu.build import build
    from tsunagu.site.app import create_app
    tmp = tmp_path_factory.mktemp("record-languages")
    data = copy_data(tmp / "data")
    path = data / "resources" / "zushi.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = list(reader.fieldnames or []) + list(ENGLISH), list(reader)
    for row in rows:
        row.update(ENGLISH if row["id"] == "zushi-salon-01" else dict.fromkeys(ENGLISH, ""))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    settings = test_settings(tmp, data_dir=data)
    build(settings)
    with TestClient(create_app(settings)) as client:
        yield client


def page(client, path: str, lang: str):
    sep = "&" if "?" in path else "?"
    return parse(client.get(f"{path}{sep}lang={lang}", headers={"Cookie": f"lang={lang}"}))


def test_english_text_is_shown_where_staff_wrote_it(lang_client):
    soup = page(lang_client, "/zushi/resources/zushi-salon-01", "en")
    assert soup.h1.get_text(strip=True) == ENGLISH["name_en"]
    assert soup.find("p", class_="lead").get_text(strip=True) == ENGLISH["description_en"]
    assert soup.find(id="no-english") is None
    assert "近所ひろば お休み処 in逗子地区" in soup.get_text()  # the Japanese name stays beside it


def test_without_english_text_the_page_says_so_and_reads_the_japanese(lang_client):
    soup = page(lang_client, "/zushi/resources/zushi-desk-central", "en")
    assert "no English text yet" in soup.find(id="no-english").get_text()
    assert soup.h1.span["lang"] == "ja" and soup.h1.get_text(strip=True) == "逗子市中部地域包括支援センター"
    text = soup.get_text(" ")
    assert "Zushishi Chuubu Chiiki Houkatsu Shien Sentaa" in text  # romaji of its name_kana
    assert "Zushishi Zushi 5-4-33" in text  # the address keeps its Japanese, its reading beside it
    lead = soup.find("p", class_="lead")
    assert lead["lang"] == "ja" and lead.find("ruby") is not None  # the Japanese text with its reading
    assert "<ruby>福祉<rt>ふくし</rt></ruby>" in str(lead)


def test_easy_japanese_description_is_used_when_written(lang_client):
    easy = page(lang_client, "/zushi/resources/zushi-salon-01", "easy")
    assert ENGLISH["description_easy"] in easy.find("p", class_="lead").get_text()
    plain = page(lang_client, "/zushi/resources/zushi-salon-01", "ja")
    assert ENGLISH["description_easy"] not in plain.get_text()


def test_english_lists_name_records_in_english_or_with_their_romaji(lang_client):
    soup = page(lang_client, "/zushi/search?q=お休み処", "en")
    names = {a.get_text(strip=True): a for a in soup.select(".resource-name a")}
    assert ENGLISH["name_en"] in names
    soup = page(lang_client, "/zushi/", "en")
    names = {a.get_text(strip=True): a for a in soup.select(".resource-name a")}
    desk = names.get("逗子市中部地域包括支援センター")
    assert desk is not None and desk["lang"] == "ja"
    assert "Zushishi Chuubu Chiiki Houkatsu Shien Sentaa" in desk.parent.get_text(" ")
    japanese = page(lang_client, "/zushi/search?q=お休み処", "ja")
    assert ENGLISH["name_en"] not in japanese.get_text()


@pytest.mark.parametrize(("name", "kana", "said"), [
    ("くらしと福祉の相談窓口", "くらしとふくしのそうだんまどぐち", "Kurashi to Fukushi no Soudan Madoguchi"),
    ("鎌倉市社会福祉協議会 なんでも相談窓口", "かまくらししゃかいふくしきょうぎかい なんでもそうだんまどぐち",
     "Kamakurashi Shakai Fukushi Kyougikai Nandemo Soudan Madoguchi"),
    ("変な名前", "ちがうよみ", "Chigauyomi"),  # the words don't read as the held kana: the kana whole, uncut
])
def test_a_names_romaji_is_cut_into_words_only_where_its_words_read_as_its_kana(name, kana, said):
    """A reader sounding out a long name needs its words apart; the cut never changes the held reading."""
    assert name_romaji(name, kana, None) == said
