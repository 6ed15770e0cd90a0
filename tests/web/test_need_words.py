"""Needs in residents' words (issue 28.7): 認知症・もの忘れ are understood, and answers name the need by its
label, not its code."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.bundled_data


@pytest.mark.parametrize("word", ["認知症", "もの忘れ"])
def test_dementia_words_find_the_elderly_care_desk(client, word):
    api = client.get("/api/v1/zushi/desk", params={"address": "新宿4丁目2番35号", "need": word})
    assert api.status_code == 200 and api.json()["status"] == "matched"
    page = BeautifulSoup(client.get("/zushi/desk", params={"address": "新宿4丁目2番35号", "need": word}).text,
                         "html.parser")
    assert page.select_one(".error-summary") is None and page.select_one("section.answer") is not None
    selected = page.select_one("select#need option[selected]")
    assert selected is not None and selected["value"] == "高齢" and "認知症" in selected.get_text()


def test_the_reason_names_the_need_as_residents_read_it(client):
    body = client.get("/api/v1/kamakura/desk", params={"address": "御成町18-10", "need": "生活困窮"}).json()
    assert "「生活・お金・仕事」の相談窓口" in body["reason"] and "「生活困窮」" not in body["reason"]


def test_an_unknown_need_is_still_refused(client):
    assert client.get("/api/v1/zushi/desk", params={"address": "新宿4丁目", "need": "宇宙"}).status_code == 400


def test_nothing_found_in_zushi_offers_the_desk_finder_not_three_desks_alike(client):
    """Issue 28.7: the no-result fallback repeated 「…にご相談ください」 for each 包括 without saying who covers whom."""
    page = BeautifulSoup(client.get("/zushi/search", params={"q": "ぜったいにないことばです"}).text, "html.parser")
    none = page.find(id="none-heading").find_parent("section")
    assert none.select_one('a[href="/zushi/desk"]') is not None
    assert none.get_text().count("にご相談ください") == 0 and "地域を分けて受け持っています" in none.get_text()
    assert none.select_one("a[href^=\"tel:\"]") is not None  # a direct call stays one tap away
