"""Place names in a query: 「久木のサロン」 means サロン in the 久木 district.

At build time `compile_places` writes, per city, the place names residents may type:
the districts of data/cities.yaml (name, name without 地域, kana reading, their towns)
and the towns of data/geo/town_points_geolonia.csv (also the shared head of several
town names, such as 篠ノ井 or 信州新町). The city's own name is left out: on the 逗子市
page, 逗子 means the city far more often than the 逗子 district.

At request time `Places.scan` finds them in the normalised query. A place that names a
district with records becomes a district filter; any other becomes a boost (records that
mention the place rank first). The searcher says which, and the page offers a link to
search without it.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tsunagu.data import reference

from .analysis import normalize

PLACES_FILE = "places.json"
MIN_SHARED = 3  # a town-name head shared by this many towns is a place residents say (篠ノ井)


@dataclass(frozen=True)
class Place:
    key: str  # normalised spelling found in the query
    name: str  # shown on the page
    district: str  # district id, or "" for a town outside any district list


def _strip(town: str) -> str:
    return town.removeprefix("大字")


def _town_rows(data_dir: Path, code: str) -> list[str]:
    path = data_dir / "geo" / "town_points_geolonia.csv"
    if not path.exists():
        return []
    return sorted({_strip(r["town_base"]) for r in reference.load(data_dir).town_rows
                   if r.get("city_code") == code[:5] and r.get("town_base")})


def _heads(towns: list[str]) -> list[str]:
    """Leading parts shared by several town names (篠ノ井布施高田, 篠ノ井岡田 … → 篠ノ井)."""
    counts: Counter = Counter()
    for t in towns:
        for n in range(2, len(t)):
            counts[t[:n]] += 1
    heads = [h for h, c in counts.items() if c >= MIN_SHARED]
    # keep the longest head of each family only (信州新町, not 信州 and 信州新)
    return [h for h in heads if not any(o != h and o.startswith(h) and counts[o] == counts[h] for o in heads)]


def city_places(city: dict, towns: list[str]) -> list[Place]:
    own = normalize(city.get("name", "")).removesuffix("市")
    out: dict[str, Place] = {}

    def add(spelling: str, name: str, district: str) -> None:
        key = normalize(spelling).replace(" ", "")
        if len(key) < 2 or key == own or key in out:
            return
        out[key] = Place(key, name, district)

    for d in city.get("districts") or ():
        if d.get("id") == "all":
            continue
        name = d.get("name", "")
        for spelling in (name, name.removesuffix("地域"), d.get("name_kana", ""),
                         (d.get("name_kana") or "").removesuffix("ちいき"), *(d.get("towns") or ())):
            if len(normalize(spelling)) >= (3 if spelling == d.get("name_kana") else 2):
                add(spelling, name, d["id"])
    for t in towns + _heads(towns):
        add(t, t, "")
    return list(out.values())


def compile_places(data_dir: Path | None, out: Path) -> None:
    payload: dict[str, list] = {}
    path = Path(data_dir or ".") / "cities.yaml"
    if data_dir is not None and path.exists():
        for city in reference.load(data_dir).cities or []:  # parsed once per build, shared with data and geo
            towns = _town_rows(Path(data_dir), str(city.get("code", "")))
            payload[city["slug"]] = [[p.key, p.name, p.district] for p in city_places(city, towns)]
    Path(out).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


class Places:
    def __init__(self, by_city: dict[str, list[Place]]):
        self.by_city = {slug: sorted(ps, key=lambda p: -len(p.key)) for slug, ps in by_city.items()}
        # key -> the first place with that key (the order of by_city), for whole-chunk look-ups
        self._by_key: dict[str, dict[str, Place]] = {slug: {} for slug in self.by_city}
        for slug, ps in self.by_city.items():
            for p in ps:
                self._by_key[slug].setdefault(p.key, p)

    def whole(self, city: str | None, key: str) -> Place | None:
        """The place whose whole name is `key` in the city, or None."""
        return self._by_key.get(city or "", {}).get(key)

    @classmethod
    def load(cls, path: Path) -> Places:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls({})
        return cls({slug: [Place(*row) for row in rows] for slug, rows in data.items()})

    def scan(self, city: str | None, text: str, taken: list[bool]) -> list[tuple[int, Place]]:
        """Places in normalised `text` (longest first, not overlapping `taken`, which is updated)."""
        found = []
        for p in self.by_city.get(city or "", ()):
            start = text.find(p.key)
            while start >= 0:
                end = start + len(p.key)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * (end - start)
                    found.append((start, p))
                start = text.find(p.key, end)
        return sorted(found, key=lambda f: f[0])
