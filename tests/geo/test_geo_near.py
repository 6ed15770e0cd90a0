"""Nearest-N, geocoding precision and privacy, town_of."""
from __future__ import annotations

import math

import pytest

from tsunagu.data.model import Resource
from tsunagu.geo.near import walk_minutes

pytestmark = pytest.mark.bundled_data


def salon(id, lat=None, lon=None, precision="facility", public=True, town="", city="zushi", kind="salon"):
    return Resource(id=id, city=city, kind=kind, name=id, lat=lat, lon=lon, precision=precision if lat else "none",
                    location_public=public, town=town)


@pytest.fixture
def salons():
    return [
        salon("near", 35.2960, 139.5790),  # ~190 m from 逗子駅
        salon("mid", 35.2920, 139.5830),
        salon("far", 35.3100, 139.6100),
        salon("nowhere"),  # precision none: never listed
        salon("desk", 35.2974, 139.5784, kind="consultation_desk"),  # other kind
        salon("kamakura", 35.3190, 139.5500, city="kamakura"),
        # a private home: its own coordinates must never be used, only 逗子七丁目's point
        salon("home", 35.2975, 139.5785, precision="facility", public=False, town="逗子七丁目"),
    ]


def test_nearest_from_station_in_order_with_walk_minutes(engine, salons):
    a = engine.nearest("zushi", salons, station="逗子", kind="salon", limit=10).model_dump(exclude_unset=True)
    assert a["origin"]["label"] == "逗子駅" and a["origin"]["precision"] == "facility"
    ids = [r["id"] for r in a["results"]]
    assert ids == ["near", "home", "mid", "far"]
    d = [r["distance_m"] for r in a["results"]]
    assert d == sorted(d)
    for r in a["results"]:
        assert r["walk_min"] == math.ceil(r["distance_m"] / 80) or r["walk_min"] == walk_minutes(r["distance_m"])
        assert set(r) == {"id", "name", "kind", "distance_m", "walk_min", "precision"}


def test_private_place_counts_from_its_town_point(engine, salons):
    a = engine.nearest("zushi", salons, station="逗子", limit=10).model_dump(exclude_unset=True)
    home = next(r for r in a["results"] if r["id"] == "home")
    assert home["precision"] == "town"
    # 逗子七丁目's point (35.296009, 139.574388) is ~370 m from the station, the house's own
    # coordinates only ~10 m: the answer must show the town distance
    assert 300 < home["distance_m"] < 450


def test_limit_and_kind(engine, salons):
    a = engine.nearest("zushi", salons, station="逗子", kind="salon", limit=2).model_dump(exclude_unset=True)
    assert [r["id"] for r in a["results"]] == ["near", "home"]
    b = engine.nearest("zushi", salons, station="逗子", kind="consultation_desk").model_dump(exclude_unset=True)
    assert [r["id"] for r in b["results"]] == ["desk"]


@pytest.mark.parametrize("name", ["逗子", "逗子駅", "東逗子", "逗子・葉山", "逗子葉山", "神武寺"])
def test_stations_by_name(engine, salons, name):
    a = engine.nearest("zushi", salons, station=name).model_dump(exclude_unset=True)
    assert a["origin"]["precision"] == "facility" and a["results"]


def test_origin_from_address_is_town_precision_and_says_so(engine, salons):
    a = engine.nearest("zushi", salons, address="逗子市逗子7-1-1").model_dump(exclude_unset=True)
    assert a["origin"]["precision"] == "town" and "逗子七丁目" in a["origin"]["label"]
    assert "おおよそ" in a["message"]
    assert a["results"][0]["id"] == "home" and a["results"][0]["distance_m"] == 0


def test_origin_from_town_and_latlon(engine, salons):
    a = engine.nearest("zushi", salons, town="沼間").model_dump(exclude_unset=True)
    assert a["origin"]["precision"] == "town"
    b = engine.nearest("zushi", salons, lat=35.3100, lon=139.6100).model_dump(exclude_unset=True)
    assert b["results"][0]["id"] == "far" and b["results"][0]["distance_m"] == 0


@pytest.mark.parametrize("kw", [{"station": "東京"}, {"address": "ほげ"}, {"address": "鎌倉市御成町1-1"},
                                {"lat": "x", "lon": 1}, {"lat": 0, "lon": 0}, {}])
def test_bad_origin_is_a_message(engine, salons, kw):
    a = engine.nearest("zushi", salons, **kw).model_dump(exclude_unset=True)
    assert a["origin"] is None and a["results"] == [] and a["status"] == "origin_not_found" and a["message"]


def test_walk_minutes_rounds_up():
    assert walk_minutes(80) == 1 and walk_minutes(81) == 2 and walk_minutes(400) == 5


def test_town_of(engine):
    assert engine.town_of("zushi", 35.298097, 139.566229) == "新宿四丁目"
    assert engine.town_of("zushi", 35.0, 139.0) is None


def test_geocode_directory_precisions_and_privacy(engine):
    from tsunagu.data.loader import Directory, Venue
    from tsunagu.data.model import City
    d = Directory({"zushi": City("zushi", "142085", "逗子市", "", "神奈川県")}, [], {}, {}, {})
    d.venues["v-pub"] = Venue("v-pub", "zushi", "福祉会館", lat=35.294725, lon=139.593801, precision="facility")
    d.venues["v-noxy"] = Venue("v-noxy", "zushi", "どこか会館", address="逗子市沼間3-1-1")
    d.resources = [
        Resource(id="a", city="zushi", kind="salon", name="a", venue="v-pub"),
        Resource(id="b", city="zushi", kind="salon", name="b", venue="v-noxy"),
        Resource(id="c", city="zushi", kind="salon", name="c", address="逗子市池子字棧敷戸1892-6"),
        Resource(id="d", city="zushi", kind="salon", name="d", town="逗子七丁目", location_public=False),
        Resource(id="e", city="zushi", kind="salon", name="e"),
        Resource(id="f", city="zushi", kind="salon", name="f", lat=35.3, lon=139.59, precision="facility"),
        Resource(id="g", city="zushi", kind="salon", name="g", venue="gsi:E1420800067111"),
    ]
    engine.geocode_directory(d)
    got = {r.id: (r.precision, r.lat, r.lon) for r in d.resources}
    assert got["a"] == ("facility", 35.294725, 139.593801)
    assert got["b"][0] == "town"  # address known, no point for the building: 沼間三丁目
    assert got["c"][0] == "facility"  # the GSI 保健センター is registered at exactly this 番地
    assert got["d"] == ("town", 35.296009, 139.574388)  # private: 逗子七丁目's point
    assert got["e"] == ("none", None, None)
    assert got["f"] == ("facility", 35.3, 139.59)  # supplied coordinates are kept
    assert got["g"][0] == "facility"
    assert all(r.geocode_label for r in d.resources)


def test_near_from_an_undecided_oaza_or_chome_town_says_what_to_add(engine):
    a = engine.nearest("nagano", [], address="長野市三輪", kind="salon")
    assert a.status == "origin_not_found" and "大字三輪" in a.message and "三輪1丁目" in a.message
