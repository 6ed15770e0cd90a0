"""Home, city, resource detail and the about pages."""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse

from tsunagu.data.model import KIND_LABELS

from ..deps import CityPage, State
from ..pages import a11y_result
from ..pages.contacts import city_contacts
from ..pages.contexts import AboutContext, CityContext, HomeContext, ResourceContext
from ..pages.i18n import N_
from ..pages.maps import MapSpec, Pin
from ..pages.schedule_view import schedule_view
from ..pages.templating import render
from ..pages.views import resource_view
from .common import clean_text, covering_desk_text

router = APIRouter(include_in_schema=False)


@router.get("/")
async def home(request: Request, state: State):
    cities = list(state.catalog.cities.values())
    return render(state, request, "home.html", HomeContext({"cities": cities, "contacts": city_contacts(state),
                                                "city_options": [(c.slug, c.name) for c in cities]}))


@router.get("/search")
async def search_redirect(state: State, city: str = "", q: str = ""):
    """The home page's search form names the city; send it to that city's search page."""
    text, _ = clean_text(q)
    if state.catalog.city(city) is None:
        return RedirectResponse("/", status_code=303)
    return RedirectResponse(f"/{city}/search?{urlencode({'q': text})}", status_code=303)


@router.get("/about/{page}")
async def about(page: str, request: Request, state: State):
    if page not in ("accessibility", "data", "privacy", "english"):
        raise HTTPException(status_code=404, detail="ページが見つかりません")
    counts = {slug: state.catalog.count(slug) for slug in state.catalog.cities}  # from the header: no city loaded
    return render(state, request, f"about_{page}.html", AboutContext({"counts": counts, "plans": state.catalog.plans,
                                                         "contacts": city_contacts(state),
                                                         "result": a11y_result.load() if page == "accessibility" else None}))


@router.get("/{city}/")
async def city_home(city: str, info: CityPage, request: Request, state: State):
    resources = state.catalog.in_city(city)
    desks = [resource_view(r, state.catalog) for r in resources if r.kind == "consultation_desk"]
    counts: dict[str, int] = {}
    for r in resources:
        counts[r.kind] = counts.get(r.kind, 0) + 1
    kinds = [(k, KIND_LABELS[k], counts.get(k, 0)) for k in KIND_LABELS if counts.get(k)]
    return render(state, request, "city.html", CityContext({
        "city": info, "desks": desks, "kinds": kinds, "total": len(resources),
        "breadcrumbs": [(N_("トップ"), "/"), (info.name, None)],
    }))


@router.get("/{city}")
async def city_no_slash(city: str, _city: CityPage, state: State):
    return RedirectResponse(f"/{city}/", status_code=308)


@router.get("/{city}/resources/{resource_id}")
async def resource_page(city: str, info: CityPage, resource_id: str, request: Request, state: State):
    r = state.catalog.get(city, resource_id)
    if r is None:
        raise HTTPException(status_code=404, detail="その情報は見つかりません")
    item = resource_view(r, state.catalog, number=1)
    map_fragment = None
    if item.pinned and item.lat is not None and item.lon is not None:
        map_fragment = state.maps.render(MapSpec(city=city, pins=(Pin(1, item.lat, item.lon, item.name),), height_class="map-small"))
    desk_intro, desks = covering_desk_text(state, r)
    return render(state, request, "resource.html", ResourceContext({
        "city": info, "item": item, "map": map_fragment, "desk_intro": desk_intro, "desks": desks,
        "schedule": schedule_view(r),
        "breadcrumbs": [(N_("トップ"), "/"), (info.name, f"/{city}/"), (item.name, None)],
    }))
