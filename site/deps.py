"""Every dependency a route takes, declared once as an `Annotated` type (FastAPI's typed dependencies).

A route says what it needs in its signature — `state: State`, `city: CityPage`, `current: CurrentStaff`,
`form: FormData` — and FastAPI provides it. Page and API differ only in how an unknown city is answered:
`CityPage` is the Japanese 404 page, `CityApi` the 404 in the API's error model.

Async providers run on the event loop; `CurrentStaff` is a plain `def` (it reads the staff database, so
FastAPI runs it in a worker thread). A signed-in dependency is declared before a form in a handler's
signature, so a signed-out POST is sent to the login page before its body is read.
"""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from fastapi import Path as PathParam

from tsunagu.catalog import Catalog as CatalogType
from tsunagu.data.model import City
from tsunagu.geo.engine import GeoEngine
from tsunagu.hsds.feed import CityFeed, city_feed
from tsunagu.search.searcher import Searcher as SearcherType

from .api.errors import ApiProblem
from .pages.schedule_filter import ScheduleFilter, from_query
from .staff.deps import Form, SignedIn, read_form, who
from .staff.errors import NeedLogin
from .staff.uploads import Upload, read_upload
from .state import AppState, city_or_404, get_state, pinned_state

State = Annotated[AppState, Depends(pinned_state)]

# The providers below read the pinned state from the request themselves instead of taking `State` as a
# sub-dependency: FastAPI solves a sub-dependency again (and then drops it for the cached value) under
# every provider that names it, a full solve per level on every request (issue 25.5). The value is the
# same: `get_state` is what `pinned_state` returns.


async def get_catalog(request: Request) -> CatalogType:
    return get_state(request).catalog


async def get_geo(request: Request) -> GeoEngine:
    return get_state(request).geo


async def get_searcher(request: Request) -> SearcherType:
    return get_state(request).searcher


Catalog = Annotated[CatalogType, Depends(get_catalog)]
Geo = Annotated[GeoEngine, Depends(get_geo)]
Searcher = Annotated[SearcherType, Depends(get_searcher)]


async def page_city(city: str, request: Request) -> City:
    return city_or_404(get_state(request), city)


async def api_city(city: Annotated[str, PathParam(max_length=40, description="市の ID（/api/v1/cities の id）",
                                                  examples=["zushi"])],
                   request: Request) -> City:
    state = get_state(request)
    info = state.catalog.city(city)
    if info is None:
        known = ", ".join(state.catalog.cities)
        raise ApiProblem(404, f"市「{city}」はまだ載っていません。使える市: {known}", field="city")
    return info


CityPage = Annotated[City, Depends(page_city)]
CityApi = Annotated[City, Depends(api_city)]

DayCode = Literal["mo", "tu", "we", "th", "fr", "sa", "su"]


async def when_filter(day: Annotated[DayCode | None, Query(description="この曜日にひらく（読み取れた日時だけで判断）")] = None,
                      week: Annotated[bool, Query(description="7日以内（今日と、その後の6日間）にひらく")] = False,
                      ampm: Annotated[Literal["am", "pm"] | None, Query(description="午前／午後にひらく")] = None
                      ) -> ScheduleFilter:
    return from_query(day or "", "1" if week else "", ampm or "")


async def origin_point(lat: Annotated[float | None, Query(ge=-90, le=90, description="緯度（出発地。lon と一緒に）",
                                                          examples=[35.2963])] = None,
                       lon: Annotated[float | None, Query(ge=-180, le=180, description="経度（出発地。lat と一緒に）",
                                                          examples=[139.5806])] = None) -> tuple[float, float] | None:
    if (lat is None) != (lon is None):
        raise ApiProblem(400, "緯度（lat）と経度（lon）は両方指定してください。", field="lon" if lon is None else "lat")
    return (lat, lon) if lat is not None and lon is not None else None


When = Annotated[ScheduleFilter, Depends(when_filter)]
Point = Annotated[tuple[float, float] | None, Depends(origin_point)]


async def get_feed(city: CityApi, request: Request) -> CityFeed:
    state = get_state(request)
    return city_feed(state.catalog, city, state.geo.rules)


Feed = Annotated[CityFeed, Depends(get_feed)]


def require_account(request: Request) -> SignedIn:
    current = who(request.app.state.staff.store, request)
    if current.account is None:
        raise NeedLogin(expired=current.expired)
    return SignedIn(current.token, current.session, current.account, current.expired)


CurrentStaff = Annotated[SignedIn, Depends(require_account)]
FormData = Annotated[Form, Depends(read_form)]
UploadData = Annotated[Upload, Depends(read_upload)]
