"""The search page: a GET form whose state lives in the URL; the list always, a map beside it."""
from __future__ import annotations

from fastapi import APIRouter, Request

from tsunagu.data.model import KIND_LABELS

from ..deps import CityPage, State
from ..pages.contacts import general_desks
from ..pages.contexts import SearchContext
from ..pages.i18n import N_
from ..pages.maps import MapSpec, Pin
from ..pages.no_result import no_result_advice
from ..pages.schedule_filter import from_query, when_context
from ..pages.search_run import run_search
from ..pages.templating import render
from ..pages.understanding import understanding_view
from ..pages.views import Facet, FacetOption, pager, resource_view
from .common import clean_text, page_number

router = APIRouter(include_in_schema=False)
PER_PAGE = 20
FACET_LABELS = {"kind": "種類", "targets": "対象", "categories": "分野", "district": "地区"}
FACET_PARAMS = {"kind": "kind", "targets": "target", "categories": "category", "district": "district"}


def _label(city, name: str, v: str) -> str:
    if name == "kind":
        return KIND_LABELS.get(v, v)
    if name == "district":
        d = city.district(v)
        return d.name if d else v
    return v


def facet_views(city, facets: dict, selected: dict) -> list[Facet]:
    out = []
    for name in ("kind", "targets", "categories", "district"):
        counts = facets.get(name) or {}
        param = FACET_PARAMS[name]
        if not counts and not selected.get(param):
            continue
        options = [FacetOption("", N_("すべて"), sum(counts.values()) if name == "kind" else 0, not selected.get(param))]
        values = sorted(counts, key=lambda v: (-counts[v], v))
        if selected.get(param) and selected[param] not in counts:
            values.append(selected[param])
        options += [FacetOption(v, _label(city, name, v), counts.get(v, 0), selected.get(param) == v) for v in values]
        out.append(Facet(param, FACET_LABELS[name], tuple(options)))
    return out


@router.get("/{city}/search")
async def search_page(city: str, info: CityPage, request: Request, state: State, q: str = "", kind: str = "", target: str = "",
                      category: str = "", district: str = "", page: str = "1", day: str = "", week: str = "",
                      ampm: str = "", place: str = ""):
    text, _ = clean_text(q, limit=2000)  # the searcher cuts long queries and says so
    filters = {"kind": clean_text(kind)[0], "target": clean_text(target)[0], "category": clean_text(category)[0],
               "district": clean_text(district)[0]}
    pageno = page_number(page)
    use_places = place != "off"
    when = from_query(day, week, ampm)  # 曜日・今週・午前午後 (issue 11)
    resp, day_facet = run_search(state, city, text, filters, pageno, PER_PAGE, when, use_places=use_places,
                                 day_counts=True)
    offset = (resp.page - 1) * PER_PAGE
    items = []
    for i, hit in enumerate(resp.hits, start=1):
        r = state.catalog.resources.get(hit.id)
        if r is not None:
            items.append(resource_view(r, state.catalog, number=offset + i))
    pins = tuple(Pin(it.number, it.lat, it.lon, it.name) for it in items
                 if it.pinned and it.lat is not None and it.lon is not None)
    map_fragment = state.maps.render(MapSpec(city=city, pins=pins)) if items else None
    params = {"q": resp.query, **filters, **when.query()}
    understanding = understanding_view(city, resp.query, resp.interpreted, state.catalog.vocabulary["needs"], params)
    advice = None if items else no_result_advice(state, info, resp.query, filters, when, use_places,
                                                 resp.interpreted.get("needs") or [])
    if not use_places:
        filters["place"] = params["place"] = "off"
    return render(state, request, "search.html", SearchContext({
        "city": info, "q": resp.query, "filters": filters, "items": items, "total": resp.total,
        "facets": facet_views(info, resp.facets, filters), "pager": pager(f"/{city}/search", params, resp.page, PER_PAGE, resp.total),
        "when": when_context(when, day_facet), "suggestion": resp.suggestion, "message": resp.message,
        "map": map_fragment, "understanding": understanding,
        "unpinned": sum(1 for it in items if not it.pinned), "advice": advice,
        "fallback_desks": general_desks(state, city) if advice and not advice.need_desks else [],
        "breadcrumbs": [(N_("トップ"), "/"), (info.name, f"/{city}/"), ("さがす", None)],
    }))
