"""HSDS 3.1 shapes the API answers and the export writes (one set of models; see schema/ for the official ones).

Only the HSDS fields the directory can fill are declared; each optional field is left out of the JSON when
empty (the routes serialise with exclude_none), so no answer says more than the record does. Fields named
`tsunagu_*` are the Japan profile's extensions (documented on /about/hsds); HSDS allows extra properties.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

HSDS_VERSION = "3.1"


class Hsds(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRef(Hsds):
    """Where a fact came from: a plan and its lines, or a named supplier (never dropped)."""
    plan: str | None = None
    title: str | None = None
    lines: list[int] | None = None
    supplier: str | None = None
    label: str


class TaxonomyDetail(Hsds):
    id: str
    name: str
    description: str
    uri: str | None = None
    version: str | None = None


class TaxonomyTerm(Hsds):
    id: str
    code: str | None = None
    name: str
    description: str
    taxonomy: str | None = None
    taxonomy_id: str | None = None
    language: str | None = "ja"
    taxonomy_detail: TaxonomyDetail | None = None


class Attribute(Hsds):
    id: str
    link_id: str | None = None
    link_type: str | None = None
    link_entity: str | None = None
    taxonomy_term_id: str
    taxonomy_term: TaxonomyTerm | None = None


class Phone(Hsds):
    id: str
    service_id: str | None = None
    location_id: str | None = None
    number: str
    type: str | None = None
    description: str | None = None


class Address(Hsds):
    id: str
    location_id: str
    address_1: str
    city: str
    state_province: str
    postal_code: str
    country: str = "JP"
    address_type: str = "physical"


class Location(Hsds):
    id: str
    location_type: str = "physical"
    organization_id: str | None = None
    name: str | None = None
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    external_identifier: str | None = None
    external_identifier_type: str | None = None
    addresses: list[Address] = Field(default_factory=list)
    tsunagu_location_precision: str
    tsunagu_private_home: bool
    tsunagu_town: str | None = None
    tsunagu_district: str | None = None
    tsunagu_id: str | None = None  # set on a facility's own location: the record it is
    tsunagu_sources: list[SourceRef] | None = None


class Schedule(Hsds):
    id: str
    service_id: str | None = None
    valid_from: str | None = None
    dtstart: str | None = None
    timezone: float | None = None
    freq: str | None = None
    interval: int | None = None
    byday: str | None = None
    bymonthday: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None
    description: str
    tsunagu_schedule_status: str
    tsunagu_bymonth: str | None = None
    tsunagu_exceptions: list[dict[str, object]] | None = None


class ServiceArea(Hsds):
    id: str
    service_id: str | None = None
    name: str
    description: str
    extent_type: str | None = None


class OrganizationBase(Hsds):
    id: str
    name: str
    description: str
    tsunagu_city: str


class Organization(OrganizationBase):
    locations: list[Location] = Field(default_factory=list)


class ServiceBase(Hsds):
    """The one-to-one fields of a service: what a list entry carries (HSDS service_list)."""
    id: str
    organization_id: str
    name: str
    description: str | None = None
    url: str | None = None
    status: str = "active"
    application_process: str | None = None
    fees_description: str | None = None
    eligibility_description: str | None = None
    assured_date: str | None = None
    tsunagu_id: str
    tsunagu_kind: str
    tsunagu_name_kana: str | None = None
    tsunagu_plan_status: str | None = None
    tsunagu_district: str | None = None
    tsunagu_sources: list[SourceRef]
    tsunagu_notes: str | None = None
    tsunagu_page: str
    # The record's own text in other languages (issue 30.2): HSDS 3.1 has no translation fields (its `language`
    # table is the languages a service is delivered in), so the profile adds them. Written by people, never
    # machine-translated; absent when the record has none.
    tsunagu_name_en: str | None = Field(default=None, description="Name in English or romaji, as the record holds it")
    tsunagu_description_en: str | None = Field(default=None, description="Description in English, as the record holds it")
    tsunagu_description_easy: str | None = Field(
        default=None, description="Description in やさしい日本語 (plain Japanese), as the record holds it")


class ServiceListItem(ServiceBase):
    organization: OrganizationBase


class ServiceAtLocation(Hsds):
    id: str
    service_id: str
    location_id: str
    location: Location | None = None


class Service(ServiceListItem):
    phones: list[Phone] = Field(default_factory=list)
    schedules: list[Schedule] = Field(default_factory=list)
    service_areas: list[ServiceArea] = Field(default_factory=list)
    service_at_locations: list[ServiceAtLocation] = Field(default_factory=list)
    attributes: list[Attribute] = Field(default_factory=list)


class ServiceAtLocationListItem(ServiceAtLocation):
    service: ServiceBase


class Root(Hsds):
    version: str = HSDS_VERSION
    profile: str
    openapi_url: str


class Page(Hsds):
    """HSDS's paging envelope (schema/openapi.json components.schemas.Page) around `contents`."""
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


class ServicePage(Page):
    contents: list[ServiceListItem]


class OrganizationPage(Page):
    contents: list[OrganizationBase]


class ServiceAtLocationPage(Page):
    contents: list[ServiceAtLocationListItem]


class TaxonomyPage(Page):
    contents: list[TaxonomyDetail]


class TaxonomyTermPage(Page):
    contents: list[TaxonomyTerm]
