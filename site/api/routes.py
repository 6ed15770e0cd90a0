"""JSON API under /api/v1 (the paths and keys are a contract; the models document it in /openapi.json)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tsunagu.geo.areaselect import norm_need

from ..deps import CityApi, Geo, Point, State, When
from ..pages.schedule_filter import near_filter
from ..pages.schedule_view import schedule_json, tokyo_today
from ..pages.search_run import run_search
from ..routes.common import clean_text
from .answers import DeskAnswer, NearAnswer, SearchAnswer
from .errors import ApiProblem, error_responses
from .models import CityList, Kind, NextDate, PointCollection, ResourceOut
from .params import (
    MAX_QUERY,
    Address,
    Facet,
    Limit,
    NearKind,
    Need,
    Page,
    PlaceMode,
    ResourceId,
    SearchText,
    Station,
    Town,
)

router = APIRouter(prefix="/api/v1", tags=["api"])
API_PER_PAGE = 20  # results a page of /search (the searcher's own default)


@router.get("/cities", summary="市の一覧（このビルドに載っている市と地区）")
async def api_cities(state: State) -> CityList:
    return CityList.model_validate({"cities": [
        {"id": c.slug, "name": c.name, "name_kana": c.name_kana, "pref": c.pref, "code": c.code,
         "districts": [{"id": d.id, "name": d.name} for d in c.districts]}
        for c in state.catalog.cities.values()]})


@router.get("/{city}/desk", summary="住所を担当する相談窓口", response_model=DeskAnswer,
            responses=error_responses(400, 404, 422),
            response_model_exclude_unset=True)  # optional keys (desk `area`, near `status`) only when set, as before
async def api_desk(city: CityApi, state: State, geo: Geo, address: Address = "", need: Need = ""):
    """The desk for an address. `ambiguous` lists every candidate and says what decides between them."""
    need = norm_need(clean_text(need)[0]) or ""  # 認知症, お金 … mean a need of the list
    needs = state.catalog.vocabulary["needs"]
    if need and need not in needs:
        raise ApiProblem(400, f"相談したいこと（need）は {', '.join(needs)} のどれかです。", field="need")
    text = clean_text(address)[0]
    return geo.lookup_desk(city.slug, text, need or None, list(state.catalog.in_city(city.slug)))


@router.get("/{city}/near", summary="近くの資源（距離と徒歩分）", response_model=NearAnswer,
            responses=error_responses(400, 404, 422),
            response_model_exclude_unset=True)  # optional keys (desk `area`, near `status`) only when set, as before
async def api_near(city: CityApi, state: State, geo: Geo, point: Point, when: When, address: Address = "",
                   station: Station = "", town: Town = "", kind: NearKind = "salon", limit: Limit = 5):
    """From one origin (lat+lon, else station, else address or town). Each row says how exact its point is.
    day / week / ampm keep the rows whose read schedule fits (曜日・今週・午前午後, issue 11)."""
    lat, lon = point or (None, None)
    data = geo.nearest(city.slug, list(state.catalog.in_city(city.slug)), address=clean_text(address)[0] or None,
                             station=clean_text(station)[0] or None, town=clean_text(town)[0] or None,
                             lat=lat, lon=lon, kind=kind, limit=limit * 5 if when.active else limit)
    rows = near_filter(state.catalog, data.results, when, tokyo_today())[:limit]
    data.results = [row.model_copy(update={"next_dates": [
        NextDate.model_validate(d) for d in schedule_json(state.catalog.resources[row.id])["next_dates"]]})
        if row.id in state.catalog.resources else row for row in rows]
    return data


@router.get("/{city}/search", summary="検索", response_model=SearchAnswer, responses=error_responses(404, 422))
async def api_search(city: CityApi, state: State, when: When, q: SearchText = "",
                     kind: Annotated[Kind | None, Query(description="種類で絞る")] = None, target: Facet = "",
                     category: Facet = "", district: Facet = "", page: Page = 1, place: PlaceMode = "on"):
    """`interpreted` says how q was understood (needs, place/district, words); place=off ignores place names in q.
    day / week / ampm filter by the parsed schedules (曜日・今週ひらく・午前／午後)."""
    query = clean_text(q, MAX_QUERY)[0]
    filters = {"kind": kind or "", "target": clean_text(target)[0], "category": clean_text(category)[0],
               "district": clean_text(district)[0]}
    resp, _ = run_search(state, city.slug, query, filters, page, API_PER_PAGE, when, use_places=place != "off")
    data = resp.to_json(state.catalog.resources)
    for row in data["results"]:
        row["next_dates"] = schedule_json(state.catalog.resources[row["id"]])["next_dates"]
    return data


@router.get("/{city}/resources.geojson", summary="公開できる位置の資源（GeoJSON）", response_model=PointCollection,
            responses=error_responses(404, 422))
async def api_geojson(city: CityApi, state: State):
    feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
              "properties": {"id": r.id, "name": r.name, "kind": r.kind, "precision": r.precision,
                             "url": f"/{city.slug}/resources/{r.id}"}}
             for r in state.catalog.in_city(city.slug)
             if r.location_public and r.lat is not None and r.lon is not None and r.precision != "none"]
    return {"type": "FeatureCollection", "features": feats}


@router.get("/{city}/resources/{resource_id}", summary="1件の記録（公開できる項目のみ）", response_model=ResourceOut,
            responses=error_responses(404, 422))
async def api_resource(city: CityApi, resource_id: ResourceId, state: State):
    r = state.catalog.get(city.slug, resource_id)
    if r is None:
        raise ApiProblem(404, f"{city.name}に ID「{resource_id}」の記録はありません。", field="resource_id")
    return {**r.public_dict(), **schedule_json(r)}
