"""Where a resident can turn first in each city, said as the data can back it.

The home page and the about pages promise 「電話で相談できます」; that promise is true only where a phone
is registered. This view says per city which general desk to ask and whether its phone is known, so
no page promises a number the data cannot give.
"""
from __future__ import annotations

from dataclasses import dataclass

from tsunagu.build.contacts import general_desk_records

from .views import ResourceView, resource_view


@dataclass(frozen=True)
class DeskLink:
    """A general desk as the contacts list names it."""
    name: str
    url: str
    phone: str


@dataclass(frozen=True)
class CityContact:
    slug: str
    name: str
    desks: tuple[DeskLink, ...]  # the city's general desk(s)
    split_by_address: bool  # several general desks, each for part of the city (逗子's 包括)
    phones_known: int  # desks of the city with a registered phone
    desks_total: int

    @property
    def any_phone(self) -> bool:
        return any(d.phone for d in self.desks)


def general_desks(state, city: str) -> list[ResourceView]:
    """The city's general (何でも) desks, for "nothing found? call here" (the build's rule, one place)."""
    rows = list(state.catalog.in_city(city))
    return [resource_view(r, state.catalog) for r in general_desk_records(state.catalog.city(city), rows, state.geo)]


def city_contacts(state) -> list[CityContact]:
    """Every city's first place to turn: from the build's facts (catalog.json), so the home and about pages
    load no city's records; worked out from the records only for a build without them."""
    out = []
    for city in state.catalog.cities.values():
        facts = state.catalog.contacts.get(city.slug)
        if facts is not None:
            general = tuple(DeskLink(d.name, f"/{city.slug}/resources/{d.id}", d.phone) for d in facts.general)
            known, total = facts.phones_known, facts.desks_total
        else:
            general = tuple(DeskLink(d.name, d.url, d.phone) for d in general_desks(state, city.slug))
            desks = state.catalog.desks(city.slug)
            known, total = sum(1 for d in desks if d.phone), len(desks)
        out.append(CityContact(city.slug, city.name, general, len(general) > 1, known, total))
    return out
