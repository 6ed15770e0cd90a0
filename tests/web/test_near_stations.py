"""Residents give a station as often as an address (issue 28, item 1): the near page lists each city's
stations, and a station typed into the address box is that station."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.bundled_data

STATION = {"zushi": "東逗子", "kamakura": "大船", "nagano": "北長野", "shimonoseki": "下関"}


def station_options(html: str) -> list[str]:
    select = re.search(r'<select[^>]*name="station".*?</select>', html, re.S)
    assert select, "the near page has no station list"
    return re.findall(r'<option value="([^"]+)"', select.group(0))


@pytest.mark.parametrize("city", sorted(STATION))
def test_the_station_list_offers_the_citys_stations(client, city):
    options = station_options(client.get(f"/{city}/near").text)
    assert STATION[city] in options and len(options) >= 3, options


@pytest.mark.parametrize("city", sorted(STATION))
def test_a_station_chosen_from_the_list_is_the_origin(client, city):
    body = client.get(f"/api/v1/{city}/near", params={"station": STATION[city], "kind": "all"}).json()
    assert body["origin"]["label"] == f"{STATION[city]}駅" and body["origin"]["precision"] == "facility"


def test_the_page_counts_from_the_chosen_station(client):
    html = client.get("/zushi/near", params={"station": "東逗子"}).text
    assert "<strong>東逗子駅</strong>から近い順" in html


@pytest.mark.parametrize("typed", ["東逗子駅", "東逗子"])
def test_a_station_typed_into_the_address_box_is_that_station(client, typed):
    html = client.get("/zushi/near", params={"address": typed}).text
    assert "<strong>東逗子駅</strong>から近い順" in html
    assert "逗子市内に見つかりません" not in html
    body = client.get("/api/v1/zushi/near", params={"address": typed}).json()
    assert body["origin"]["label"] == "東逗子駅" and body["origin"]["precision"] == "facility"


def test_an_address_is_still_read_as_an_address(client):
    body = client.get("/api/v1/zushi/near", params={"address": "逗子7-1-1"}).json()
    assert body["origin"]["label"] != "逗子駅" and body["origin"]["precision"] == "town"


def test_the_engine_lists_stations_itself(app, client):
    # A missing capability fails here, loudly, instead of showing an empty list on the page.
    assert "東逗子" in app.state.holder.current.geo.station_names("zushi")


@pytest.mark.parametrize("city, address", [("kamakura", "大船"), ("nagano", "鶴賀緑町1613"), ("shimonoseki", "長府")])
def test_near_without_any_placed_salon_is_not_a_dead_end(client, city, address):
    """Issue 28.2: say why nothing is listed, list what has no place yet, offer the desk and the form."""
    page = BeautifulSoup(client.get(f"/{city}/near", params={"address": address}).text, "html.parser")
    status = page.find("p", attrs={"role": "status"}).get_text("", strip=True)
    assert "から近い順にさがしましたが" in status and "まだ登録されていない" in status
    unplaced = page.find(id="unplaced-heading")
    assert unplaced is not None and page.select("section ol.resource-list li")
    links = {a["href"] for a in page.select("main a")}
    assert {f"/{city}/desk", f"/{city}/suggest", f"/{city}/search?kind=salon"} <= links


def test_a_salon_at_the_origins_town_point_says_so_instead_of_zero_metres(client):
    """Issue 28.8: 「約0 m（歩いて約0分）」 read as "right here" for a salon whose place is a town's point."""
    html = client.get("/zushi/near", params={"address": "桜山"}).text
    assert "約0 m" not in html and "歩いて約0分" not in html
    assert "出発地と同じ町の中です" in html


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.headers["content-type"] == "image/x-icon"
