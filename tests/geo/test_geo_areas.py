"""Area polygons and build artifacts."""
from __future__ import annotations

import json

import pytest
from shapely.geometry import Point, shape

pytestmark = pytest.mark.bundled_data


@pytest.fixture(scope="module")
def artifacts(engine, tmp_path_factory, zushi_desks):
    class D:
        resources = zushi_desks
    out = tmp_path_factory.mktemp("geo")
    engine.write_build_artifacts(out, D())
    return out


def _fc(path):
    fc = json.loads(path.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection"
    return fc["features"]


def test_files_written(artifacts):
    names = {p.name for p in artifacts.iterdir()}
    for city in ("zushi", "kamakura", "nagano", "shimonoseki"):
        assert f"areas-{city}.geojson" in names and f"towns-{city}.geojson" in names
    assert "cities.geojson" in names
    assert len(_fc(artifacts / "cities.geojson")) == 4


def test_zushi_areas_valid_and_split_towns_kept_apart(artifacts):
    feats = _fc(artifacts / "areas-zushi.geojson")
    by_kind = {}
    for f in feats:
        g = shape(f["geometry"])
        assert g.is_valid and not g.is_empty
        by_kind.setdefault(f["properties"]["kind"], []).append(f)
    areas = {f["properties"]["area"]: f for f in by_kind["area"]}
    assert set(areas) == {"zushi-east", "zushi-central", "zushi-west"}
    assert areas["zushi-west"]["properties"]["desk_id"] == "t-west"
    splits = {f["properties"]["name"]: f for f in by_kind["split"]}
    assert set(splits) == {"新宿四丁目", "桜山五丁目"}
    assert set(splits["新宿四丁目"]["properties"]["areas"]) == {"zushi-central", "zushi-west"}
    assert splits["新宿四丁目"]["properties"]["desk_id"] is None  # never given to one desk
    assert [f["properties"]["name"] for f in by_kind["gap"]] == ["桜山"]
    # a split town is not inside any area polygon
    pt = Point(139.566229, 35.298097)  # 新宿四丁目's point
    assert shape(splits["新宿四丁目"]["geometry"]).contains(pt)
    assert not any(shape(f["geometry"]).contains(pt) for f in by_kind["area"])


@pytest.mark.parametrize("lonlat,area", [
    ((139.579473, 35.294031), "zushi-central"),  # 逗子五丁目
    ((139.592512, 35.310647), "zushi-east"),  # 池子
    ((139.561652, 35.296715), "zushi-west"),  # 小坪三丁目
])
def test_points_fall_in_their_area(artifacts, lonlat, area):
    feats = [f for f in _fc(artifacts / "areas-zushi.geojson") if f["properties"]["kind"] == "area"]
    hit = [f["properties"]["area"] for f in feats if shape(f["geometry"]).contains(Point(*lonlat))]
    assert hit == [area]


def test_areas_do_not_overlap(artifacts):
    feats = [shape(f["geometry"]) for f in _fc(artifacts / "areas-zushi.geojson")]
    for i, a in enumerate(feats):
        for b in feats[i + 1:]:
            assert a.intersection(b).area < 1e-7  # < ~1000 m², slivers from simplification only


def test_citywide_cities_have_one_area(artifacts):
    feats = _fc(artifacts / "areas-nagano.geojson")
    assert len(feats) == 1 and feats[0]["properties"]["area"] == "city"
