"""The built directory, read by the server and by the build's guide step.

A build's `catalog.json` (build/output.py CatalogHead) names its cities, plans, vocabulary and venues; each
city's records are in `records/<slug>.json` and are read on the city's first use (issue 25.2), so a server
costs what its visitors ask for, not what the country has. At most `max_cities` cities stay loaded; the
least recently used is dropped beyond that and read again when asked. A reload carries over the cities
whose unit (manifest.json) did not change: the very objects the previous build had loaded.

A build folder without a matching header (a records.json changed after the build, or written by hand) is
read whole from records.json, as before: every city is loaded at once and nothing is dropped.

Thread safety: requests ask from the event loop and from worker threads. A city is loaded under its own
lock and published into the cache only once complete, so two requests for an unloaded city load it once
and neither sees half of it.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tsunagu.build.output import CITY_RECORDS, CatalogHead, CityContactFacts, Manifest, RecordsFile, city_of_id
from tsunagu.data.model import City, Resource


@dataclass
class CityRecords:
    """One loaded city: its records by id and in the pages' order."""
    by_id: dict[str, Resource] = field(default_factory=dict)
    ordered: list[Resource] = field(default_factory=list)

    @classmethod
    def of(cls, rows: list[Resource]) -> CityRecords:
        ordered = sorted(rows, key=lambda r: (r.kind, r.name_kana or r.name, r.id))
        return cls({r.id: r for r in ordered}, ordered)


_NONE = CityRecords()


class Catalog:
    def __init__(self, build_path: Path, *, max_cities: int | None = None, previous: Catalog | None = None):
        self.build_path = build_path
        self.max_cities = max(1, max_cities) if max_cities else None
        self.loads = 0  # cities read from their file (for tests and /metrics)
        self._lock = threading.Lock()  # guards _loaded; never held while a file is read
        self._loaded: OrderedDict[str, CityRecords] = OrderedDict()  # least recently used first
        head = CatalogHead.read(build_path)
        self.lazy = head is not None
        if head is None:
            self._read_whole(build_path)
        else:
            self.plans, self.vocabulary, self.venues = head.plans, head.vocabulary, head.venues
            self.cities: dict[str, City] = head.cities
            self._counts, self._strays = head.counts, head.strays
            self.contacts: dict[str, CityContactFacts] = head.contacts
            self._city_locks = {slug: threading.Lock() for slug in self.cities}
            manifest = Manifest.read(build_path)
            self.units: dict[str, str] = manifest.units if manifest is not None else {}
            if previous is not None:
                self._carry_over(previous)
        self.resources = AllRecords(self)

    def _read_whole(self, build_path: Path) -> None:
        payload = RecordsFile.read(build_path)  # the build wrote it with the same model
        self.plans, self.vocabulary, self.venues = payload.plans, payload.vocabulary, payload.venues
        self.cities = payload.cities
        grouped: dict[str, list[Resource]] = {slug: [] for slug in self.cities}
        for raw in payload.resources:
            r = Resource.from_dict(raw)
            grouped.setdefault(r.city, []).append(r)
        self._loaded.update((slug, CityRecords.of(rows)) for slug, rows in grouped.items())
        self._counts = {slug: len(rows) for slug, rows in grouped.items()}
        self._strays = {r.id: slug for slug, rows in grouped.items() for r in rows if city_of_id(r.id, self.cities) != slug}
        self.units = {}
        self.contacts = {}  # the pages work them out from the records, all loaded here anyway
        self.max_cities = None  # nothing to read a dropped city back from

    def _carry_over(self, previous: Catalog) -> None:
        """Keep the previous build's loaded cities whose unit is the same in this build (same rows, same
        shared data), in their recency order; a changed city is read again from this build when asked."""
        if not previous.lazy:
            return  # its records may differ from its per-city files (a records.json changed by hand)
        with previous._lock:
            kept = [(slug, city) for slug, city in previous._loaded.items()
                    if slug in self.units and previous.units.get(slug) == self.units[slug]]
        self._loaded.update(kept[-self.max_cities:] if self.max_cities else kept)

    # -- loading -----------------------------------------------------------------------------------
    def _city(self, slug: str) -> CityRecords:
        with self._lock:
            found = self._loaded.get(slug)
            if found is not None:
                self._loaded.move_to_end(slug)
                return found
        lock = self._city_locks.get(slug) if self.lazy else None
        if lock is None:
            return _NONE  # not a city of this build
        with lock:  # one reader per city; the others wait for it and take its result
            with self._lock:
                found = self._loaded.get(slug)
            if found is not None:
                return found
            found = self._read_city(slug)
            with self._lock:
                self._loaded[slug] = found
                self.loads += 1
                while self.max_cities and len(self._loaded) > self.max_cities:
                    self._loaded.popitem(last=False)
        return found

    def _read_city(self, slug: str) -> CityRecords:
        raw = json.loads((self.build_path / CITY_RECORDS / f"{slug}.json").read_text(encoding="utf-8"))
        return CityRecords.of([Resource.from_dict(row) for row in raw])

    def loaded(self) -> list[str]:
        """The cities in memory now, least recently used first."""
        with self._lock:
            return list(self._loaded)

    def city_of(self, resource_id: str) -> str | None:
        return self._strays.get(resource_id) or city_of_id(resource_id, self.cities)

    # -- what the pages ask --------------------------------------------------------------------------
    def city(self, slug: str) -> City | None:
        return self.cities.get(slug)

    def count(self, slug: str) -> int:
        """How many records the city has, without loading it."""
        return self._counts.get(slug, 0)

    def in_city(self, slug: str) -> list[Resource]:
        return self._city(slug).ordered

    def get(self, slug: str, resource_id: str) -> Resource | None:
        return self._city(slug).by_id.get(resource_id)

    def desks(self, slug: str) -> list[Resource]:
        return [r for r in self.in_city(slug) if r.kind == "consultation_desk"]

    def in_district(self, slug: str, district_id: str) -> list[Resource]:
        return [r for r in self.in_city(slug) if r.district == district_id]

    def plan_title(self, plan_id: str) -> str:
        return self.plans.get(plan_id, {}).get("title", plan_id)


class AllRecords(Mapping[str, Resource]):
    """`catalog.resources`: every record by id, as the pages have always asked for it. A look-up loads only
    the record's own city (named by its id, or by the header for an id that does not start with it);
    counting uses the header; only walking over all of them loads every city."""

    def __init__(self, catalog: Catalog):
        self._catalog = catalog

    def __getitem__(self, resource_id: str) -> Resource:
        slug = self._catalog.city_of(resource_id)
        found = self._catalog.get(slug, resource_id) if slug else None
        if found is None:
            raise KeyError(resource_id)
        return found

    def __contains__(self, resource_id: object) -> bool:
        return isinstance(resource_id, str) and self.get(resource_id) is not None

    def __iter__(self) -> Iterator[str]:
        for slug in self._catalog.cities:
            yield from self._catalog._city(slug).by_id

    def __len__(self) -> int:
        return sum(self._catalog._counts.values())


def public_place(r: Resource, venues: dict) -> tuple[str, str]:
    """(place, address) as pages and sheets may show them: a private home gives its town only."""
    if not r.location_public:
        return (f"{r.town}（個人宅のため町名のみ）" if r.town else "個人宅のため場所は載せていません"), ""
    venue = venues.get(r.venue, {}) if r.venue else {}
    return r.venue_text or venue.get("name", "") or r.town, r.address or venue.get("address", "")
