"""Area polygons for the map, built once (engine start-up or `tsunagu build`).

Each small-area polygon (e-Stat 2015 町丁・字) is classified with the same rules the desk
finder uses, by enumerating the 番/号 breakpoints the rules distinguish:
* one area for every 番/号  → dissolved into that area's polygon (kind `area`);
* several areas (新宿4丁目, 桜山5丁目) → kept as its own feature (kind `split`) with a note,
  never silently handed to one desk;
* no area at all (the 丁目-less 桜山) → kind `gap`, so the map can show the plan's hole.
Dissolving happens in the city's plane-rectangular CRS with a small buffer/unbuffer to
close the slivers the per-polygon simplification left, then clipped to the city outline.
"""
from __future__ import annotations

from itertools import product

import geopandas as gpd
from shapely.ops import unary_union

from .gazetteer import Gazetteer, metric_crs
from .rules import NONE, CityRules

SLIVER_M = 15  # upstream simplified at ~20 m; 15 m closes the gaps without eating streets
SIMPLIFY_DEG = 0.00005  # ~5 m, for the city-wide outline
SIMPLIFY_M = 5


def classify(cr: CityRules, town: str, chome) -> list[str]:
    """Area ids (NONE for uncovered) a 町丁目 polygon's addresses go to."""
    named = [None] + [n.name for n in cr.named_areas if n.town == town and n.chome in (None, chome)]
    out: list[str] = []
    service = cr.general_desk.get("service")
    for ban, go, nm in product(cr.breakpoints(town, "ban"), cr.breakpoints(town, "go"), named):
        for a in cr.evaluate(town, chome, ban, go, nm, service) or [NONE]:
            if a not in out:
                out.append(a)
    return out


def area_features(gaz: Gazetteer, cr: CityRules | None, city: str, desks: dict) -> dict:
    """GeoJSON FeatureCollection (dict) for one city. `desks`: area id → desk dict."""
    ref = gaz.cities[city]
    if ref.outline is None:  # no boundary supplied yet (tsunagu city add): no map layer to draw
        return {"type": "FeatureCollection", "features": []}
    crs = metric_crs(ref)
    outline = gpd.GeoSeries([ref.outline], crs="EPSG:4326").to_crs(crs).iloc[0]
    features = []
    if cr is None or not cr.areas:
        d = desks.get("city") or {}
        geom = gpd.GeoSeries([outline], crs=crs).to_crs("EPSG:4326").simplify(SIMPLIFY_DEG).iloc[0]
        features.append(_feature(geom, "city", d, "area", f"{ref.name}全域を担当する窓口です。", ref.name))
        return {"type": "FeatureCollection", "features": features}
    sa = gaz.small_areas[gaz.small_areas["slug"] == city].to_crs(crs)
    groups: dict[str, list] = {}
    kept: list = []  # split and gap polygons, in the projected CRS
    for _, row in sa.iterrows():
        chome = row["chome"]
        ids = classify(cr, row["town_key"], chome)
        label = row["s_name_norm"]
        if len(ids) == 1 and ids[0] != NONE:
            groups.setdefault(ids[0], []).append(row.geometry)
            continue
        geom = row.geometry.buffer(0).intersection(outline).simplify(SIMPLIFY_M, preserve_topology=True)
        if kept:
            geom = geom.difference(gpd.GeoSeries(kept, crs=crs).union_all())
        kept.append(geom)
        if ids == [NONE]:
            features.append(_feature(geom, NONE, {}, "gap", f"{label}は計画のどの担当区域にも入っていません。", label, crs))
            continue
        names = [found.name for found in (cr.area(a) for a in ids if a != NONE) if found is not None]
        note = f"{label}は番・号によって担当が{'・'.join(names)}に分かれます。住所を入れて確かめてください。"
        if NONE in ids:
            note += "一部の番はどの担当区域にも入っていません。"
        features.append(_feature(geom, NONE, {}, "split", note, label, crs, areas=[a for a in ids if a != NONE]))
    # Carve so the output is a partition: the split/gap towns first (they are the raw
    # polygons), then each area minus everything already placed. Source polygons overlap a
    # little (simplified one by one), and the sliver buffer grows them a little more.
    taken = gpd.GeoSeries(kept, crs=crs).union_all() if kept else None
    area_feats = []
    for area in cr.areas:
        geoms = groups.get(area.id, [])
        if not geoms:
            continue
        merged = gpd.GeoSeries(geoms, crs=crs).union_all().buffer(SLIVER_M).buffer(-SLIVER_M)
        merged = merged.intersection(outline).simplify(SIMPLIFY_M, preserve_topology=True)
        if taken is not None:
            merged = merged.difference(taken)
        taken = merged if taken is None else taken.union(merged)
        area_feats.append(_feature(merged, area.id, desks.get(area.id, {}), "area",
                                   f"{area.name}の担当区域（計画の記載:「{area.printed_text}」）", area.name, crs))
    features = area_feats + features
    return {"type": "FeatureCollection", "features": features}


def _feature(geom, area_id: str, desk: dict, kind: str, note: str, name: str, crs: str | None = None,
             areas: list | None = None) -> dict:
    if crs is not None:
        # simplified before carving (in metres), so shared edges stay identical here
        geom = gpd.GeoSeries([geom], crs=crs).to_crs("EPSG:4326").iloc[0]
    if not geom.is_valid:
        geom = geom.buffer(0)
    if geom.geom_type == "GeometryCollection":  # carving can leave stray lines/points
        polys = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = unary_union(polys) if polys else geom
    props = {"area": area_id if area_id != NONE else None, "name": name, "desk_id": desk.get("id"),
             "desk_name": desk.get("name"), "kind": kind, "note": note}
    if areas is not None:
        props["areas"] = areas
    return {"type": "Feature", "properties": props, "geometry": geom.__geo_interface__}


def city_outlines(gaz: Gazetteer, tolerance: float = 0.0003) -> dict:
    feats = []
    for slug, ref in gaz.cities.items():
        if ref.outline is None:
            continue
        g = ref.outline.simplify(tolerance, preserve_topology=True)
        feats.append({"type": "Feature", "properties": {"city": slug, "name": ref.name, "code": ref.code5},
                      "geometry": g.__geo_interface__})
    return {"type": "FeatureCollection", "features": feats}


def town_features(gaz: Gazetteer, city: str, cr: CityRules | None, tolerance: float = 0.00005) -> dict:
    """町丁目 polygons with their names (and area ids where the city has rules)."""
    sa = gaz.small_areas[gaz.small_areas["slug"] == city]
    feats = []
    for _, row in sa.iterrows():
        chome = row["chome"]
        props = {"name": row["s_name_norm"], "town": row["town_key"], "chome": chome,
                 "population_2015": None if row["population_2015"] != row["population_2015"] else int(row["population_2015"])}
        if cr is not None and cr.areas:
            props["areas"] = [a for a in classify(cr, row["town_key"], chome) if a != NONE]
        feats.append({"type": "Feature", "properties": props,
                      "geometry": row.geometry.simplify(tolerance, preserve_topology=True).__geo_interface__})
    return {"type": "FeatureCollection", "features": feats}
