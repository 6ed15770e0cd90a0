"""The JSON API contract: paths, keys, statuses; bad input never a 500."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.bundled_data

DESK_KEYS = {"status", "input", "normalized", "parsed", "desk", "candidates", "also", "reason"}
PARSED_KEYS = {"pref", "city", "town", "chome", "ban", "go", "building"}


def test_desk_matched_contract(client):
    body = client.get("/api/v1/zushi/desk", params={"address": "神奈川県逗子市新宿四丁目二番三十五号"}).json()
    assert set(body) >= DESK_KEYS
    assert body["status"] == "matched"
    assert set(body["parsed"]) >= PARSED_KEYS
    assert (body["parsed"]["town"], body["parsed"]["chome"], body["parsed"]["ban"], body["parsed"]["go"]) == ("新宿", 4, 2, 35)
    assert body["desk"]["phone"] == "046-876-5451"
    assert {"id", "name", "phone", "address", "url"} <= set(body["desk"])


@pytest.mark.parametrize("address, expected", [
    ("新宿4-2-28", "046-872-2480"), ("新宿4-2-29", "046-876-5451"),
    ("新宿4-2-59", "046-876-5451"), ("新宿4-2-60", "046-872-2480"),
    ("新宿4-6-37", "046-876-5451"), ("新宿4-6-38", "046-872-2480"),
    ("新宿4-6-42", "046-872-2480"), ("新宿4-6-43", "046-876-5451"),
    ("桜山5-34-1", "046-876-6299"), ("桜山5-35-1", "046-872-2480"),
    ("桜山5-37-1", "046-872-2480"), ("桜山5-38-1", "046-876-6299"),
])
def test_desk_boundaries_through_the_api(client, address, expected):
    body = client.get("/api/v1/zushi/desk", params={"address": address}).json()
    assert body["status"] == "matched", body
    assert body["desk"]["phone"] == expected


def test_desk_ambiguous_lists_both_candidates(client):
    body = client.get("/api/v1/zushi/desk", params={"address": "新宿4丁目2番"}).json()
    assert body["status"] == "ambiguous" and body["desk"] is None
    assert {c["phone"] for c in body["candidates"]} == {"046-872-2480", "046-876-5451"}
    assert "号" in body["reason"] or "号" in body.get("hint", "")


def test_desk_with_need_gives_the_need_desk_and_the_general_one_as_also(client):
    body = client.get("/api/v1/kamakura/desk", params={"address": "鎌倉市御成町18-10", "need": "子育て"}).json()
    assert body["status"] == "matched"
    assert body["also"], body


def test_desk_out_of_area_says_which_city(client):
    body = client.get("/api/v1/zushi/desk", params={"address": "鎌倉市御成町18-10"}).json()
    assert body["status"] == "out_of_area" and "鎌倉市" in body["reason"]


@pytest.mark.parametrize("address", ["", "あ" * 200, "😀😀", "\x00\x07新宿", "<script>alert(1)</script>",
                                     "'; DROP TABLE desks; --", ".*(((", "新宿4-2-35 OR 1=1"])
def test_bad_desk_input_is_never_a_500(client, address):
    response = client.get("/api/v1/zushi/desk", params={"address": address})
    assert response.status_code == 200
    assert response.json()["status"] in {"unparseable", "not_covered", "ambiguous", "matched", "out_of_area"}


def test_near_contract(client):
    body = client.get("/api/v1/zushi/near", params={"address": "逗子5丁目", "kind": "salon", "limit": 5}).json()
    assert {"label", "lat", "lon", "precision"} <= set(body["origin"])
    rows = body["results"]
    assert len(rows) == 5
    assert [r["distance_m"] for r in rows] == sorted(r["distance_m"] for r in rows)
    for r in rows:
        assert {"id", "name", "kind", "distance_m", "walk_min", "precision"} <= set(r)
        assert r["walk_min"] * 80 >= r["distance_m"]


def test_near_from_a_station_and_from_lat_lon(client):
    by_station = client.get("/api/v1/zushi/near", params={"station": "東逗子"}).json()
    assert by_station["results"] and "東逗子" in by_station["origin"]["label"]
    by_point = client.get("/api/v1/zushi/near", params={"lat": "35.2963", "lon": "139.5806"}).json()
    assert by_point["results"]


def test_search_contract(client):
    body = client.get("/api/v1/zushi/search", params={"q": "かめがおか"}).json()
    assert {"query", "total", "results", "facets", "suggestion"} <= set(body)
    assert any("亀が岡" in r["name"] for r in body["results"])
    for r in body["results"]:
        assert {"id", "name", "kind", "district", "categories", "targets", "score", "precision", "lat", "lon"} <= set(r)


def test_search_private_place_has_no_coordinates(client):
    body = client.get("/api/v1/zushi/search", params={"q": "サロン・ド・桜"}).json()
    hit = next(r for r in body["results"] if r["name"] == "サロン・ド・桜")
    assert hit["lat"] is None and hit["lon"] is None


def test_resource_geojson_has_only_public_points(client, app):
    fc = client.get("/api/v1/zushi/resources.geojson").json()
    catalog = app.state.holder.current.catalog
    assert fc["features"]
    for f in fc["features"]:
        assert catalog.resources[f["properties"]["id"]].location_public


def test_openapi_docs_exist(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/{city}/desk" in paths and "/api/v1/{city}/search" in paths


def test_search_says_how_the_query_was_understood(client):
    body = client.get("/api/v1/zushi/search", params={"q": "久木でお茶"}).json()
    it = body["interpreted"]
    assert it["district"] == "hisagi" and it["place"]["mode"] == "filter"
    assert it["understood"] == [{"word": "お茶", "label": "集まり・交流の場"}]
    assert it["words"] == ["お茶", "久木"] or it["words"] == ["久木", "お茶"]
    assert {r["district"] for r in body["results"]} <= {"hisagi", ""}  # 久木, or city-wide
    assert any(r["district"] == "hisagi" for r in body["results"])
    assert client.get("/api/v1/zushi/search", params={"q": "久木でお茶", "place": "off"}).json()["interpreted"]["district"] is None
    assert client.get("/api/v1/zushi/search", params={"q": "お金に困って"}).json()["interpreted"]["needs"] == ["生活困窮"]
