"""JSON API under /api/v1 (the paths and keys are a contract)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query

from ..schedule_filter import filter_search, from_query, near_filter
from ..schedule_view import schedule_json, tokyo_today
from ..state import AppState, get_state
from .common import MAX_INPUT, clean_text, count_gap, page_number

router = APIRouter(prefix="/api/v1", tags=["api"])


def _city(state: AppState, city: str):
    info = state.catalog.city(city)
    if info is None:
        raise HTTPException(status_code=404, detail=f"unknown city: {city[:40]}")
    return info


@router.get("/{city}/desk", summary="住所を担当する相談窓口")
def api_desk(city: str, address: str = "", need: str = "", state: AppState = Depends(get_state)):
    _city(state, city)
    text, cut = clean_text(address, MAX_INPUT)
    if cut:
        return {"status": "unparseable", "input": text, "normalized": "", "parsed": None, "desk": None,
                "candidates": [], "also": [], "reason": f"住所が長すぎます（{MAX_INPUT}文字まで）"}
    need = clean_text(need)[0]
    if need and need not in state.catalog.vocabulary["needs"]:
        raise HTTPException(status_code=400, detail=f"need は {', '.join(state.catalog.vocabulary['needs'])} のどれかです")
    return state.geo.lookup_desk(city, text, need or None, list(state.catalog.in_city(city))).to_json()


@router.get("/{city}/near", summary="近くの資源（距離と徒歩分）")
def api_near(city: str, address: str = "", station: str = "", town: str = "", lat: str = "", lon: str = "",
             kind: str = "salon", limit: str = "5", day: str = "", week: str = "", ampm: str = "",
             state: AppState = Depends(get_state)):
    _city(state, city)
    try:
        flat = float(lat) if lat else None
        flon = float(lon) if lon else None
    except ValueError:
        raise HTTPException(status_code=400, detail="lat と lon は数値です")
    n = max(1, min(page_number(limit), 50))
    when = from_query(day, week, ampm)  # 曜日・今週・午前午後 (issue 11)
    data = state.geo.nearest(city, list(state.catalog.in_city(city)), address=clean_text(address)[0] or None,
                             station=clean_text(station)[0] or None, town=clean_text(town)[0] or None,
                             lat=flat, lon=flon, kind=clean_text(kind)[0] or "salon",
                             limit=n * 5 if when.active else n).to_json()
    data["results"] = near_filter(state.catalog, data.get("results") or [], when, tokyo_today())[:n]
    for row in data["results"]:
        if row.get("id") in state.catalog.resources:
            row["next_dates"] = schedule_json(state.catalog.resources[row["id"]])["next_dates"]
    return data


@router.get("/{city}/search", summary="検索")
def api_search(city: str, q: str = "", kind: str = "", target: str = "", category: str = "", district: str = "",
               page: str = "1", day: str = "", week: str = "", ampm: str = "", place: str = "",
               state: AppState = Depends(get_state)):
    """`interpreted` says how q was understood (needs, place/district, words); place=off ignores place names in q.
    day / week / ampm filter by the parsed schedules (曜日・今週ひらく・午前／午後)."""
    _city(state, city)
    query = clean_text(q, 2000)[0]
    resp = state.searcher.search(city, query, kind=kind or None, target=target or None,
                                 category=category or None, district=district or None, page=page_number(page),
                                 use_places=place != "off")
    count_gap(state, city, resp)
    when = from_query(day, week, ampm)
    if when.active:
        filters = {"kind": kind, "target": target, "category": category, "district": district}
        resp, _ = filter_search(state.searcher, state.catalog, city, query, filters, resp, when,
                                tokyo_today(), page_number(page), resp.per_page)
    data = resp.to_json(state.catalog.resources)
    for row in data["results"]:
        row["next_dates"] = schedule_json(state.catalog.resources[row["id"]])["next_dates"]
    return data


@router.get("/{city}/resources.geojson", summary="公開できる位置の資源（GeoJSON）")
def api_geojson(city: str, state: AppState = Depends(get_state)):
    _city(state, city)
    feats = []
    for r in state.catalog.in_city(city):
        if not r.location_public or r.lat is None or r.precision == "none":
            continue
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
                      "properties": {"id": r.id, "name": r.name, "kind": r.kind, "precision": r.precision,
                                     "url": f"/{city}/resources/{r.id}"}})
    return {"type": "FeatureCollection", "features": feats}


@router.get("/{city}/resources/{resource_id}", summary="1件の記録（公開できる項目のみ）")
def api_resource(city: str, resource_id: str, state: AppState = Depends(get_state)):
    _city(state, city)
    r = state.catalog.get(city, resource_id)
    if r is None:
        raise HTTPException(status_code=404, detail="not found")
    return {**r.public_dict(), **schedule_json(r)}
