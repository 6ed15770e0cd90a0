"""Which desks cover an area guide's district, and the city's general desk where none does."""
from __future__ import annotations

from tsunagu.data.model import District


def district_desks(catalog, geo, city_slug: str, district: District) -> tuple[list, str]:
    """The general desks for a district's towns: matched, or every candidate with the reason."""
    towns = district.towns
    resources = list(catalog.in_city(city_slug))
    found: dict[str, object] = {}
    notes = []
    for town in towns:
        answer = geo.lookup_desk(city_slug, town, None, resources)
        for d in [answer.desk] if answer.desk else answer.candidates:
            found.setdefault(d.id, catalog.resources.get(d.id))
        if answer.status == "ambiguous":
            notes.append(f"{town}は番地によって担当が分かれます（{answer.reason}）。")
    return [r for r in found.values() if r is not None], " ".join(notes)


def general_desks(catalog, geo, city_slug: str) -> list:
    """The desk the address engine answers for the city as a whole (a district with no desk of its own)."""
    city = catalog.city(city_slug)
    answer = geo.lookup_desk(city_slug, city.name, None, list(catalog.in_city(city_slug)))
    ids = [d.id for d in ([answer.desk] if answer.desk else answer.candidates)]
    return [catalog.resources[i] for i in ids if i in catalog.resources]
