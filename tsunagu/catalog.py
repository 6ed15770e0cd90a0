"""The built directory (records.json), read by the server at start-up and by the build's guide step."""
from __future__ import annotations

from pathlib import Path

from tsunagu.build.output import RecordsFile
from tsunagu.data.model import City, Resource


class Catalog:
    def __init__(self, build_path: Path):
        payload = RecordsFile.read(build_path)  # the build wrote it with the same model
        self.build_path = build_path
        self.plans: dict = payload.plans
        self.vocabulary: dict = payload.vocabulary
        self.venues: dict = payload.venues
        self.cities: dict[str, City] = payload.cities
        self.resources: dict[str, Resource] = {}
        for raw in payload.resources:
            r = Resource.from_dict(raw)
            self.resources[r.id] = r
        self._by_city: dict[str, list[Resource]] = {slug: [] for slug in self.cities}
        for r in self.resources.values():
            self._by_city.setdefault(r.city, []).append(r)
        for items in self._by_city.values():
            items.sort(key=lambda r: (r.kind, r.name_kana or r.name, r.id))

    def city(self, slug: str) -> City | None:
        return self.cities.get(slug)

    def in_city(self, slug: str) -> list[Resource]:
        return self._by_city.get(slug, [])

    def get(self, slug: str, resource_id: str) -> Resource | None:
        r = self.resources.get(resource_id)
        return r if r is not None and r.city == slug else None

    def desks(self, slug: str) -> list[Resource]:
        return [r for r in self.in_city(slug) if r.kind == "consultation_desk"]

    def in_district(self, slug: str, district_id: str) -> list[Resource]:
        return [r for r in self.in_city(slug) if r.district == district_id]

    def plan_title(self, plan_id: str) -> str:
        return self.plans.get(plan_id, {}).get("title", plan_id)


def public_place(r: Resource, venues: dict) -> tuple[str, str]:
    """(place, address) as pages and sheets may show them: a private home gives its town only."""
    if not r.location_public:
        return (f"{r.town}（個人宅のため町名のみ）" if r.town else "個人宅のため場所は載せていません"), ""
    venue = venues.get(r.venue, {}) if r.venue else {}
    return r.venue_text or venue.get("name", "") or r.town, r.address or venue.get("address", "")
