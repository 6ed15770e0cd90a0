"""One directory record as HSDS: service (or, for a facility, a location), its organization, place and areas.

The privacy rule is applied here once: a private home's location is its town, with no address and no point.
A point is given only when it is the place itself (precision facility or block); a town's or city's
representative point would put a pin where the salon is not, so it stays out and `tsunagu_location_precision`
says how exactly the place is known.
"""
from __future__ import annotations

from tsunagu.catalog import Catalog, public_place
from tsunagu.data.model import City, Resource

from .areas import service_areas
from .ids import hsds_id
from .models import (
    Address,
    Attribute,
    Location,
    OrganizationBase,
    Phone,
    Service,
    ServiceAtLocation,
    SourceRef,
    TaxonomyTerm,
)
from .schedules import schedule_rows
from .taxonomy import record_terms

EXACT_PRECISIONS = ("facility", "block")
NO_OPERATOR = "運営者の記載なし"


def organization(city: City, operator: str) -> OrganizationBase:
    name = operator or NO_OPERATOR
    description = (f"{city.name}の記録に運営者として書かれている名前です（出典の記載のまま。法人格などは確かめていません）。"
                   if operator else f"{city.name}の記録の出典に運営者が書かれていない資源をまとめています（団体ではありません）。")
    return OrganizationBase(id=hsds_id(city.slug, "organization", name), name=name, description=description,
                            tsunagu_city=city.slug)


def sources(r: Resource, plans: dict) -> list[SourceRef]:
    return [SourceRef(plan=s.plan or None, title=plans.get(s.plan, {}).get("title") if s.plan else None,
                      lines=list(s.lines) or None, supplier=s.supplier or None, label=s.label(plans))
            for s in r.source]


def location(r: Resource, city: City, catalog: Catalog, org_id: str | None = None) -> Location | None:
    """The record's place, or None when the record names none."""
    place, address = public_place(r, catalog.venues)
    if not (place or address):
        return None
    # Records at one venue share its location only when they describe it alike (a desk on 「保健センター1階」
    # and a class in 「保健センター」 are two rows, each as its source words it).
    loc_id = hsds_id(city.slug, "location", r.venue or r.id, place, address, r.town, str(r.location_public))
    exact = r.location_public and r.precision in EXACT_PRECISIONS and r.lat is not None
    district = city.district(r.district)
    addresses = [a for a in [_address(address, loc_id, city)] if a is not None] if r.location_public else []
    return Location(id=loc_id, organization_id=org_id, name=place,
                    latitude=r.lat if exact else None, longitude=r.lon if exact else None,
                    external_identifier=r.venue or None, external_identifier_type="tsunagu_venue" if r.venue else None,
                    addresses=addresses, tsunagu_location_precision=r.precision,
                    tsunagu_private_home=not r.location_public, tsunagu_town=r.town or None,
                    tsunagu_district=district.name if district else None)


def facility_location(r: Resource, city: City, catalog: Catalog, org_id: str) -> Location:
    """A facility record is a place: its location carries its own name and words, even with no address known."""
    place = location(r, city, catalog, org_id)
    fields = place.model_dump(exclude={"addresses"}) if place is not None else {
        "tsunagu_location_precision": r.precision, "tsunagu_private_home": not r.location_public}
    loc_id = hsds_id(city.slug, "facility", r.id)
    addresses = [a.model_copy(update={"location_id": loc_id, "id": hsds_id(loc_id, "address")})
                 for a in (place.addresses if place else [])]
    return Location(**{**fields, "id": loc_id, "organization_id": org_id, "name": r.name,
                       "description": r.description or None,
                       "tsunagu_id": r.id, "tsunagu_sources": sources(r, catalog.plans)}, addresses=addresses)


def _address(text: str, loc_id: str, city: City) -> Address | None:
    """HSDS splits an address; ours is one line. The part after the city is address_1. Japan Post's postal
    code is not in the record, and HSDS requires the key: it is an empty string rather than a guess."""
    if not text:
        return None
    rest = text.removeprefix(city.pref).removeprefix(city.name)
    return Address(id=hsds_id(loc_id, "address"), location_id=loc_id, address_1=rest, city=city.name,
                   state_province=city.pref, postal_code="")


def service(r: Resource, city: City, catalog: Catalog, city_rules: object | None,
            terms: dict[str, TaxonomyTerm]) -> Service:
    sid = hsds_id(city.slug, "service", r.id)
    org = organization(city, r.operator)
    loc = location(r, city, catalog, org_id=org.id)
    district = city.district(r.district)
    phones = [Phone(id=hsds_id(sid, "phone"), service_id=sid, number=r.phone, type="voice",
                    description=f"受付: {r.contact_hours}" if r.contact_hours else None)] if r.phone else []
    attributes = [Attribute(id=hsds_id(sid, "attribute", t.id), link_id=sid, link_type="service",
                            link_entity="service", taxonomy_term_id=t.id, taxonomy_term=t)
                  for t in record_terms(r, terms)]
    return Service(
        id=sid, organization_id=org.id, organization=org, name=r.name, description=r.description or None,
        url=r.url or None, application_process=r.how_to_join or None, fees_description=r.fee or None,
        eligibility_description="・".join(r.targets) or None, assured_date=r.last_verified or None,
        tsunagu_id=r.id, tsunagu_kind=r.kind, tsunagu_name_kana=r.name_kana or None,
        tsunagu_plan_status=r.status or None, tsunagu_district=district.name if district else None,
        tsunagu_sources=sources(r, catalog.plans), tsunagu_notes=r.notes or None,
        tsunagu_page=f"/{city.slug}/resources/{r.id}", tsunagu_name_en=r.name_en or None,
        tsunagu_description_en=r.description_en or None, tsunagu_description_easy=r.description_easy or None,
        phones=phones,
        schedules=schedule_rows(r.schedule, sid, lambda *p: hsds_id(sid, *map(str, p))),
        service_areas=service_areas(r, city, city_rules, sid), attributes=attributes,
        service_at_locations=[ServiceAtLocation(id=hsds_id(sid, "at", loc.id), service_id=sid, location_id=loc.id,
                                                location=loc)] if loc else [])
