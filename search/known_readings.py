"""The readings we hold, per city, for ふりがな (search/furigana.py): surface → hiragana.

* towns: the town table's kana (data/geo/town_points_geolonia.csv: `town_base_kana`, the 小字's
  `koaza_or_combined_kana`), then Japan Post's (KEN_ALL, data/geo/postal_codes_kenall.csv) for the
  町域 that table has no kana for (下関's 彦島…町 under a kana-less 大字彦島);
* the city's districts and every city's name (data/cities.yaml `name_kana`);
* records' and venues' names with their hand-checked `name_kana`.

Per city, because one spelling is read differently in different cities (新町 is しんまち in 長野 and
may be しんちょう elsewhere); where one city's tables disagree with themselves, neither reading is kept
(`conflicts`) and Sudachi reads the name. A 大字 name keeps its 大字 (おおあざ) and is also held without it,
as addresses write it both ways. Pages outside a city get the readings the four cities agree on.
"""
from __future__ import annotations

import csv
import threading
import weakref
from collections.abc import Iterable
from pathlib import Path

from tsunagu.data import reference

from .furigana import Furigana, hira

OAZA, OAZA_KANA = "大字", "おおあざ"
_CACHE: weakref.WeakKeyDictionary[object, dict[str, Furigana]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


class Readings:
    """Collects surface → reading; a surface given two readings is dropped (and remembered)."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}
        self.conflicts: dict[str, set[str]] = {}

    def add(self, surface: str, kana: str) -> None:
        surface, kana = surface.strip(), hira(kana.replace(" ", "").replace("\u3000", ""))
        if not surface or not kana or surface in self.conflicts:
            return
        if self.known.setdefault(surface, kana) != kana:
            self.conflicts[surface] = {self.known.pop(surface), kana}

    def add_all(self, pairs: Iterable[tuple[str, str]]) -> None:
        for surface, kana in pairs:
            self.add(surface, kana)


def town_pairs(rows: Iterable[dict[str, str]], code5: str) -> list[tuple[str, str]]:
    """(name, kana) of every town and 小字 of one city in the town table that has a reading."""
    out: list[tuple[str, str]] = []
    for row in rows:
        if row["city_code"] != code5:
            continue
        base, kana = row["town_base"], row.get("town_base_kana", "")
        if kana and row.get("kana_match") != "exact_without_suffix":  # 塩生乙: the kana leaves out 乙
            out.append((base.removeprefix(OAZA), kana))
            if base.startswith(OAZA):
                out.append((base, OAZA_KANA + hira(kana)))
        koaza, koaza_kana = row.get("koaza", ""), row.get("koaza_or_combined_kana", "")
        if koaza and koaza_kana:
            out.extend(_koaza_pairs(base.removeprefix(OAZA), kana, koaza, koaza_kana))
    return out


def _koaza_pairs(base: str, base_kana: str, koaza: str, kana: str) -> list[tuple[str, str]]:
    """A 小字's kana is sometimes written with its 大字's (安茂里 大門: アモリダイモン): then the 小字 alone
    is the rest, and 大字+小字 is the whole."""
    if base_kana and kana.startswith(base_kana) and not koaza.startswith(base):
        return [(koaza, kana[len(base_kana):]), (base + koaza, kana)]
    return [(koaza, kana)]


def postal_pairs(path: Path, code5: str) -> list[tuple[str, str]]:
    """(町域, kana) of one city from Japan Post's table (names with notes in brackets left out)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [(r["town_area"], r["town_area_kana"]) for r in csv.DictReader(fh)
                if r["city_code"] == code5 and r["town_area_kana"] and "（" not in r["town_area"]]


def city_readings(data_dir: Path, slug: str, cities: dict, records: Iterable = (),
                  venues: Iterable[dict] = ()) -> Readings:
    """Everything we hold for one city: its records' and venues' (dicts) names, every city's name,
    its districts, its towns."""
    city = cities[slug]
    held = Readings()
    for r in records:
        if r.city == slug and r.name_kana:
            held.add(r.name, r.name_kana)
    for venue in venues:
        if venue.get("city") == slug and venue.get("name_kana"):
            held.add(venue["name"], venue["name_kana"])
    for c in cities.values():
        held.add(c.name, c.name_kana)
        if c.name.endswith("市") and c.name_kana.endswith("し"):  # 大字長野 is ながの, not Sudachi's おさの
            held.add(c.name[:-1], c.name_kana[:-1])
    for d in city.districts:
        held.add(d.name, d.name_kana)
    for surface, kana in town_readings(data_dir, city.code5).known.items():
        if surface not in held.known:  # a record's own name_kana is the more specific reading
            held.add(surface, kana)
    return held


def town_readings(data_dir: Path, code5: str) -> Readings:
    """The towns' and 小字's readings of one city: the town table's, then Japan Post's for the rest."""
    ref = reference.load(data_dir)
    towns = Readings()
    if ref.has(reference.TOWNS):
        towns.add_all(town_pairs(ref.town_rows, code5))
    postal = postal_pairs(Path(data_dir) / "geo/postal_codes_kenall.csv", code5)
    for name, kana in postal:
        if name not in towns.known and name not in towns.conflicts:
            towns.add(name, kana)
    if ref.has(reference.TOWNS):
        bare = {r["town_base"].removeprefix(OAZA) for r in ref.town_rows if r["city_code"] == code5}
        for base in sorted(bare - towns.known.keys() - towns.conflicts.keys()):
            kana = _from_postal(base, postal)
            if kana:
                towns.add(base, kana)
                towns.add(OAZA + base, OAZA_KANA + kana)
    return towns


def _from_postal(base: str, postal: list[tuple[str, str]]) -> str:
    """A town the town table gives no kana (七二会, 木屋川) read from Japan Post's names that begin with it:
    the kana all of them begin with (七二会甲 ナニアイコウ, 七二会乙 ナニアイオツ → ナニアイ), or that of
    base+町 less its チョウ/マチ (横野町 ヨコノチョウ → ヨコノ). "" when they do not say."""
    longer = [(n, hira(k)) for n, k in postal if n.startswith(base) and n != base]
    if len(longer) == 1 and longer[0][0] == base + "町":
        for suffix in ("ちょう", "まち"):
            if longer[0][1].endswith(suffix):
                return longer[0][1].removesuffix(suffix)
    if len(longer) >= 2 and len({n[len(base)] for n, _ in longer}) == len(longer):
        common = longer[0][1]
        for _, k in longer[1:]:
            while not k.startswith(common):
                common = common[:-1]
        return common if len(common) >= len(base) else ""
    return ""


def furigana_for(catalog, slug: str | None) -> Furigana:
    """The build's Furigana for a city page (`slug`), or for pages outside any city (slug None:
    the readings every city agrees on). Made once per build and city, kept with the catalog."""
    with _LOCK:
        per_build = _CACHE.setdefault(catalog, {})
        key = slug if slug and slug in catalog.cities else ""
        if key not in per_build:
            per_build[key] = Furigana(_known(catalog, key), anchors=tuple(c.name for c in catalog.cities.values()))
        return per_build[key]


def _known(catalog, slug: str) -> dict[str, str]:
    data_dir = Path(catalog.build_path) / "data"
    venues = [v for v in catalog.venues.values() if isinstance(v, dict)]
    if slug:
        return city_readings(data_dir, slug, catalog.cities, catalog.in_city(slug), venues).known
    shared: Readings = Readings()
    for one in catalog.cities:
        shared.add_all(city_readings(data_dir, one, catalog.cities, catalog.in_city(one), venues).known.items())
    return shared.known
