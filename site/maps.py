"""Folium maps rendered into the page (no iframe), with Leaflet served from /static.

The map is an enhancement: every page prints the same information as a list, markers
are numbered to match it, markers are not tab stops, and private places are never pinned.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import folium
from markupsafe import Markup

# Outline, area and split styles differ by dash pattern as well as colour (WCAG 1.4.1).
OUTLINE_STYLE = {"color": "#1a1a1a", "weight": 2, "fill": False}
AREA_COLOURS = ("#0055aa", "#a33b00", "#006b3c", "#6b2fa3", "#7a5c00")
COLOUR_NAMES = {"#0055aa": "青", "#a33b00": "茶", "#006b3c": "緑", "#6b2fa3": "紫", "#7a5c00": "黄土色"}
GAP_STYLE = {"color": "#4d4d4d", "weight": 2, "dashArray": "2 4", "fillColor": "#4d4d4d", "fillOpacity": 0.2}
SPLIT_STYLE = {"color": "#b00020", "weight": 2, "dashArray": "6 4", "fillColor": "#b00020", "fillOpacity": 0.25}


# Controls in Japanese, metric scale, and marker numbers hidden from screen readers
# (they repeat the list, which is read in full).
JAPANESE_CONTROLS = """
L.control.zoom({zoomInTitle: "拡大", zoomOutTitle: "縮小"}).addTo(MAP);
L.control.scale({imperial: false}).addTo(MAP);
MAP.attributionControl.setPrefix('<span lang="en">Leaflet</span>');
MAP.getPane("markerPane").setAttribute("aria-hidden", "true");
MAP.getPane("overlayPane").setAttribute("aria-hidden", "true");
"""


@dataclass(frozen=True)
class Pin:
    number: int
    lat: float
    lon: float
    label: str


@dataclass(frozen=True)
class MapSpec:
    city: str
    pins: tuple[Pin, ...] = ()
    origin: tuple[float, float, str] | None = None
    show_areas: bool = False
    height_class: str = "map-medium"


@dataclass(frozen=True)
class MapFragment:
    html: Markup
    script: Markup
    map_id: str
    legend: tuple[tuple[str, str], ...] = field(default_factory=tuple)


class MapRenderer:
    def __init__(self, geo_dir: Path, tile_url: str, tile_attribution: str):
        self.geo_dir = geo_dir
        self.tile_url = tile_url
        self.tile_attribution = tile_attribution

    def _geojson(self, name: str) -> dict | None:
        path = self.geo_dir / name
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    @lru_cache(maxsize=256)
    def render(self, spec: MapSpec) -> MapFragment:
        # Leaflet's own controls speak English; they are re-added in Japanese below. The map
        # container is not a tab stop (keyboard=False): the list carries the same information.
        m = folium.Map(location=[35.3, 139.6], zoom_start=13, tiles=None, zoom_control=False,
                       control_scale=False, keyboard=False)
        # Serve Leaflet ourselves (no CDN) and drop what we do not use; per instance, not class-wide.
        m.default_js = []
        m.default_css = []
        if self.tile_url:
            folium.TileLayer(tiles=self.tile_url, attr=self.tile_attribution, name="地図", max_zoom=18).add_to(m)
        bounds = []  # the city outline's corners
        points = []  # pins and origin: when present, the view fits these
        cities = self._geojson("cities.geojson")
        if cities:
            feats = [f for f in cities["features"] if f["properties"].get("city") == spec.city]
            if feats:
                folium.GeoJson({"type": "FeatureCollection", "features": feats}, name="市の境界",
                               style_function=lambda f: OUTLINE_STYLE, interactive=False).add_to(m)
                minx, miny, maxx, maxy = _bbox(feats)
                bounds = [[miny, minx], [maxy, maxx]]
        legend = [("黒の線", "市の境界")]
        if spec.show_areas:
            areas = self._geojson(f"areas-{spec.city}.geojson")
            if areas and areas.get("features"):
                colours = {}
                for f in areas["features"]:
                    if f["properties"].get("kind") == "area":
                        colours.setdefault(f["properties"].get("area") or f["properties"].get("id"), AREA_COLOURS[len(colours) % len(AREA_COLOURS)])

                def style(f, colours=colours):
                    p = f["properties"]
                    if p.get("kind") == "split":
                        return SPLIT_STYLE
                    if p.get("kind") == "gap":
                        return GAP_STYLE
                    c = colours.get(p.get("area") or p.get("id"), "#0055aa")
                    return {"color": c, "weight": 2, "fillColor": c, "fillOpacity": 0.12}

                folium.GeoJson(areas, name="担当区域", style_function=style, interactive=False).add_to(m)
                for f in areas["features"]:
                    p = f["properties"]
                    if p.get("kind") == "area":
                        colour = colours.get(p.get("area") or p.get("id"), "#0055aa")
                        who = p.get("desk_name") or p.get("name") or ""
                        legend.append((f"{COLOUR_NAMES.get(colour, '色')}の面", f"{who}の担当区域"))
                if any(f["properties"].get("kind") == "split" for f in areas["features"]):
                    legend.append(("赤い点線の面", "番・号で担当が分かれる町（住所を入れて確かめてください）"))
                if any(f["properties"].get("kind") == "gap" for f in areas["features"]):
                    legend.append(("灰色の点線の面", "計画のどの担当区域にも入っていない所"))
        # Places at the same point (two salons in one hall) share one marker: "8・9".
        groups: dict[tuple[float, float], list[Pin]] = {}
        for pin in spec.pins:
            groups.setdefault((round(pin.lat, 6), round(pin.lon, 6)), []).append(pin)
        for (lat, lon), pins in groups.items():
            label = "・".join(str(int(p.number)) for p in pins)
            width = 30 + 12 * (len(label) - 1) if len(pins) > 1 else 30
            folium.Marker(
                [lat, lon],
                icon=folium.DivIcon(html=f'<span class="map-pin">{label}</span>',
                                    icon_size=(width, 30), icon_anchor=(width // 2, 15), class_name="map-pin-wrap"),
                keyboard=False, title=" / ".join(f"{p.number}. {p.label}" for p in pins),
            ).add_to(m)
            points.append([lat, lon])
        if spec.pins:
            legend.append(("番号つきの丸", "一覧の番号と同じ場所"))
        if spec.origin:
            lat, lon, label = spec.origin
            folium.CircleMarker([lat, lon], radius=9, color="#1a1a1a", weight=3, fill=True, fill_color="#ffd400",
                                fill_opacity=1, interactive=False).add_to(m)
            points.append([lat, lon])
            legend.append(("黄色の丸", f"出発地（{label}）"))
        if points:
            bounds = [[min(p[0] for p in points), min(p[1] for p in points)],
                      [max(p[0] for p in points), max(p[1] for p in points)]]
        if bounds:
            m.fit_bounds(bounds, padding=(24, 24), max_zoom=16)
        root = m.get_root()
        root.render()
        map_id = m.get_name()
        html = Markup(f'<div class="folium-map {spec.height_class}" id="{map_id}"></div>')
        script = root.script.render() + JAPANESE_CONTROLS.replace("MAP", map_id)
        return MapFragment(html=html, script=Markup(script), map_id=map_id, legend=tuple(legend))


def _bbox(features: list[dict]) -> tuple[float, float, float, float]:
    xs, ys = [], []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0]); ys.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for f in features:
        walk(f["geometry"]["coordinates"])
    return min(xs), min(ys), max(xs), max(ys)
