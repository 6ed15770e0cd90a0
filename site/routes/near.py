"""Nearest salons from an address, a station or a town: metres and walking minutes, list and map."""
from __future__ import annotations

from fastapi import APIRouter, Request

from tsunagu.data.model import KIND_LABELS

from ..deps import CityPage, State
from ..pages.contexts import NearContext
from ..pages.i18n import N_
from ..pages.i18n import gettext as _
from ..pages.maps import MapSpec, Pin
from ..pages.schedule_filter import city_has_times, from_query, near_filter, when_context
from ..pages.schedule_view import tokyo_today
from ..pages.templating import render
from ..pages.views import FieldError, ResourceView, resource_view
from .common import MAX_INPUT, clean_text, example_note

router = APIRouter(include_in_schema=False)
LIMIT = 10
UNPLACED_MAX = 30  # records without a known place listed when nothing near has one


def without_place(state, city: str, kind: str) -> tuple[int, int, list]:
    """(how many of `kind` have a place, how many records have none, the first of those as cards): the city's
    `kind` records — salons with programs — whose place is not known.
    Where nothing near can be measured, these are what the resident can still read (issue 28.2)."""
    kinds = {kind, "program"} if kind == "salon" else {kind}
    records = [r for r in state.catalog.in_city(city) if r.kind in kinds]
    placed = sum(1 for r in records if r.kind == kind and r.precision != "none" and r.lat is not None)
    unplaced = sorted((r for r in records if r.precision == "none" or r.lat is None), key=lambda r: r.kind != kind)
    return placed, len(unplaced), [resource_view(r, state.catalog) for r in unplaced[:UNPLACED_MAX]]


def station_options(state, city: str) -> list[tuple[str, str]]:
    return [("", N_("駅をえらばない"))] + [(n, f"{n}駅") for n in state.geo.station_names(city)]


@router.get("/{city}/near")
async def near_page(city: str, info: CityPage, request: Request, state: State, address: str | None = None, station: str = "",
                    town: str = "", kind: str = "salon", day: str = "", week: str = "", ampm: str = ""):
    if address is None and town:
        address = town  # `?town=桜山` links (e.g. from the area guide) use the same search
    errors: list[FieldError] = []
    when = from_query(day, week, ampm)  # 曜日・今週・午前午後 (issue 11)
    text, cut = clean_text(address, MAX_INPUT) if address is not None else ("", False)
    station = clean_text(station)[0]
    kind = kind if kind in KIND_LABELS else "salon"
    asked = address is not None or bool(station)
    if cut:
        errors.append(FieldError("address", _("%(n)s文字以内で入力してください") % {"n": MAX_INPUT}))
    elif asked and not text and not station:
        errors.append(FieldError("address", _("住所か町名を入力するか、駅をえらんでください") + example_note(info.near_examples)))
    answer, items, map_fragment = None, [], None
    placed, unplaced_total, unplaced = 0, 0, list[ResourceView]()
    if asked and not errors:
        answer = state.geo.nearest(city, list(state.catalog.in_city(city)), address=text or None,
                                   station=station or None, kind=kind, limit=LIMIT * 5 if when.active else LIMIT)
        answer.results = near_filter(state.catalog, answer.results, when, tokyo_today())[:LIMIT]
        origin = answer.origin
        if answer.status == "none_registered":  # nothing to measure from or to yet: said, not an input error
            placed, unplaced_total, unplaced = without_place(state, city, kind)
        elif origin is None:
            errors.append(FieldError("address", answer.message or _("その場所が見つかりません。町名か駅名を確かめてください")))
        else:
            for n, row in enumerate(answer.results, start=1):
                r = state.catalog.resources.get(row.id)
                if r is not None:
                    items.append(resource_view(r, state.catalog, number=n, distance_m=row.distance_m, walk_min=row.walk_min))
            pins = tuple(Pin(it.number, it.lat, it.lon, it.name) for it in items
                         if it.pinned and it.lat is not None and it.lon is not None)
            if items:  # the page shows a map only beside a list (its script needs the map's container)
                map_fragment = state.maps.render(MapSpec(city=city, pins=pins, origin=(origin.lat, origin.lon, origin.label)))
            elif not when.active:
                placed, unplaced_total, unplaced = without_place(state, city, kind)
    return render(state, request, "near.html", NearContext({
        "city": info, "address": text, "station": station, "stations": station_options(state, city), "kind": kind,
        "kind_label": KIND_LABELS[kind], "errors": errors, "answer": answer, "items": items, "map": map_fragment,
        "placed": placed, "unplaced": unplaced, "unplaced_total": unplaced_total,
        "when": when_context(when, available=city_has_times([r for r in state.catalog.in_city(city) if r.kind == kind])),
        "breadcrumbs": [(N_("トップ"), "/"), (info.name, f"/{city}/"), ("近くのサロンをさがす", None)],
    }))
