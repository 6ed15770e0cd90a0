"""Page and API give one answer (issue 23): for a fixed list of addresses and queries in the four cities,
what the page says is what the API says — the same desk, candidates, reason; the same salons in order."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.bundled_data

DESK = [("zushi", "新宿4丁目2番35号", ""), ("zushi", "新宿4丁目", ""), ("zushi", "逗子7-1-1", "高齢"),
        ("zushi", "桜山", ""), ("zushi", "鎌倉市御成町18-10", ""), ("kamakura", "御成町18-10", ""),
        ("kamakura", "大船", "生活困窮"), ("nagano", "鶴賀緑町1613", ""), ("shimonoseki", "南部町1-1", "")]
NEAR = [("zushi", {"address": "逗子7-1-1"}), ("zushi", {"station": "東逗子"}), ("zushi", {"address": "桜山"}),
        ("kamakura", {"address": "大船"}), ("kamakura", {"station": "鎌倉"})]
SEARCH = [("zushi", "サロン"), ("zushi", "お金"), ("kamakura", "介護"), ("nagano", "認知症"),
          ("shimonoseki", "相談")]


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.text[:300]
    return BeautifulSoup(response.text, "html.parser")


def linked_ids(section, city: str) -> list[str]:
    links = [a["href"].rsplit("/", 1)[1] for a in section.select(f"a[href^='/{city}/resources/']")]
    return [i for i in dict.fromkeys(links) if not i.endswith((".ics", "suggest"))]


@pytest.mark.parametrize("city, address, need", DESK)
def test_the_desk_page_says_what_the_api_says(client, city, address, need):
    api = client.get(f"/api/v1/{city}/desk", params={"address": address, "need": need}).json()
    page = soup(client.get(f"/{city}/desk", params={"address": address, "need": need}))
    answer = page.select_one("section.answer")
    assert answer is not None, api
    text = answer.get_text(" ", strip=True)
    assert api["reason"] in text
    shown = linked_ids(answer, city)
    for desk in ([api["desk"]] if api["desk"] else []) + api["candidates"] + api["also"]:
        if desk["id"].startswith(f"{city}-"):  # a desk the directory has is linked by its id
            assert desk["id"] in shown, (desk, shown)
    if api["status"] == "matched":
        assert page.find("h2", id="answer-heading").get_text(strip=True) == f"担当の窓口: {api['desk']['name']}"


@pytest.mark.parametrize("city, params", NEAR)
def test_the_near_page_lists_what_the_api_lists(client, city, params):
    api = client.get(f"/api/v1/{city}/near", params={**params, "limit": 10}).json()
    page = soup(client.get(f"/{city}/near", params=params))
    main = page.find("main")
    if api["origin"]:
        assert f"{api['origin']['label']}から近い順" in main.get_text("", strip=True)
    assert linked_ids(main, city)[:len(api["results"])] == [r["id"] for r in api["results"]]


@pytest.mark.parametrize("city, q", SEARCH)
def test_the_search_page_lists_what_the_api_lists(client, city, q):
    api = client.get(f"/api/v1/{city}/search", params={"q": q}).json()
    page = soup(client.get(f"/{city}/search", params={"q": q}))
    results = page.find("main")
    listed = linked_ids(results, city)
    assert listed[:len(api["results"])] == [r["id"] for r in api["results"]]
    if api["total"]:
        assert re.search(rf"{api['total']}\s*件", results.get_text(" ", strip=True))
