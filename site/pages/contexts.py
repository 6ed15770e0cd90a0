"""What each public page's template is given: one typed context per page (issue 23.5).

Routes build these (mypy checks the keys and their types); templates only display them. The contract
test (tests/web/test_page_contexts.py) reads every template and fails when one uses a name its context
does not declare, or a context declares a key its template never reads. `total=False` marks the keys a
page sets only sometimes; the base layout's own keys are in `Layout`, which every page context extends.
"""
from __future__ import annotations

from typing import Any, TypedDict

from tsunagu.data.model import City

from .maps import MapFragment
from .views import FieldError, ResourceView

Crumbs = list[tuple[str, str | None]]


class Layout(TypedDict, total=False):
    """base.html: breadcrumbs, the error summary and the page's map fragment, print styles, noindex."""
    city: City | None
    breadcrumbs: Crumbs
    errors: list[FieldError]
    error_focus: bool
    map: MapFragment | None
    print_css: bool
    noindex: bool


class HomeContext(Layout):
    cities: list[City]
    contacts: Any  # contacts.city_contacts: each city's first place to turn
    city_options: list[tuple[str, str]]


class AboutContext(Layout, total=False):
    counts: dict[str, int]
    plans: Any
    contacts: Any
    result: Any  # the accessibility test result (a11y_result.load) on /about/accessibility only
    checklist: Any
    cities: list[City]


class CityContext(Layout):
    desks: list[ResourceView]
    kinds: list[Any]
    total: int


class ResourceContext(Layout):
    item: ResourceView
    desk_intro: str
    desks: list[Any]
    schedule: Any


class DeskContext(Layout, total=False):
    address: str
    need: str
    needs: list[Any]
    answer: Any
    no_desks: str  # a city with no desk yet says so before any address is typed
    view: Any  # routes.desk.DeskAnswerView
    desk: ResourceView | None


class NearContext(Layout):
    address: str
    station: str
    stations: list[tuple[str, str]]
    kind: str
    kind_label: str
    answer: Any
    items: list[ResourceView]
    placed: int
    unplaced: list[ResourceView]
    unplaced_total: int
    when: Any


class SearchContext(Layout):
    q: str
    filters: dict[str, str]
    items: list[ResourceView]
    total: int
    facets: Any
    pager: Any
    when: Any
    suggestion: str | None
    message: str | None
    understanding: Any
    unpinned: int
    advice: Any
    fallback_desks: list[Any]


class AreasIndexContext(Layout):
    counts: Any


class AreaGuideContext(Layout):
    sheet: Any  # guides.model.DistrictSheet
    map_src: str
    pdf_url: str
    large_url: str


class SheetContext(Layout):
    address: str
    needs: list[tuple[str, Any]]
    selected: list[str]
    sizes: list[tuple[str, Any]]
    size: str
    sheet: Any  # guides personal sheet, or None before an address is given
    pdf_url: str


class BusyContext(Layout):
    reason: str
    retry_after: int
    retry_url: str
    html_url: str  # the personal sheet's web version (for its PDF)
    guide_url: str  # the district guide's web page (for a district PDF)


class ErrorContext(Layout):
    status: int
    title: str
    detail: str


class UnavailableContext(Layout):
    title: str
    message: str
    typed: list[tuple[str, str]]  # what the person sent (never passwords or tokens), to copy
    back: str


class DocsContext(Layout):
    pass


class SuggestNewContext(Layout):
    """The public form 「サロン・通いの場を知らせる」 (site/suggest/routes_public.py)."""
    title: str
    fields: Any
    values: dict[str, str]
    error_for: dict[str, str]
    form_token: str


class SuggestCorrectionContext(SuggestNewContext):
    """The public form 「まちがいを知らせる」 for one record."""
    record: Any  # the record as the catalog holds it


class SuggestMessageContext(Layout):
    title: str
    detail: str


class SuggestStatusContext(Layout):
    """What became of a suggestion, for the person who sent it (its receipt link)."""
    title: str
    subject: str
    status_label: str
    status_url: str
    sent: bool
    live: bool
    record: Any
    row: Any


# Template → its context, for the contract test (and for a reader looking for what a page is given).
PAGES: dict[str, type] = {
    "home.html": HomeContext, "city.html": CityContext, "resource.html": ResourceContext,
    "desk.html": DeskContext, "near.html": NearContext, "search.html": SearchContext,
    "areas_index.html": AreasIndexContext, "area_guide.html": AreaGuideContext, "sheet.html": SheetContext,
    "busy.html": BusyContext, "error.html": ErrorContext, "unavailable.html": UnavailableContext,
    "docs.html": DocsContext, "about_accessibility.html": AboutContext, "about_data.html": AboutContext,
    "about_english.html": AboutContext, "about_hsds.html": AboutContext, "about_privacy.html": AboutContext,
    "suggest/new.html": SuggestNewContext, "suggest/correction.html": SuggestCorrectionContext,
    "suggest/message.html": SuggestMessageContext, "suggest/status.html": SuggestStatusContext,
}
