"""Each city's first place to turn (the home and about pages), worked out once by the build.

Those pages name every city; reading every city's records for them would undo the lazy loading of
tsunagu/catalog.py (issue 25.2), so the build writes what they show into `catalog.json`.
"""
from __future__ import annotations

from collections.abc import Iterable

from tsunagu.data.model import City, Resource

from .output import CityContactFacts, DeskFacts


def general_desk_records(city: City, resources: list[Resource], geo) -> list[Resource]:
    """The city's general (何でも) desks: where desks split the city by address (逗子's 包括), all of them;
    elsewhere the desk the address engine answers for the city as a whole (its name as the address)."""
    desks = [r for r in resources if r.kind == "consultation_desk" and r.area not in ("", "city")]
    if desks:
        return desks
    answer = geo.lookup_desk(city.slug, city.name, None, resources)
    found = next((r for r in resources if answer.desk and r.id == answer.desk.id), None)
    return [found] if found else []


def contact_facts(cities: dict[str, City], resources: Iterable[Resource], geo) -> dict[str, CityContactFacts]:
    by_city: dict[str, list[Resource]] = {slug: [] for slug in cities}
    for r in resources:
        by_city.setdefault(r.city, []).append(r)
    out = {}
    for slug, city in cities.items():
        rows = sorted(by_city[slug], key=lambda r: (r.kind, r.name_kana or r.name, r.id))  # the catalog's order
        desks = [r for r in rows if r.kind == "consultation_desk"]
        general = general_desk_records(city, rows, geo)
        out[slug] = CityContactFacts(general=[DeskFacts(id=r.id, name=r.name, phone=r.phone) for r in general],
                                     phones_known=sum(1 for d in desks if d.phone), desks_total=len(desks))
    return out
