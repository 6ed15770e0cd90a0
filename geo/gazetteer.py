"""Reference data loaded once: cities, towns (町丁目), postal codes, GSI facilities, stations.

Everything comes from data/geo/ (see /work/shared/geodata/SOURCES.md for provenance).
Polygons are loaded here too but only used at start-up (point-in-polygon index) and at
build time (area maps); request-time code only does dictionary look-ups and an STRtree
query.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Point

from tsunagu.data import reference

from . import municipalities
from .normalize import fold_name
from .townkeys import is_kana, match_skeleton, oaza_pair, skeleton_keys
from .townloose import add_loose_names

PREFS_RE = r"(北海道|東京都|京都府|大阪府|[^\s0-9]{2,3}県)"
ANY_CHOME = frozenset(range(1, 100))


def metric_crs(ref: CityRef) -> str:
    """The city's CRS in metres: its own (cities.yaml), else the JGD2011 UTM zone of its outline (51–56)."""
    if ref.crs:
        return ref.crs
    lon = ref.rep_point[1] if ref.rep_point else 138.0
    return f"EPSG:{6688 + int((lon + 180) // 6) + 1 - 51}"


def read_geojson(path: Path) -> gpd.GeoDataFrame:
    """A GeoJSON file as gpd.read_file gives it (same columns, values and geometries), read with json and
    GEOS's own GeoJSON reader: read_file loads GDAL (pyogrio), about 45 MB of a server's memory for two
    small files, the largest fixed part of it (measured, issue 25.2). GeoJSON is WGS84 (RFC 7946)."""
    text = path.read_text(encoding="utf-8")
    features = json.loads(text).get("features") or []
    geometries = list(shapely.from_geojson(text).geoms)
    if len(geometries) != len(features):  # a feature without a geometry: GEOS leaves it out
        gdf = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
        return gdf[[c for c in gdf.columns if c != "geometry"] + ["geometry"]]
    return gpd.GeoDataFrame([f["properties"] for f in features], geometry=geometries, crs="EPSG:4326")


@dataclass
class Town:
    city: str
    town: str  # full name as in the gazetteer, e.g. 新宿四丁目
    town_base: str  # 新宿
    chome: int | None
    koaza: str = ""
    kana: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass
class CityRef:
    slug: str
    code5: str
    name: str
    pref: str
    # fold(town_base or alias) → canonical town_base (大字 dropped or kept as in data)
    town_keys: dict = field(default_factory=dict)
    # canonical town_base → {chome (None for a town without 丁目) → Town}
    towns: dict = field(default_factory=dict)
    # canonical town_base → {fold(koaza) → Town}
    koaza: dict = field(default_factory=dict)
    max_key_len: int = 0
    # 大字X and X丁目 both exist (長野 三輪, 下関 前田): X丁目's base → 大字X's base. The shared
    # name X points at X丁目 in town_keys; the parser decides between the two.
    oaza_twin: dict = field(default_factory=dict)
    # name with 大字 / 町 left out (唐戸 for 唐戸町, 豊北町神田 for 豊北町大字神田) → base
    skeleton_keys: dict = field(default_factory=dict)
    max_skeleton_len: int = 0
    # loosely written names (townloose.py): の left out → base; (folded name, folded reading, base)
    loose_keys: dict = field(default_factory=dict)
    readings: list = field(default_factory=list)
    koaza_readings: dict = field(default_factory=dict)  # 大字 → [(folded 小字, folded reading, key)]
    outline: Any = None  # a shapely geometry once loaded (None until a boundary is supplied)
    rep_point: tuple | None = None  # (lat, lon) of the outline
    gun: str = ""  # 三浦郡 of 三浦郡葉山町 (cities.yaml `gun`)
    crs: str = ""  # a metric CRS for its polygons (cities.yaml `crs`; else from the outline's longitude)
    town_examples: tuple = ()  # towns named in 「町名（例: …）から入力してください」
    # towns known only from the postal table, which says they have 丁目 but not which: any 丁目 is read
    chome_any: set = field(default_factory=set)

    def chomes(self, town_base: str) -> set | frozenset:
        if town_base in self.chome_any:
            return ANY_CHOME
        return {c for c in self.towns.get(town_base, {}) if c is not None}

    def has_bare(self, town_base: str) -> bool:
        return None in self.towns.get(town_base, {})

    def town_point(self, town_base: str, chome: int | None = None) -> Town | None:
        variants = self.towns.get(town_base) or {}
        t = variants.get(chome)
        if t is None and chome is None and variants:
            # no 丁目 given and no chome-less town: the town's first 丁目 point is NOT used
            # (it could be kilometres off); the caller falls back to the polygon centroid.
            return None
        return t


class Gazetteer:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        geo = self.data_dir / "geo"
        tables = reference.load(self.data_dir)  # the tables the loader and validator read too
        cities = tables.cities
        self.cities: dict[str, CityRef] = {}
        self.by_code5: dict[str, str] = {}
        for c in cities:
            ref = CityRef(c["slug"], str(c["code"])[:5], c["name"], c["pref"], gun=c.get("gun") or "",
                          crs=c.get("crs") or "", town_examples=tuple(c.get("town_examples") or ()))
            self.cities[ref.slug] = ref
            self.by_code5[ref.code5] = ref.slug
        # 葉山町 and 三浦郡葉山町 both name the city (Japan Post and many residents write the 郡)
        self.city_names = {n: ref.slug for ref in self.cities.values() for n in {ref.name, ref.gun + ref.name}}
        self._load_towns(tables.town_rows)
        self._load_outlines(geo / "city_boundaries_n03_2022.geojson")
        self._load_small_areas(geo / "small_areas_estat2015.geojson")
        self._load_postal(tables.postal_rows)
        self._load_facilities(tables.facilities)
        self._load_stations(tables.stations)
        self.municipalities = municipalities.load()

    # -- towns ---------------------------------------------------------------
    def _load_towns(self, rows) -> None:
        for row in rows:
            slug = self.by_code5.get(row["city_code"])
            if not slug:
                continue
            ref = self.cities[slug]
            base = row["town_base"]
            chome = int(row["chome"]) if row["chome"] else None
            lat = float(row["lat"]) if row["lat"] else None
            lon = float(row["lng"]) if row["lng"] else None
            t = Town(slug, row["town"], base, chome, row["koaza"], row["town_base_kana"], lat, lon)
            if row.get("chome_any"):
                ref.chome_any.add(base)
            if row["koaza"]:
                ref.koaza.setdefault(base, {})[fold_name(row["koaza"])] = t
                ref.koaza_readings.setdefault(base, []).append(
                    (fold_name(row["koaza"]), fold_name(row.get("koaza_or_combined_kana") or ""), fold_name(row["koaza"])))
                continue
            ref.towns.setdefault(base, {})[chome] = t
        for ref in self.cities.values():
            aliases: dict[str, set] = {}
            for base, variants in ref.towns.items():
                names = {base}
                if base.startswith("大字"):
                    names.add(base[2:])  # people rarely type 大字
                kana = next((t.kana for t in variants.values() if t.kana), "")
                if len(kana) >= 2:  # a 1-kana reading (津 → ツ) would match stray kana
                    names.add(kana)
                for n in names:
                    aliases.setdefault(fold_name(n), set()).add(base)
            # A 小字 name typed without its 大字 (長野市県町) is accepted when unique in the city.
            town_aliases = set(aliases)
            for base, ks in ref.koaza.items():
                for key in ks:
                    if key not in town_aliases:  # a real town name always wins over a 小字
                        aliases.setdefault(key, set()).add(("koaza", base, key))
            # Ambiguous aliases (two towns sharing a reading) are dropped, never guessed —
            # except 大字X / X丁目, which the parser tells apart by what follows.
            ref.town_keys = {}
            for k, v in aliases.items():
                twin = oaza_pair(v)
                if len(v) == 1 or twin:
                    ref.town_keys[k] = twin[1] if twin else next(iter(v))
                    if twin:
                        ref.oaza_twin[twin[1]] = twin[0]
            self._skeletons(ref)
            add_loose_names(ref, set(aliases) | set(ref.skeleton_keys))

    def _skeletons(self, ref: CityRef) -> None:
        ref.skeleton_keys = skeleton_keys(ref.towns)
        ref.max_skeleton_len = max((len(k) for k in ref.skeleton_keys), default=0)

    def match_skeleton(self, slug: str, folded: str):
        """(town_base, length in `folded`) matching with 大字 / 町 left out or put in."""
        ref = self.cities[slug]
        return match_skeleton(ref.skeleton_keys, ref.max_skeleton_len, folded)

    def match_town(self, slug: str, folded: str):
        """Longest town name at the start of `folded` → (town_base, koaza_key|None, length)."""
        ref = self.cities[slug]
        for n in range(min(ref.max_key_len, len(folded)), 0, -1):
            hit = ref.town_keys.get(folded[:n])
            if hit is None:
                continue
            if is_kana(folded[:n]) and n < len(folded) and is_kana(folded[n]):
                continue  # ハセガワハイツ is not 長谷 (ハセ) + ガワハイツ: a kana name must end there
            if isinstance(hit, tuple):
                return hit[1], hit[2], n
            return hit, None, n
        return None

    def match_koaza(self, slug: str, town_base: str, folded: str):
        ks = self.cities[slug].koaza.get(town_base, {})
        for n in range(min(max((len(k) for k in ks), default=0), len(folded)), 0, -1):
            if folded[:n] in ks:
                return folded[:n], n
        return None

    # -- polygons --------------------------------------------------------------
    def _load_outlines(self, path: Path) -> None:
        gdf = read_geojson(path)
        for _, row in gdf.iterrows():
            slug = self.by_code5.get(str(row["city_code"]))
            if slug:
                ref = self.cities[slug]
                ref.outline = row.geometry
                p = row.geometry.representative_point()
                ref.rep_point = (p.y, p.x)
        self.outlines = gdf

    def _load_small_areas(self, path: Path) -> None:
        gdf = read_geojson(path)
        gdf["slug"] = gdf["city_code"].astype(str).map(self.by_code5)
        gdf = gdf[gdf["slug"].notna()].reset_index(drop=True)
        gdf["chome"] = gdf["chome"].apply(lambda v: None if pd.isna(v) else int(v))
        # Shimonoseki's e-Stat names are 大字+通称町; map each polygon to the gazetteer town
        # whose name is the longest prefix of s_name_norm, so polygon → town_base agrees.
        bases = []
        for _, r in gdf.iterrows():
            ref = self.cities[r["slug"]]
            base = r["town_base"]
            if base not in ref.towns:
                hit = self.match_town(r["slug"], fold_name(r["s_name_norm"]))
                base = hit[0] if hit and hit[1] is None else base
            bases.append(base)
        gdf["town_key"] = bases
        self.small_areas = gdf
        self._sindex = gdf.sindex  # built once; queried under the GIL, read-only afterwards
        self._precompute_centres()

    def town_at(self, slug: str, lat: float, lon: float):
        """The small-area row containing the point, or None (sea, sliver, other city)."""
        pt = Point(lon, lat)
        for i in self._sindex.query(pt, predicate="intersects"):
            row = self.small_areas.iloc[int(i)]
            if row["slug"] == slug:
                return row
        return None

    def _precompute_centres(self) -> None:
        """Representative points per (city, town, 丁目) and per (city, town, any 丁目), once.

        For a town with its 丁目 unknown: the population-weighted centre, so 桜山's point is
        where people live, not in the wooded 丁目-less 大字; if that centre falls outside the
        town (a crescent-shaped town), the most populous part's point instead.
        """
        sa = self.small_areas
        reps = sa.geometry.representative_point()
        pop = sa["population_2015"].fillna(0).clip(lower=1)
        groups: dict[tuple, list[int]] = {}
        for i, (slug, town, chome) in enumerate(zip(sa["slug"], sa["town_key"], sa["chome"], strict=True)):
            groups.setdefault((slug, town, chome), []).append(i)
            groups.setdefault((slug, town, "*"), []).append(i)
        self._centres: dict[tuple, tuple] = {}
        for key, idx in groups.items():
            if len(idx) == 1:
                p = reps.iloc[idx[0]]
                self._centres[key] = (p.y, p.x)
                continue
            w = pop.iloc[idx].to_numpy()
            x = float((reps.iloc[idx].x.to_numpy() * w).sum() / w.sum())
            y = float((reps.iloc[idx].y.to_numpy() * w).sum() / w.sum())
            pt = Point(x, y)
            if not any(sa.geometry.iloc[i].contains(pt) for i in idx):
                best = reps.iloc[idx[int(w.argmax())]]
                x, y = best.x, best.y
            self._centres[key] = (y, x)

    def town_polygon_point(self, slug: str, town_base: str, chome: int | None, any_chome: bool = False):
        """Representative (lat, lon) of a town's small-area polygon(s); precomputed, so cheap."""
        return self._centres.get((slug, town_base, "*" if any_chome else chome))

    # -- postal codes ------------------------------------------------------------
    def _load_postal(self, rows) -> None:
        self.postal: dict[str, list[tuple[str, str]]] = {}
        for row in rows:
            slug = self.by_code5.get(row["city_code"])
            if slug:
                self.postal.setdefault(row["postal_code"], []).append((slug, row["town_area"]))

    def postal_towns(self, code: str) -> tuple[str | None, list[str]]:
        """(city slug, candidate town_bases) for a 7-digit code; (None, []) if unknown."""
        rows = self.postal.get(code, [])
        if not rows:
            return None, []
        slug = rows[0][0]
        towns = []
        for s, area in rows:
            if s != slug or not area:
                continue
            hit = self.match_town(s, fold_name(area))
            for base in (hit[0], self.cities[s].oaza_twin.get(hit[0])) if hit else ():
                if base and base not in towns:
                    towns.append(base)
        return slug, towns

    # -- facilities and stations ---------------------------------------------------------
    def _load_facilities(self, features: list[dict]) -> None:
        self.facilities: dict[str, dict] = {}
        self.facility_names: dict[tuple[str, str], list[str]] = {}
        for f in features:
            p = f["properties"]
            slug = self.by_code5.get(str(p["city_code"]))
            if not slug or not f.get("geometry"):
                continue
            lon, lat = f["geometry"]["coordinates"][:2]
            fid = "gsi:" + p["common_id"]
            self.facilities[fid] = {"id": fid, "city": slug, "name": p["name"], "address": p.get("address") or "",
                                    "lat": lat, "lon": lon}
            self.facility_names.setdefault((slug, fold_name(p["name"])), []).append(fid)

    def _load_stations(self, features: list[dict]) -> None:
        grouped: dict[tuple[str, str], list] = {}
        for f in features:
            p = f["properties"]
            slug = self.by_code5.get(str(p["city_code"]))
            if slug:
                grouped.setdefault((slug, p["station_name"]), []).append(f["geometry"]["coordinates"])
        # One point per station: the mean of its platform midpoints (lines meet at one station).
        self.stations: dict[str, dict[str, tuple[str, float, float]]] = {}
        for (slug, name), coords in grouped.items():
            lon = sum(c[0] for c in coords) / len(coords)
            lat = sum(c[1] for c in coords) / len(coords)
            self.stations.setdefault(slug, {})[fold_name(name)] = (name, lat, lon)
        self.station_keys = {(slug, fold_name(k.replace("・", ""))): k for slug, names in self.stations.items()
                             for k in names if "・" in k}

    def station(self, slug: str, name: str):
        key = fold_name(name.strip().removesuffix("駅"))
        stations = self.stations.get(slug, {})
        # 逗子・葉山 is typed 逗子葉山 as often: a name's 「・」 may be left out
        return stations.get(key) or stations.get(self.station_keys.get((slug, key), ""))
