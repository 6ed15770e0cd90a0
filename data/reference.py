"""The reference tables, read once per data folder and shared: cities, towns, facilities, stations.

`data/cities.yaml`, the town table (`geo/town_points_geolonia.csv`), the GSI facilities and the
stations used to be parsed separately by the loader, the validator, the area-rule check, the
gazetteer and the search index builder. Now each asks `load(data_dir)` and gets the same
`Reference`; a build (which works on one snapshot) therefore parses each file once, and the
server, which builds its address engine from the served build's `data/` snapshot once per
AppState, does the same.

Each table is read on first use (a `tsunagu check` never needs the stations). The memo is keyed on
the folder and the files' size and modification time, so an edited file is read again.
"""
from __future__ import annotations

import csv
import functools
import json
import threading
from pathlib import Path
from typing import Any

from .yamlio import read_yaml

CITIES = "cities.yaml"
TOWNS = "geo/town_points_geolonia.csv"
FACILITIES = "geo/shelters_gsi_2025.geojson"
STATIONS = "geo/stations_n02_2020.geojson"
POSTAL = "geo/postal_codes_kenall.csv"
FILES = (CITIES, TOWNS, FACILITIES, STATIONS, POSTAL)


class Reference:
    """Read-only after loading; the first read of each table is guarded, so threads may share it."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self._tables: dict[str, Any] = {}
        self._lock = threading.RLock()  # town_rows reads the postal table while holding it
        self.reads: dict[str, int] = {}  # file → times parsed (1 per Reference; tests check the sharing)

    def has(self, name: str) -> bool:
        return (self.data_dir / name).exists()

    def _table(self, name: str, read) -> Any:
        if name not in self._tables:
            with self._lock:
                if name not in self._tables:
                    self._tables[name] = read(self.data_dir / name)
                    self.reads[name] = self.reads.get(name, 0) + 1
        return self._tables[name]

    @property
    def cities(self) -> Any:
        """cities.yaml as parsed (a list of mappings). Raises YamlFileError (located) or OSError."""
        return self._table(CITIES, lambda path: read_yaml(path, CITIES))

    @property
    def town_rows(self) -> tuple[dict[str, str], ...]:
        """Every row of the town table (city_code, town, town_base, chome, koaza, …); OSError if missing.

        A city with no row there (one added by `tsunagu city add`, before town points are supplied) gets
        its towns from the postal table instead: names and readings, no point, and `chome_any` where
        Japan Post says the town has 丁目 (which ones it does not say)."""
        pointed = self._table(TOWNS, _rows)
        if "towns+postal" not in self._tables:
            with self._lock:
                codes = {r["city_code"] for r in pointed}
                self._tables["towns+postal"] = pointed + _postal_towns(self.postal_rows, codes)
        return self._tables["towns+postal"]

    @property
    def postal_rows(self) -> tuple[dict[str, str], ...]:
        """Japan Post's rows for the cities (postal code, city_code, 町域 and its reading, flags); () if missing."""
        return self._table(POSTAL, lambda path: _rows(path) if path.exists() else ())

    @property
    def facilities(self) -> list[dict]:
        """The GSI facility features (GeoJSON); OSError if missing."""
        return self._table(FACILITIES, _features)

    @property
    def stations(self) -> list[dict]:
        """The station features (GeoJSON, one per platform line); OSError if missing."""
        return self._table(STATIONS, _features)

    # -- views the validator needs ---------------------------------------------------------
    def facility_ids(self) -> set[str]:
        """`gsi:<common_id>` of every facility; empty without the file."""
        if not self.has(FACILITIES):
            return set()
        return {"gsi:" + f["properties"]["common_id"] for f in self.facilities}

    def town_names(self, code5_to_slug: dict[str, str]) -> dict[str, set[str]]:
        """slug → every town_base and full town name in the table; empty without the file."""
        if not self.has(TOWNS):
            return {}
        out: dict[str, set[str]] = {}
        for row in self.town_rows:
            slug = code5_to_slug.get(row["city_code"])
            if slug:
                out.setdefault(slug, set()).update({row["town_base"], row["town"]})
        return out

    def chomes(self, code5: str) -> dict[str, set[int | None]]:
        """town_base → its 丁目 (None for the 丁目-less town), 小字 rows left out."""
        towns: dict[str, set[int | None]] = {}
        for row in self.town_rows:
            if row["city_code"] == code5 and not row["koaza"]:
                towns.setdefault(row["town_base"], set()).add(int(row["chome"]) if row["chome"] else None)
        return towns


def _rows(path: Path) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return tuple(csv.DictReader(fh))


def _postal_towns(rows: tuple[dict[str, str], ...], pointed: set[str]) -> tuple[dict[str, str], ...]:
    """One town row per 町域 of the cities `pointed` lacks (see `town_rows`)."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for r in rows:
        name = r["town_area"]
        if r["city_code"] in pointed or not name or (r["city_code"], name) in out:
            continue
        out[(r["city_code"], name)] = {
            "city_code": r["city_code"], "pref_name": r["pref_name"], "city_name": r["city_name"],
            "town": name, "koaza": "", "town_base": name, "chome": "", "town_base_kana": r["town_area_kana"],
            "kana_match": "kenall", "koaza_or_combined_kana": "", "lat": "", "lng": "", "in_city_polygon": "",
            "chome_any": "1" if r.get("chome") == "1" else ""}
    return tuple(out.values())


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _signature(data_dir: Path) -> tuple:
    out: list[tuple[int, int] | None] = []
    for name in FILES:
        try:
            st = (data_dir / name).stat()
            out.append((st.st_mtime_ns, st.st_size))
        except OSError:
            out.append(None)
    return tuple(out)


def load(data_dir: Path | str) -> Reference:
    """The shared Reference for `data_dir` (the same object while its files are unchanged)."""
    path = Path(data_dir).resolve()
    return _load(path, _signature(path))


@functools.lru_cache(maxsize=2)  # ~6 MB each: a build's snapshot and data/ (staff console) or the served build
def _load(path: Path, signature: tuple) -> Reference:
    return Reference(path)
