"""One city of the served build as HSDS: every service, organization and location, made once per build.

The feed is made on the first HSDS request for a city and kept with the build's catalog (a weak key: a hot
reload drops the old build's feed with its catalog), so a page of /services is a slice, not a mapping run.
"""
from __future__ import annotations

import unicodedata
import weakref
from dataclasses import dataclass, field

from tsunagu.catalog import Catalog
from tsunagu.data.model import City

from .mapping import facility_location, organization, service
from .models import (
    Location,
    OrganizationBase,
    Service,
    ServiceAtLocationListItem,
    ServiceBase,
    ServiceListItem,
    TaxonomyTerm,
)
from .taxonomy import terms

SERVICE_KINDS = ("salon", "consultation_desk", "support_service", "program")  # facilities are locations


@dataclass
class CityFeed:
    city: City
    services: list[Service]
    organizations: list[OrganizationBase]
    locations: list[Location]  # every location: services' places and the facilities
    terms: list[TaxonomyTerm]
    service_by_id: dict[str, Service] = field(default_factory=dict)
    organization_by_id: dict[str, OrganizationBase] = field(default_factory=dict)
    search_text: dict[str, str] = field(default_factory=dict)
    list_items: list[ServiceListItem] = field(default_factory=list)  # the services' one-to-one fields
    # Unfiltered /services pages as sent, keyed by (page, per_page): the same bytes until the next build.
    page_cache: dict[tuple[int, int], bytes] = field(default_factory=dict)

    def service_at_locations(self) -> list[ServiceAtLocationListItem]:
        return [ServiceAtLocationListItem(**sal.model_dump(exclude={"location"}), location=sal.location,
                                          service=ServiceBase(**s.model_dump(include=set(ServiceBase.model_fields))))
                for s in self.services for sal in s.service_at_locations]

    def org_locations(self, org_id: str) -> list[Location]:
        return [loc for loc in self.locations if loc.organization_id == org_id]


def fold(text: str) -> str:
    """NFKC and lower case: ｻﾛﾝ finds サロン, ＡＢＣ finds abc."""
    return unicodedata.normalize("NFKC", text).casefold()


def make_feed(catalog: Catalog, city: City, city_rules: object | None) -> CityFeed:
    all_terms = terms(catalog.vocabulary)
    records = catalog.in_city(city.slug)
    services = [service(r, city, catalog, city_rules, all_terms) for r in records if r.kind in SERVICE_KINDS]
    orgs: dict[str, OrganizationBase] = {s.organization.id: s.organization for s in services}
    locations: dict[str, Location] = {}
    for s in services:
        for sal in s.service_at_locations:
            if sal.location is not None:
                locations.setdefault(sal.location_id, sal.location)
    for r in records:
        if r.kind == "facility":
            org = organization(city, r.operator)
            orgs.setdefault(org.id, org)
            loc = facility_location(r, city, catalog, org.id)
            locations[loc.id] = loc
    feed = CityFeed(city, services, sorted(orgs.values(), key=lambda o: o.name), list(locations.values()),
                    list(all_terms.values()))
    feed.service_by_id = {s.id: s for s in services}
    feed.organization_by_id = {o.id: o for o in feed.organizations}
    feed.search_text = {s.id: fold(" ".join(filter(None, (s.name, s.tsunagu_name_kana, s.description))))
                        for s in services}
    feed.list_items = [ServiceListItem(**s.model_dump(include=set(ServiceListItem.model_fields),
                                                      exclude={"organization"}), organization=s.organization)
                       for s in services]
    return feed


_FEEDS: weakref.WeakKeyDictionary[Catalog, dict[str, CityFeed]] = weakref.WeakKeyDictionary()


def city_feed(catalog: Catalog, city: City, rules: dict) -> CityFeed:
    feeds = _FEEDS.setdefault(catalog, {})
    if city.slug not in feeds:
        feeds[city.slug] = make_feed(catalog, city, rules.get(city.slug))
    return feeds[city.slug]
