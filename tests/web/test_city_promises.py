"""The home and about pages promise only what each city's data can give (issue 28.3): a phone is promised
where one is registered; elsewhere the page names the desk and says the number is not registered yet."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.bundled_data

NO_PHONE = "電話番号はまだ登録されていません"


def contacts(client, path: str) -> dict[str, str]:
    page = BeautifulSoup(client.get(path).text, "html.parser")
    return {li.find("strong").get_text(): li.get_text(" ", strip=True) for li in page.select(".city-contacts > li")}


@pytest.mark.parametrize("path", ["/", "/about/accessibility"])
def test_each_city_says_where_to_start_and_whether_a_phone_is_known(client, path):
    lines = contacts(client, path)
    assert set(lines) == {"逗子市", "鎌倉市", "長野市", "下関市"}
    assert NO_PHONE not in lines["逗子市"] and "住所から担当の窓口をさがす" in lines["逗子市"]
    for city in ("鎌倉市", "長野市", "下関市"):
        assert NO_PHONE in lines[city], lines[city]
    text = BeautifulSoup(client.get(path).text, "html.parser").get_text()
    assert "に電話で相談できます" not in text and "社会福祉協議会を通じてお知らせください" not in text


def test_the_english_page_does_not_promise_a_phone_number_for_every_desk(client):
    page = BeautifulSoup(client.get("/about/english").text, "html.parser")
    text = page.get_text(" ", strip=True)
    assert "with its phone number" not in text and "Every desk can help you find interpretation" not in text
    items = [li.get_text(" ", strip=True) for li in page.select(".city-contacts > li")]
    assert len(items) == 4 and all("Phone numbers registered for" in i for i in items)
    assert any("Phone numbers registered for 0 of" in i and "鎌倉市" in i for i in items)


def test_the_home_search_offers_every_city_of_the_catalog(client):
    page = BeautifulSoup(client.get("/").text, "html.parser")
    assert [o["value"] for o in page.select("#home-city option")] == ["zushi", "kamakura", "nagano", "shimonoseki"]
