"""Where a resident can turn first in each city, said as the data can back it.

The home page and the about pages promise 「電話で相談できます」; that promise is true only where a phone
is registered. This view says per city which general desk to ask and whether its phone is known, so
no page promises a number the data cannot give.
"""
from __future__ import annotations

from dataclasses import dataclass

from .views import ResourceView, resource_view


@dataclass(frozen=True)
class CityContact:
    slug: str
    name: str
    desks: tuple[ResourceView, ...]  # the city's general desk(s)
    split_by_address: bool  # several general desks, each for part of the city (逗子's 包括)
    phones_known: int  # desks of the city with a registered phone
    desks_total: int

    @property
    def any_phone(self) -> bool:
        return any(d.phone for d in self.desks)


def general_desks(state, city: str) -> list:
    """The city's general (何でも) desks, for "nothing found? call here".

    Where desks split the city by address (逗子's 包括), all of them; elsewhere the desk the
    address engine answers for the city as a whole.
    """
    desks = [r for r in state.catalog.desks(city) if r.area not in ("", "city")]
    if not desks:
        info = state.catalog.city(city)
        answer = state.geo.lookup_desk(city, info.name, None, list(state.catalog.in_city(city)))
        found = state.catalog.resources.get(answer.desk.id) if answer.desk else None
        desks = [found] if found else []
    return [resource_view(r, state.catalog) for r in desks]


def city_contacts(state) -> list[CityContact]:
    out = []
    for city in state.catalog.cities.values():
        desks = state.catalog.desks(city.slug)
        general = tuple(general_desks(state, city.slug))
        out.append(CityContact(city.slug, city.name, general, len(general) > 1,
                               sum(1 for d in desks if d.phone), len(desks)))
    return out
