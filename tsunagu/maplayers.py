"""Build step: each city's outline and desk-area layers as small static GeoJSON files.

Pages used to inline the full outline in every map (下関: 679 parts, 136 KB of HTML). The build now
writes `layers/outline-<city>.geojson` and `layers/areas-<city>.geojson`, simplified to a few
hundred points per city, with the Leaflet style of every feature baked in, and `layers/index.json`
(file, content hash, bounds, legend keys: the page says them in the reader's language,
site/pages/maps.py). The map script fetches the files by URL (cacheable); only the
pins and the origin change per request. The areas are a partition (see geo/areas.py), so they are
simplified as one coverage: neighbouring areas keep a shared edge, no gaps or overlaps appear.
Islets smaller than MIN_PART of the city are dropped: invisible at city scale, and most of the
points. The full-detail files in `geo/` stay for the printed maps and the address lookups.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, shape

LAYER_DIR = "layers"
BUDGET = 400  # most points per layer file
TOLERANCES = (0.0001, 0.0002, 0.0003, 0.0005, 0.0007, 0.001, 0.0015, 0.002, 0.003, 0.005)  # degrees
MIN_PART = 3e-4  # parts smaller than this share of the city's area are dropped
PRECISION = 1e-5  # ~1 m

# Outline, area and split styles differ by dash pattern as well as colour (WCAG 1.4.1).
OUTLINE_STYLE = {"color": "#1a1a1a", "weight": 2, "fill": False}
AREA_COLOURS = ("#0055aa", "#a33b00", "#006b3c", "#6b2fa3", "#7a5c00")
GAP_STYLE = {"color": "#4d4d4d", "weight": 2, "dashArray": "2 4", "fillColor": "#4d4d4d", "fillOpacity": 0.2}
SPLIT_STYLE = {"color": "#b00020", "weight": 2, "dashArray": "6 4", "fillColor": "#b00020", "fillOpacity": 0.25}


def write_layers(build: Path, cities: set[str] | None = None, known: dict | None = None) -> dict:
    """Read the geo step's `geo/cities.geojson` and `geo/areas-<city>.geojson`; write `layers/`.
    With `cities`, only those cities' files are made; the others' index entries come from `known`
    (their build unit's, whose files the build links in)."""
    geo, out = build / "geo", build / LAYER_DIR
    out.mkdir(parents=True, exist_ok=True)
    cities_fc = json.loads((geo / "cities.geojson").read_text(encoding="utf-8"))
    index = {}
    for feature in cities_fc["features"]:
        slug = feature["properties"]["city"]
        if cities is not None and slug not in cities:
            if known and slug in known:
                index[slug] = known[slug]
            continue
        index[slug] = city_layers(geo, out, slug, shape(feature["geometry"]))
    (out / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    return index


def city_layers(geo: Path, out: Path, slug: str, outline) -> dict:
    """One city's outline and area layers; returns its entry of `layers/index.json`."""
    min_area = outline.area * MIN_PART
    entry = {"outline": _write(out, f"outline-{slug}.geojson", [_drop_small(outline, min_area)], [OUTLINE_STYLE])}
    minx, miny, maxx, maxy = outline.bounds
    entry["outline"]["bounds"] = [[miny, minx], [maxy, maxx]]
    areas_path = geo / f"areas-{slug}.geojson"
    areas = json.loads(areas_path.read_text(encoding="utf-8"))["features"] if areas_path.exists() else []
    if areas:
        styles, legend = area_styles(areas)
        geoms = [_drop_small(shape(f["geometry"]), min_area) for f in areas]
        entry["areas"] = _write(out, f"areas-{slug}.geojson", geoms, styles)
        entry["areas"]["legend"] = legend
    return entry


def city_layer_files(entry: dict) -> list[str]:
    """The files (relative to the build) of one city's index entry."""
    return [f"{LAYER_DIR}/{part['file']}" for part in entry.values() if isinstance(part, dict) and "file" in part]


def area_styles(features: list[dict]) -> tuple[list[dict], list[list[str]]]:
    """A colour per desk area (named in the legend), dashed red for split towns, grey for gaps.
    The legend holds keys, not words (["area", colour, desk name], ["split"], ["gap"]): a build serves
    every language, so the page words them for its reader."""
    colours: dict[str, str] = {}
    for f in features:
        p = f["properties"]
        if p.get("kind") == "area":
            colours.setdefault(p.get("area") or p.get("id"), AREA_COLOURS[len(colours) % len(AREA_COLOURS)])
    styles, legend = [], []
    for f in features:
        p = f["properties"]
        if p.get("kind") == "split":
            styles.append(SPLIT_STYLE)
        elif p.get("kind") == "gap":
            styles.append(GAP_STYLE)
        else:
            c = colours.get(p.get("area") or p.get("id"), AREA_COLOURS[0])
            styles.append({"color": c, "weight": 2, "fillColor": c, "fillOpacity": 0.12})
            who = p.get("desk_name") or p.get("name") or ""
            legend.append(["area", c, who])
    kinds = {f["properties"].get("kind") for f in features}
    legend += [[kind] for kind in ("split", "gap") if kind in kinds]
    return styles, legend


def simplify(geoms: list) -> list:
    """The least simplification (of TOLERANCES) that brings the layer within BUDGET points."""
    result = geoms
    for tolerance in TOLERANCES:
        result = list(shapely.coverage_simplify(geoms, tolerance))
        if int(shapely.get_num_coordinates(result).sum()) <= BUDGET:
            break
    return [shapely.make_valid(g) if not g.is_valid else g for g in shapely.set_precision(result, PRECISION, mode="pointwise")]


def _drop_small(geom, min_area: float):
    parts = list(getattr(geom, "geoms", [geom]))
    kept = [p for p in parts if p.area >= min_area] or [max(parts, key=lambda p: p.area)]
    return kept[0] if len(kept) == 1 else MultiPolygon(kept)


def _write(out: Path, name: str, geoms: list, styles: list[dict]) -> dict:
    features = [{"type": "Feature", "properties": {"style": style}, "geometry": shapely.geometry.mapping(g)}
                for g, style in zip(simplify(geoms), styles, strict=True) if not g.is_empty]
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    (out / name).write_bytes(body)
    points = sum(int(shapely.get_num_coordinates(shape(f["geometry"]))) for f in features)
    return {"file": name, "hash": hashlib.sha256(body).hexdigest()[:12], "points": points, "bytes": len(body)}
