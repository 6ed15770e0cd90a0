"""GeoEngine: the one object the app and the build use for addresses, desks and distances.

Construct it once per process (it loads the reference data, ~1 s) and share it: after
__init__ nothing is mutated except small memo dicts whose writes are idempotent, so
concurrent reads from request threads are safe. Polygon work (dissolves, area maps)
happens at build time in `write_build_artifacts`, never per request.
"""
from __future__ import annotations

import json
from pathlib import Path

from tsunagu.data.yamlio import read_yaml

from . import areas as areas_mod
from .answers import DeskAnswer, NearAnswer
from .areaselect import general_desk
from .desk import _area_desk, lookup_desk
from .gazetteer import Gazetteer
from .geocode import Geocoder
from .near import nearest
from .parse import ParsedAddress, parse
from .rules import load_all


class GeoEngine:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.gaz = Gazetteer(self.data_dir)
        self.geocoder = Geocoder(self.gaz)
        self.rules, self.rule_problems = load_all(self.data_dir)
        self.need_labels = need_labels(self.data_dir)

    # -- build time -----------------------------------------------------------------------
    def geocode_directory(self, directory, cities: set[str] | None = None) -> None:
        """Set lat/lon/precision/geocode_label on every Resource (of `cities`, when given: the build geocodes
        only the cities whose unit it makes; rows with lat/lon keep them)."""
        for r in directory.resources:
            if cities is not None and r.city not in cities:
                continue
            if r.lat is not None and r.lon is not None and r.location_public is not False:
                if r.precision in ("", "none"):
                    r.precision = "facility"
                r.geocode_label = r.geocode_label or "記録の座標"
                continue
            res = self.geocoder.resource(r, directory)
            if res is None:
                r.lat = r.lon = None
                r.precision = "none"
                r.geocode_label = "位置が分かりません"
            else:
                r.lat, r.lon = round(res.lat, 6), round(res.lon, 6)
                r.precision = res.precision
                r.geocode_label = res.label

    def write_build_artifacts(self, out: Path, directory, cities: set[str] | None = None) -> None:
        """out/areas-<city>.geojson, out/towns-<city>.geojson (of `cities`, when given) and out/cities.geojson."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        resources = list(getattr(directory, "resources", []))
        for city in self.gaz.cities:
            if cities is not None and city not in cities:
                continue
            cr = self.rules.get(city)
            desks = {}
            if cr is not None:
                for a in cr.areas:
                    desks[a.id] = _area_desk(cr, a, resources).model_dump()
                gd = general_desk(city, cr, resources)
                if gd:
                    desks["city"] = gd.model_dump()
            fc = areas_mod.area_features(self.gaz, cr, city, desks)
            _write(out / f"areas-{city}.geojson", fc)
            _write(out / f"towns-{city}.geojson", areas_mod.town_features(self.gaz, city, cr))
        _write(out / "cities.geojson", areas_mod.city_outlines(self.gaz))

    # -- request time ---------------------------------------------------------------------
    def parse(self, text: str, city: str | None = None) -> ParsedAddress:
        return parse(text, self.gaz, city)

    def lookup_desk(self, city: str, address: str, need: str | None, resources: list) -> DeskAnswer:
        return lookup_desk(self.gaz, self.rules, city, address, need, resources, self.need_labels)

    def nearest(self, city: str, resources: list, *, address=None, station=None, town=None, lat=None, lon=None,
                kind="salon", limit=5) -> NearAnswer:
        return nearest(self.geocoder, city, resources, address=address, station=station, town=town, lat=lat,
                       lon=lon, kind=kind, limit=limit)

    def station_names(self, city: str) -> list[str]:
        """The city's stations as people name them (東逗子, 逗子・葉山), for the near page's list."""
        return sorted(name for name, _, _ in self.gaz.stations.get(city, {}).values())

    def town_of(self, city, lat, lon) -> str | None:
        """The 町丁目 name (e.g. 新宿四丁目) containing the point, or None outside the towns."""
        if city not in self.gaz.cities:
            return None
        try:
            row = self.gaz.town_at(city, float(lat), float(lon))
        except (TypeError, ValueError):
            return None
        return None if row is None else str(row["s_name_norm"])


def need_labels(data_dir: Path) -> dict[str, str]:
    """Need code → how residents read it (data/vocabulary.yaml), for the desk answer's sentences."""
    path = data_dir / "vocabulary.yaml"
    if not path.exists():
        return {}
    return dict((read_yaml(path, "vocabulary.yaml") or {}).get("needs") or {})


def _write(path: Path, obj: dict) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
