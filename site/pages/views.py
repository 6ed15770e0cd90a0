"""Typed contexts for templates: routes build these, templates only display them."""
from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from tsunagu.catalog import public_place
from tsunagu.data.missing_facts import present_fields, reconcile
from tsunagu.data.model import KIND_LABELS, PRECISION_LABELS, Resource, format_lines
from tsunagu.search.known_readings import furigana_for

from .freshness import is_stale
from .record_text import name_romaji, reading_romaji
from .schedule_view import TOKYO, tokyo_today, when_line

NOT_IN_PLAN = "計画に記載なし"


@dataclass(frozen=True)
class SourceView:
    label: str
    detail: str


@dataclass(frozen=True)
class ResourceView:
    id: str
    url: str
    name: str
    name_kana: str
    kind: str
    kind_label: str
    district: str
    place: str  # venue or town; "町名のみ" wording for private places
    address: str
    phone: str
    phone_tel: str
    schedule: str
    operator: str
    description: str
    targets: tuple[str, ...]
    categories: tuple[str, ...]
    precision: str
    precision_label: str
    location_public: bool
    lat: float | None
    lon: float | None
    sources: tuple[SourceView, ...]
    last_verified: str
    notes: str
    status: str
    corrections: tuple = ()
    venue_named: bool = False
    number: int = 0
    distance_m: int | None = None
    walk_min: int | None = None
    stale: bool = False  # not verified with the supplier for 12 months (or never)
    fee: str = ""
    how_to_join: str = ""
    contact_hours: str = ""
    web_url: str = ""
    accessibility: str = ""
    status_meaning: str = ""  # what the status claims (vocabulary.yaml statuses)
    when: str = ""  # 次回: 12月9日（火）10:00〜12:00, or the schedule as written
    missing: str = "計画に記載なし"  # an empty fact: the plan is silent, or (a supplied record) not given yet
    # Other languages (issue 30.2): staff's own text, and the Japanese names' romaji (record_text.py)
    name_en: str = ""
    description_en: str = ""
    description_easy: str = ""
    name_romaji: str = ""
    place_romaji: str = ""
    address_romaji: str = ""
    ruby: Callable[[str], Markup] | None = None  # Japanese text → escaped HTML with ふりがな (English pages)

    @property
    def pinned(self) -> bool:
        return self.location_public and self.lat is not None and self.precision != "none"


def resource_view(r: Resource, catalog, number: int = 0, distance_m=None, walk_min=None) -> ResourceView:
    """The record as pages show it. A build's records do not change, so their views are made once
    per build and day (the next date and staleness move with the day); only the list number and
    the distance differ per request."""
    views = _views_for(catalog, r)
    if views is None:
        return _make_view(r, catalog, number, distance_m, walk_min)
    base = views.get(r.id)
    if base is None:
        base = views[r.id] = _make_view(r, catalog)
        object.__setattr__(base, CARDS, {})  # its rendered cards (site/pages/templating.py); copies share it
    if number or distance_m is not None or walk_min is not None:
        return _numbered(base, number, distance_m, walk_min)
    return base


def _numbered(base: ResourceView, number: int, distance_m, walk_min) -> ResourceView:
    """A copy of a shared view with this request's list number and distance. A shallow copy with three
    fields set costs a fifth of dataclasses.replace, which re-runs __init__ over ~40 fields (20 a page);
    filling the new instance's __dict__ directly costs a fifth of copy.copy (0.6 against 3.3 µs), which
    goes through __reduce_ex__ and copyreg. The frozen dataclass has no __post_init__ to skip."""
    view = object.__new__(type(base))
    fields = view.__dict__  # the copy is this request's own; the shared view (and its cards) is untouched
    fields.update(base.__dict__)
    fields["number"], fields["distance_m"], fields["walk_min"] = number, distance_m, walk_min
    return view


# A shared view's rendered result cards by (list number, heading level): set only on the views of a
# served build's records, so a staff preview or a stand-in catalog is always rendered afresh.
CARDS = "_cards"


def shared_cards(view: ResourceView) -> dict | None:
    return view.__dict__.get(CARDS)


# catalog -> (day, {resource id: view}); weak keys, so a reloaded build's views go with its catalog.
_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _views_for(catalog, r: Resource) -> dict[str, ResourceView] | None:
    """The view cache of a served build's own record, or None (a staff preview, a stand-in catalog)."""
    resources = getattr(catalog, "resources", None)
    if not isinstance(resources, Mapping) or resources.get(r.id) is not r:
        return None
    day = _day()
    try:
        held = _VIEWS.get(catalog)
        if held is None or held[0] != day:
            held = _VIEWS[catalog] = (day, {})
    except TypeError:  # not weakly referable
        return None
    return held[1]


_DAY: list = [0.0, (date.min, date.min)]  # [when it ends (epoch s), (local day, Tokyo day)]


def _day() -> tuple[date, date]:
    """(local day, Tokyo day): staleness counts local days, schedules Tokyo days. Worked out again
    only once the earlier of the two next midnights has passed."""
    if time.time() >= _DAY[0]:
        local, tokyo = date.today(), tokyo_today()
        ends = min(datetime.combine(local + timedelta(days=1), datetime.min.time()).timestamp(),
                   datetime.combine(tokyo + timedelta(days=1), datetime.min.time(), tzinfo=TOKYO).timestamp())
        _DAY[:] = [ends, (local, tokyo)]
    return _DAY[1]


def service_days() -> str:
    """The days every page's dates and stale marks count from, as text: part of each page's ETag
    (site/http/caching.py), so a page revalidated after midnight is sent again rather than answered 304."""
    local, tokyo = _day()
    return f"{local.isoformat()}/{tokyo.isoformat()}"


def _make_view(r: Resource, catalog, number: int = 0, distance_m=None, walk_min=None) -> ResourceView:
    city = catalog.city(r.city)
    found = city.district(r.district) if city and r.district else None
    district = found.name if found else ""
    venue = catalog.venues.get(r.venue, {}) if r.venue else {}
    place, address = public_place(r, catalog.venues)
    sources = tuple(
        SourceView(catalog.plan_title(s.plan), format_lines(s.lines)) if s.plan else SourceView(f"提供: {s.supplier}", "")
        for s in r.source
    )
    return ResourceView(
        id=r.id, url=f"/{r.city}/resources/{r.id}", name=r.name, name_kana=r.name_kana, kind=r.kind,
        kind_label=KIND_LABELS.get(r.kind, r.kind), district=district, place=place, address=address,
        phone=r.phone, phone_tel=r.phone.replace("-", ""), schedule=r.schedule, operator=r.operator,
        description=reconcile(r.description, present_fields(lambda f: getattr(r, f))), targets=r.targets, categories=r.categories, precision=r.precision,
        precision_label=PRECISION_LABELS.get(r.precision, r.precision), location_public=r.location_public,
        lat=r.lat if r.location_public else None, lon=r.lon if r.location_public else None,
        missing="計画に記載なし" if any(s.plan for s in r.source) else "まだ登録されていません",
        sources=sources, last_verified=r.last_verified, notes=r.notes, status=r.status,
        status_meaning=(catalog.vocabulary.get("statuses") or {}).get(r.status, ""),
        corrections=r.corrections, venue_named=bool(r.location_public and (r.venue_text or venue)), number=number, distance_m=distance_m, walk_min=walk_min,
        stale=is_stale(r.last_verified), fee=r.fee, how_to_join=r.how_to_join, contact_hours=r.contact_hours,
        web_url=r.url, accessibility=r.accessibility,
        when=when_line(r), **other_languages(r, catalog, place, address),
    )


def other_languages(r: Resource, catalog, place: str, address: str) -> dict[str, Any]:
    """The record's English and やさしい日本語 text, and the romaji shown beside its Japanese names."""
    furigana = furigana_for(catalog, r.city) if getattr(catalog, "build_path", None) else None
    return {"name_en": r.name_en, "description_en": r.description_en, "description_easy": r.description_easy,
            "name_romaji": name_romaji(r.name, r.name_kana, furigana),
            "place_romaji": reading_romaji(place, furigana), "address_romaji": reading_romaji(address, furigana),
            "ruby": furigana.html if furigana is not None else None}


@dataclass(frozen=True)
class FieldError:
    field_id: str
    message: str


@dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    total: int
    prev_url: str | None
    next_url: str | None


def pager(base: str, params: dict, page: int, per_page: int, total: int) -> Pager:
    pages = max(1, -(-total // per_page))

    def url(p: int) -> str:
        q = {k: v for k, v in params.items() if v not in (None, "")}
        q["page"] = p
        return f"{base}?{urlencode(q)}"

    return Pager(page, pages, total, url(page - 1) if page > 1 else None, url(page + 1) if page < pages else None)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # query parameter
    label: str
    options: tuple[FacetOption, ...] = field(default_factory=tuple)
