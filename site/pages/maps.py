"""Folium maps rendered into the page (no iframe), with Leaflet served from /static.

The map is an enhancement: every page prints the same information as a list, markers
are numbered to match it, markers are not tab stops, and private places are never pinned.
Folium builds each city's base map once (tiles, Japanese controls, the URLs of the build's
outline and desk-area layers, which the script fetches: tsunagu/maplayers.py); per request only
the pins, the origin and the view are written into it — a string format, not a Folium render.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from .answer_words import say
from .i18n import N_, gettext

# Metric scale, and marker numbers hidden from screen readers (they repeat the list, which is read in full).
# The zoom buttons' titles are the reader's words, so they are written per request (ZOOM_JS), not cached.
JAPANESE_CONTROLS = """
L.control.scale({imperial: false}).addTo(MAP);
MAP.attributionControl.setPrefix('<span lang="en">Leaflet</span>');
MAP.getPane("markerPane").setAttribute("aria-hidden", "true");
MAP.getPane("overlayPane").setAttribute("aria-hidden", "true");
"""


# The legend's words, said per request in the reader's language (the build holds keys: tsunagu/maplayers.py).
COLOUR_WORDS = {"#0055aa": N_("青の面"), "#a33b00": N_("茶の面"), "#006b3c": N_("緑の面"),
                "#6b2fa3": N_("紫の面"), "#7a5c00": N_("黄土色の面")}
OTHER_COLOUR = N_("色の面")
AREA_OF = N_("%(who)sの担当区域")
KIND_WORDS = {"split": (N_("赤い点線の面"), N_("番・号で担当が分かれる町（住所を入れて確かめてください）")),
              "gap": (N_("灰色の点線の面"), N_("計画のどの担当区域にも入っていない所"))}


def legend_line(row: list[str] | tuple[str, ...]) -> tuple[str, str]:
    """One legend row in the reader's words: a key of the build's index, or the words themselves (a line
    of ours, or a build made before the keys, whose Japanese is shown as it is)."""
    if row[0] == "area" and len(row) == 3:
        return gettext(COLOUR_WORDS.get(row[1], OTHER_COLOUR)), gettext(AREA_OF) % {"who": row[2]}
    if row[0] in KIND_WORDS and len(row) == 1:
        key, text = KIND_WORDS[row[0]]
        return gettext(key), gettext(text)
    return gettext(row[0]), gettext(row[1])


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
    legend: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # in the reader's words


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


class Overlay(MacroElement):
    """Where the per-request script (pins, origin, view) goes in the cached base map's script."""

    _template = Template("{% macro script(this, kwargs) %}" + "/*per-request*/" + "{% endmacro %}")

    def __init__(self):
        super().__init__()
        self._name = "Overlay"


# Numbered markers from one compact list: rows are [lat, lon, label, title, width]; the label is
# digits and ・ only, made here; titles go in as properties, never as HTML. Markers are not tab
# stops: the numbered list carries the same places.
PINS_JS = """{rows}.forEach(function (p) {{
  L.marker([p[0], p[1]], {{keyboard: false, title: p[3], icon: L.divIcon({{
    html: '<span class="map-pin">' + p[2] + '</span>', className: "map-pin-wrap",
    iconSize: [p[4], 30], iconAnchor: [Math.floor(p[4] / 2), 15]}})}}).addTo({map});
}});
"""
ORIGIN_JS = """L.circleMarker({point}, {{radius: 9, color: "#1a1a1a", weight: 3, fill: true, fillColor: "#ffd400",
  fillOpacity: 1, interactive: false}}).addTo({map});
"""
FIT_JS = "{map}.fitBounds({bounds}, {{padding: [24, 24], maxZoom: 16}});\n"
ZOOM_JS = "L.control.zoom({{zoomInTitle: {zoom_in}, zoomOutTitle: {zoom_out}}}).addTo({map});\n"
ZOOM_IN, ZOOM_OUT = N_("拡大"), N_("縮小")


@dataclass(frozen=True)
class BaseMap:
    map_id: str
    script: str
    legend: tuple[tuple[str, ...], ...]  # rows of keys or Japanese words, said by legend_line
    bounds: list


class MapRenderer:
    def __init__(self, layers_dir: Path, tile_url: str, tile_attribution: str):
        index = layers_dir / "index.json"
        self.layers: dict = json.loads(index.read_text(encoding="utf-8")) if index.exists() else {}
        self.tile_url = tile_url
        self.tile_attribution = tile_attribution
        # Per instance (a cache on the class would keep every reloaded build's renderer alive);
        # a handful of entries: one per city, with or without the desk areas.
        self.base = lru_cache(maxsize=16)(self._base)

    def layer_urls(self, city: str, show_areas: bool) -> tuple[list[str], list[tuple[str, ...]]]:
        """URLs of the base layers (outline last, so it is drawn on top) and their legend rows."""
        entry = self.layers.get(city, {})
        urls: list[str] = []
        legend: list[tuple[str, ...]] = []
        if "outline" in entry:
            urls.append(f"/{city}/map/outline.geojson?v={entry['outline']['hash']}")
            legend.append((N_("黒の線"), N_("市の境界")))
        if show_areas and "areas" in entry:
            urls.insert(0, f"/{city}/map/areas.geojson?v={entry['areas']['hash']}")
            legend += [tuple(row) for row in entry["areas"]["legend"]]
        return urls, legend

    def _base(self, city: str, show_areas: bool) -> BaseMap:
        """Folium builds the map once per city: tiles, Japanese controls and the layers' URLs."""
        # Leaflet's own controls speak English; they are re-added in the reader's words (render). The map
        # container is not a tab stop (keyboard=False): the list carries the same information.
        m = folium.Map(location=[35.3, 139.6], zoom_start=13, tiles=None, zoom_control=False,
                       control_scale=False, keyboard=False)
        # Serve Leaflet ourselves (no CDN) and drop what we do not use; per instance, not class-wide.
        m.default_js = []
        m.default_css = []
        if self.tile_url:
            folium.TileLayer(tiles=self.tile_url, attr=self.tile_attribution, name="地図", max_zoom=18).add_to(m)
        urls, legend = self.layer_urls(city, show_areas)
        if urls:
            BaseLayers(urls).add_to(m)
        Overlay().add_to(m)
        root = m.get_root()
        root.render()
        map_id = m.get_name()
        script = root.script.render() + JAPANESE_CONTROLS.replace("MAP", map_id)  # type: ignore[attr-defined]  # a Figure
        bounds = self.layers.get(city, {}).get("outline", {}).get("bounds") or []
        return BaseMap(map_id, script, tuple(legend), bounds)

    def render(self, spec: MapSpec) -> MapFragment:
        """The cached base map plus this request's pins, origin and view."""
        base = self.base(spec.city, spec.show_areas)
        legend = [legend_line(row) for row in base.legend]
        overlay, points = overlay_script(base.map_id, spec, legend)
        overlay += ZOOM_JS.format(map=base.map_id, zoom_in=htmlsafe_json_dumps(gettext(ZOOM_IN)),
                                  zoom_out=htmlsafe_json_dumps(gettext(ZOOM_OUT)))
        bounds = base.bounds
        if points:  # when there are pins or an origin, the view fits these
            bounds = [[min(p[0] for p in points), min(p[1] for p in points)],
                      [max(p[0] for p in points), max(p[1] for p in points)]]
        if bounds:
            overlay += FIT_JS.format(map=base.map_id, bounds=json.dumps(bounds))
        html = Markup(f'<div class="folium-map {spec.height_class}" id="{base.map_id}"></div>')
        script = Markup(base.script.replace("/*per-request*/", overlay, 1))
        return MapFragment(html=html, script=script, map_id=base.map_id, legend=tuple(legend))


def overlay_script(map_id: str, spec: MapSpec, legend: list) -> tuple[str, list[list[float]]]:
    """Numbered pins and the origin as script, and their points; adds their legend lines."""
    points, out = [], ""
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
        out += PINS_JS.format(rows=htmlsafe_json_dumps(rows), map=map_id)
        legend.append((gettext(N_("番号つきの丸")), gettext(N_("一覧の番号と同じ場所"))))
    if spec.origin:
        lat, lon, label = spec.origin
        out += ORIGIN_JS.format(point=json.dumps([float(lat), float(lon)]), map=map_id)
        points.append([lat, lon])
        said = say(label) if label else label  # the geocoder's words (「逗子五丁目の代表点」) in the reader's
        legend.append((gettext(N_("黄色の丸")), gettext(N_("出発地（%(label)s）")) % {"label": said or label}))
    return out, points
