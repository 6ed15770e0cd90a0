"""The map's base layers are small static files of the build, fetched by URL, not inlined in pages."""
from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
import shapely
from shapely.geometry import shape

from tsunagu.maplayers import BUDGET, LAYER_DIR

pytestmark = pytest.mark.bundled_data

CITIES = ["zushi", "kamakura", "nagano", "shimonoseki"]
# Queries that give each city a page of results with a map (and the empty query: the whole list).
SEARCHES = [(c, q) for c in CITIES for q in ("", "サロン", "相談")]


@pytest.fixture(scope="module")
def layers(settings):
    folder = settings.current_build / LAYER_DIR
    return folder, json.loads((folder / "index.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("city", CITIES)
def test_each_city_has_a_small_outline_and_area_layer(layers, city):
    folder, index = layers
    for kind in ("outline", "areas"):
        entry = index[city][kind]
        data = json.loads((folder / entry["file"]).read_text(encoding="utf-8"))
        points = sum(int(shapely.get_num_coordinates(shape(f["geometry"]))) for f in data["features"])
        assert 20 <= points <= BUDGET, (city, kind, points)
        assert all(shape(f["geometry"]).is_valid and f["properties"]["style"]["color"] for f in data["features"])


def test_simplified_desk_areas_neither_overlap_nor_leave_gaps_between_them(layers):
    folder, index = layers
    data = json.loads((folder / index["zushi"]["areas"]["file"]).read_text(encoding="utf-8"))
    geoms = [shape(f["geometry"]) for f in data["features"]]
    assert len(geoms) >= 4  # three desk areas plus the split and gap towns
    union = shapely.union_all(geoms)
    assert sum(g.area for g in geoms) == pytest.approx(union.area, rel=1e-3)  # no overlaps
    # No slivers between neighbours: the union has no hole the full-detail areas lack.
    full = json.loads((folder.parent / "geo" / "areas-zushi.geojson").read_text(encoding="utf-8"))
    original = shapely.union_all([shape(f["geometry"]) for f in full["features"]])

    def holes(g):
        return sum(len(p.interiors) for p in getattr(g, "geoms", [g]))

    assert holes(union) <= holes(original)
    assert union.area == pytest.approx(original.area, rel=0.03)


def test_the_legend_names_each_desk_area(client):
    html = client.get("/zushi/desk?address=" + quote("新宿4丁目2番35号")).text
    assert "地域包括支援センターの担当区域" in html and "番・号で担当が分かれる町" in html
    assert re.search(r"/zushi/map/areas\.geojson\?v=[0-9a-f]{12}", html)


@pytest.mark.parametrize("city,q", SEARCHES)
def test_every_search_page_is_at_most_30_kb(client, city, q):
    r = client.get(f"/{city}/search", params={"q": q} if q else {})
    assert r.status_code == 200
    assert len(r.content) <= 30 * 1024, f"{city} q={q!r}: {len(r.content)} bytes"
    assert '"FeatureCollection"' not in r.text  # no layer inlined


def test_the_map_fetches_the_outline_from_a_cacheable_url(client, settings):
    html = client.get("/shimonoseki/search?q=" + quote("相談")).text
    url = re.search(r"/shimonoseki/map/outline\.geojson\?v=[0-9a-f]{12}", html).group(0)
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"] == "application/geo+json"
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.json()["type"] == "FeatureCollection"
    # An old version in a cached page still gets today's layer, kept only briefly.
    old = client.get("/shimonoseki/map/outline.geojson?v=000000000000")
    assert old.status_code == 200 and old.headers["cache-control"] == "public, max-age=300"


@pytest.mark.parametrize("path", ["/zushi/map/towns.geojson", "/zushi/map/..%2Frecords.geojson",
                                  "/nowhere/map/outline.geojson"])
def test_only_layers_the_build_made_are_served(client, path):
    assert client.get(path).status_code == 404


def test_pins_still_carry_the_list_numbers_and_names(client):
    html = client.get("/zushi/search?q=" + quote("サロン")).text
    script = re.search(r"<script nonce=[^>]*>(.*?)</script>", html, re.DOTALL).group(1)
    assert "map-pin" in script
    assert re.search(r'\[35\.\d+, 139\.\d+, "1"', script), "pin 1 is not on the map"
