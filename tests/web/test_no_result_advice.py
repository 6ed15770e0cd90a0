"""When a search finds nothing, the advice fits what happened (issue 28.5): the filter that emptied the
list is named with what dropping it finds; 「ことばを短く…」 only when the words found nothing; an
understood need lists the desks that answer it."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.bundled_data


def none_section(client, **params):
    page = BeautifulSoup(client.get(f"/{params.pop('city')}/search", params=params).text, "html.parser")
    section = page.select_one("section[aria-labelledby=none-heading]")
    assert section is not None, "expected the 見つかりませんでした section"
    return page, section


def test_a_filter_that_emptied_the_list_is_named_with_what_dropping_it_finds(client):
    _, section = none_section(client, city="nagano", q="お金", kind="salon")
    links = section.select(".relaxations a")
    assert links[0].get_text().startswith("「種類: サロン・通いの場」を外す（")
    follow = BeautifulSoup(client.get(links[0]["href"]).text, "html.parser")
    n = int(links[0].get_text().rsplit("（", 1)[1].rstrip("件）"))
    assert n > 0 and len(follow.select("ol.resource-list > li, ul.resource-list > li")) == n
    assert "ひらがなで" not in section.get_text()


def test_an_understood_need_lists_its_desks_not_a_dead_end(client):
    _, section = none_section(client, city="nagano", q="お金", kind="salon")
    desks = [a.get_text() for a in section.select(".need-desks a:not([href^='tel:'])")]
    assert desks and all(client.get(a["href"]).status_code == 200 for a in section.select(".need-desks a[href^='/']"))
    assert "生活・お金・仕事のこと" in section.get_text()


def test_words_that_find_nothing_get_the_word_advice(client):
    page, section = none_section(client, city="shimonoseki", q="ああああ")
    assert "ことばを短くするか、ひらがなで" in section.get_text()
    assert page.select_one(".result-count").get_text(strip=True) == "0件でした。"


def test_a_weekday_that_emptied_the_list_is_named(client):
    _, section = none_section(client, city="zushi", q="体操", day="mo")
    text = section.get_text()
    assert "「曜日: 月曜日」を外す" in text and "ひらがなで" not in text
