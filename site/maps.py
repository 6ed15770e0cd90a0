"""Folium maps rendered into the page (no iframe), with Leaflet served from /static.

The map is an enhancement: every page prints the same information as a list, markers
are numbered to match it, markers are not tab stops, and private places are never pinned.
Only the pins and the origin are made per request; the city outline and the desk areas are
static files of the build (tsunagu/maplayers.py) that the map script fetches by URL.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template
from markupsafe import Markup

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


class BaseLayers(MacroElement):
    """The build's outline and area layers, fetched by URL and drawn beneath the pins.

    Each feature carries its Leaflet style (baked in by the build). Without JavaScript, or if
    the fetch fails, the map simply lacks them: the list beside it carries everything.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
Promise.all({{ this.urls|tojson }}.map(function (u) {
  return fetch(u).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
})).then(function (layers) {
  layers.slice().reverse().forEach(function (data) {
    if (data) {
      L.geoJSON(data, {interactive: false, style: function (f) { return f.properties.style; }})
        .addTo({{ this._parent.get_name() }}).bringToBack();
    }
  });
});
{% endmacro %}
""")

    def __init__(self, urls: list[str]):
        super().__init__()
        self._name = "BaseLayers"
        self.urls = urls


class Pins(MacroElement):
    """Numbered markers from one compact list (a folium Marker per pin cost ~500 bytes of script).

    Rows are [lat, lon, label, title, width]; the label is digits and ・ only, made here.
    Markers are not tab stops: the numbered list carries the same places.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this.rows|tojson }}.forEach(function (p) {
  L.marker([p[0], p[1]], {keyboard: false, title: p[3], icon: L.divIcon({
    html: '<span class="map-pin">' + p[2] + '</span>', className: "map-pin-wrap",
    iconSize: [p[4], 30], iconAnchor: [Math.floor(p[4] / 2), 15]})}).addTo({{ this._parent.get_name() }});
});
{% endmacro %}
""")

    def __init__(self, rows: list[list]):
        super().__init__()
        self._name = "Pins"
        self.rows = rows


class MapRenderer:
    def __init__(self, layers_dir: Path, tile_url: str, tile_attribution: str):
        index = layers_dir / "index.json"
        self.layers: dict = json.loads(index.read_text(encoding="utf-8")) if index.exists() else {}
        self.tile_url = tile_url
        self.tile_attribution = tile_attribution
        # Per instance: a cache on the class would keep every reloaded build's renderer alive.
        self.render = lru_cache(maxsize=256)(self._render)

    def layer_urls(self, city: str, show_areas: bool) -> tuple[list[str], list[tuple[str, str]]]:
        """URLs of the base layers (outline last, so it is drawn on top) and their legend."""
        entry = self.layers.get(city, {})
        urls, legend = [], []
        if "outline" in entry:
            urls.append(f"/{city}/map/outline.geojson?v={entry['outline']['hash']}")
            legend.append(("黒の線", "市の境界"))
        if show_areas and "areas" in entry:
            urls.insert(0, f"/{city}/map/areas.geojson?v={entry['areas']['hash']}")
            legend += [tuple(row) for row in entry["areas"]["legend"]]
        return urls, legend

    def _render(self, spec: MapSpec) -> MapFragment:
        # Leaflet's own controls speak English; they are re-added in Japanese below. The map
        # container is not a tab stop (keyboard=False): the list carries the same information.
        m = folium.Map(location=[35.3, 139.6], zoom_start=13, tiles=None, zoom_control=False,
                       control_scale=False, keyboard=False)
        # Serve Leaflet ourselves (no CDN) and drop what we do not use; per instance, not class-wide.
        m.default_js = []
        m.default_css = []
        if self.tile_url:
            folium.TileLayer(tiles=self.tile_url, attr=self.tile_attribution, name="地図", max_zoom=18).add_to(m)
        urls, legend = self.layer_urls(spec.city, spec.show_areas)
        if urls:
            BaseLayers(urls).add_to(m)
        bounds = self.layers.get(spec.city, {}).get("outline", {}).get("bounds") or []
        points = add_pins(m, spec, legend)
        if points:  # when there are pins or an origin, the view fits these
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


def add_pins(m: folium.Map, spec: MapSpec, legend: list) -> list[list[float]]:
    """Numbered pins and the origin, per request. Returns their points."""
    points = []
    # Places at the same point (two salons in one hall) share one marker: "8・9".
    groups: dict[tuple[float, float], list[Pin]] = {}
    for pin in spec.pins:
        groups.setdefault((round(pin.lat, 6), round(pin.lon, 6)), []).append(pin)
    rows = []
    for (lat, lon), pins in groups.items():
        label = "・".join(str(int(p.number)) for p in pins)
        width = 30 + 12 * (len(label) - 1) if len(pins) > 1 else 30
        rows.append([lat, lon, label, " / ".join(f"{p.number}. {p.label}" for p in pins), width])
        points.append([lat, lon])
    if rows:
        Pins(rows).add_to(m)
    if spec.pins:
        legend.append(("番号つきの丸", "一覧の番号と同じ場所"))
    if spec.origin:
        lat, lon, label = spec.origin
        folium.CircleMarker([lat, lon], radius=9, color="#1a1a1a", weight=3, fill=True, fill_color="#ffd400",
                            fill_opacity=1, interactive=False).add_to(m)
        points.append([lat, lon])
        legend.append(("黄色の丸", f"出発地（{label}）"))
    return points
