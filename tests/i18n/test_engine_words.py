"""Words the engines and the build write in Japanese, said on English and やさしい日本語 pages (issue 30.1):
the map legend (the build holds keys, the page words them), the near page's origin, and the address
parser's and near engine's sentences (said from their listed forms, names kept as written)."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

import pytest
from jinja2.utils import htmlsafe_json_dumps

from tsunagu.site.pages.answer_words import say

pytestmark = pytest.mark.bundled_data


@pytest.fixture(autouse=True)
def fresh_cookies(client):
    client.cookies.clear()
    yield
    client.cookies.clear()


def text(html: str) -> str:
    """What a reader sees, without the ruby's readings (やさしい日本語 pages have ふりがな)."""
    return unescape(re.sub(r"<[^>]+>", "", re.sub(r"<rt>.*?</rt>", "", html)))


def legend(html: str) -> list[tuple[str, str]]:
    block = re.search(r'<dl class="map-legend">(.*?)</dl>', html, re.DOTALL).group(1)
    return [(text(k), text(v)) for k, v in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block)]


def test_desk_area_legend_in_english_and_easy_japanese(client):
    url = "/zushi/desk?address=" + quote("新宿4丁目2番35号")
    en = legend(client.get(url + "&lang=en").text)
    assert ("black line", "city boundary") in en
    assert any(k == "blue area" and v.startswith("the area served by ") for k, v in en), en
    assert ("area with a red dotted edge", "a town whose desk depends on the ban or gō (type the address to check)") in en
    assert not any("担当区域" in v or "の面" in k for k, v in en), en  # desk names may stay Japanese, our words not
    easy = legend(client.get(url + "&lang=easy").text)
    assert any(v.endswith("が 受け持つ 地域") for _, v in easy), easy
    ja = legend(client.get(url + "&lang=ja").text)
    assert any(k == "青の面" and v.endswith("の担当区域") for k, v in ja), ja


def test_near_origin_legend_follows_the_language(client):
    url = "/zushi/near?station=" + quote("逗子")
    en = legend(client.get(url + "&lang=en").text)
    assert ("yellow circle", "starting point (逗子駅)") in en, en
    ja = legend(client.get(url + "&lang=ja").text)
    assert ("黄色の丸", "出発地（逗子駅）") in ja


def test_near_engine_message_in_english_and_easy(client):
    url = "/zushi/near?address=" + quote("あいうえお")
    en = text(client.get(url + "&lang=en").text)
    assert "We could not find 「あいうえお」 in 逗子市. Please start with the town name." in en, en
    assert "見つかりません" not in en  # the error summary too, not only the box's own message
    easy = text(client.get(url + "&lang=easy").text)
    assert "逗子市に 「あいうえお」が 見つかりません。" in easy
    ja = text(client.get(url + "&lang=ja").text)
    assert "「あいうえお」の場所が逗子市内に見つかりません。町名から入力してください。" in ja


def test_parser_notes_on_the_english_desk_page(client):
    html = client.get("/zushi/desk?lang=en&address=" + quote("「新宿4丁目2番35号」")).text
    assert "We read the address without the quotation marks around it." in text(html)


def test_a_name_said_twice_is_the_same_name():
    ja = "「大船」という駅は逗子市内に見つかりません（逗子市の駅: 逗子、東逗子）。"
    assert say(ja, "en") == "No station called 「大船」 was found in 逗子市 (stations of 逗子市: 逗子、東逗子)."
    assert say("「大船」という駅は逗子市内に見つかりません（鎌倉市の駅: 大船）。", "en") is None  # not the form: not guessed


@pytest.mark.parametrize("address", ["", "x" * 300, "新宿9丁目", "新宿4丁目2番35号 桜山ハイツ", "〒100-0001 新宿4-2-35",
                                     "住所: 新宿4-2-35", "新宿4丁目2番35-201"])
def test_the_parser_s_sentences_for_these_addresses_are_all_said(client, address):
    """Whatever the desk page answers for these, the English page has no Japanese sentence of ours left."""
    html = client.get("/zushi/desk", params={"address": address, "lang": "en"}).text
    assert 'lang="ja">' not in re.sub(r'<span lang="ja">[^<。]*</span>', "", html.split("<main", 1)[1]), address


def test_a_town_origin_is_named_in_english(client):
    """The geocoder names a town's point 「逗子五丁目の代表点」: said on the page and in the legend, the name kept."""
    html = client.get("/zushi/near?lang=en&address=" + quote("逗子5丁目")).text
    assert "the representative point of 逗子五丁目" in text(html)
    assert ("yellow circle", "starting point (the representative point of 逗子五丁目)") in legend(html)
    assert "の代表点" not in text(html)


def test_the_no_result_advice_names_filters_in_english(client):
    """A filter that emptied the list is named in the reader's words (it said 「種類: サロン・通いの場」)."""
    html = client.get("/nagano/search", params={"q": "お金", "kind": "salon", "lang": "en"}).text
    assert "Kind: salon (gathering place)" in text(html)
    html = client.get("/zushi/search", params={"q": "体操", "day": "mo", "lang": "en"}).text
    assert "Day: Monday" in text(html) and "種類:" not in text(html) and "曜日:" not in text(html)


def test_the_map_zoom_buttons_are_titled_in_the_reader_s_words(client):
    url = "/zushi/desk?address=" + quote("新宿4丁目2番35号")
    assert 'zoomInTitle: "Zoom in", zoomOutTitle: "Zoom out"' in client.get(url + "&lang=en").text
    ja = f"zoomInTitle: {htmlsafe_json_dumps('拡大')}, zoomOutTitle: {htmlsafe_json_dumps('縮小')}"  # as the script writes it
    assert ja in client.get(url + "&lang=ja").text
