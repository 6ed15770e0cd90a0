"""Nearest-N resources from an address, a station, a town or a point.

Distances are geodesic (GRS80, pyproj.Geod: no projection step, and Geod carries no PROJ
context, so it is safe to share between request threads). Walking time is 80 m per minute,
rounded up — the 不動産の表示に関する公正競争規約 convention people in Japan know.
Each result says its own precision: a distance to a town's representative point is not a
distance to the door, and the answer must not pretend it is.
"""
from __future__ import annotations

import math

import numpy as np
from pyproj import Geod

from .answers import NearAnswer, NearOrigin, NearRow
from .geocode import Geocoder, GeoResult
from .parse import parse
from .parse_town import city_of

WALK_M_PER_MIN = 80
_GEOD = Geod(ellps="GRS80")


def walk_minutes(metres: float) -> int:
    return math.ceil(metres / WALK_M_PER_MIN)


def resolve_origin(geo: Geocoder, city: str, *, address=None, station=None, town=None, lat=None, lon=None):
    """(GeoResult, error message, unplaced). Exactly one of the origin arguments is used, in this order.

    `unplaced`: the input was not wrong, the city only has no place for it (no town point, no boundary)."""
    gaz = geo.gaz
    ref = gaz.cities[city]
    if lat is not None or lon is not None:
        try:
            la, lo = float(lat), float(lon)
        except (TypeError, ValueError):
            return None, "緯度・経度は数値で指定してください。", False
        if not (-90 <= la <= 90 and -180 <= lo <= 180) or math.isnan(la) or math.isnan(lo):
            return None, "緯度・経度の値が範囲外です。", False
        if ref.outline is None:
            return None, f"{ref.name}の区域（境界）がまだ登録されていないため、緯度・経度からはさがせません。", True
        minx, miny, maxx, maxy = ref.outline.bounds
        if not (miny - 0.05 <= la <= maxy + 0.05 and minx - 0.05 <= lo <= maxx + 0.05):
            return None, f"指定の地点は{ref.name}から離れています。", False
        return GeoResult(la, lo, "facility", "指定された地点"), "", False
    if station:
        hit = gaz.station(city, str(station))
        if not hit:
            names = "、".join(sorted(v[0] for v in gaz.stations.get(city, {}).values()))
            return None, f"「{station}」という駅は{ref.name}内に見つかりません（{ref.name}の駅: {names}）。", False
        return _station_origin(hit), "", False
    text = address if address else town
    if text:
        # People give a station as often as an address: 「東逗子駅」 typed in the address box is that station.
        typed_station = gaz.station(city, str(text)) if str(text).strip().endswith("駅") else None
        if typed_station:
            return _station_origin(typed_station), "", False
        p = parse(str(text), gaz, city)
        if p.error:
            return None, p.error, False
        if p.other_city or (p.city_slug and p.city_slug != city):
            where = p.other_city or gaz.cities[city_of(p)].name
            return None, f"{where}の住所です。{ref.name}内の住所を入力してください。", False
        res = geo.parsed(city, p)
        if res is None and p.town_candidates:  # 大字三輪 or 三輪1〜10丁目: say which to add
            return None, "".join(p.notes), False
        if res is None and gaz.station(city, str(text)):  # a station's name without 駅 (東逗子)
            return _station_origin(gaz.station(city, str(text))), "", False
        if res is None and p.town and not p.unparsed:
            # a town of the city that has no point yet (its towns came from the postal table only)
            return None, f"{p.town}の位置はまだ登録されていないため、距離ではさがせません。", True
        if res is None:
            return None, f"「{text}」の場所が{ref.name}内に見つかりません。町名から入力してください。", False
        return res, "", False
    return None, "住所・駅・町名・緯度経度のどれかを指定してください。", False


def _station_origin(hit: tuple[str, float, float]) -> GeoResult:
    name, lat, lon = hit
    return GeoResult(lat, lon, "facility", f"{name}駅")


def nearest(geo: Geocoder, city: str, resources: list, *, address=None, station=None, town=None, lat=None,
            lon=None, kind="salon", limit=5) -> NearAnswer:
    if city not in geo.gaz.cities:
        return NearAnswer(origin=None, results=[], status="bad_request", message=f"市「{city}」は対象外です。")
    rows, lats, lons, precs = [], [], [], []
    for r in resources:
        if r.city != city or (kind not in (None, "", "all") and r.kind != kind):
            continue
        pt = _point(geo, r)
        if pt is None:
            continue
        rows.append(r)
        lats.append(pt[0])
        lons.append(pt[1])
        precs.append(pt[2])
    origin, err, unplaced = resolve_origin(geo, city, address=address, station=station, town=town, lat=lat, lon=lon)
    if origin is None and unplaced and not rows:
        # Nothing of this kind has a place in the city yet, and the origin has none either (a city just added:
        # no town points, no boundary): that is the answer, not an input error.
        return NearAnswer(origin=None, results=[], status="none_registered",
                          message=f"{geo.gaz.cities[city].name}では、場所の分かるものがまだ登録されていません。")
    if origin is None:
        return NearAnswer(origin=None, results=[], status="origin_not_found", message=err)
    try:
        limit = max(1, min(int(limit), 50))
    except (TypeError, ValueError):
        limit = 5
    start = NearOrigin(label=origin.label, lat=round(origin.lat, 6), lon=round(origin.lon, 6),
                       precision=origin.precision)
    results = []
    if rows:
        n = len(rows)
        _, _, dist = _GEOD.inv(np.full(n, origin.lon), np.full(n, origin.lat), np.array(lons), np.array(lats))
        for i in sorted(range(n), key=lambda i: (dist[i], rows[i].id))[:limit]:
            d = float(dist[i])
            results.append(NearRow(id=rows[i].id, name=rows[i].name, kind=rows[i].kind, distance_m=round(d),
                                   walk_min=walk_minutes(d), precision=precs[i]))
    if origin.precision != "facility":  # status and message are set (and shown) only when there is a caveat
        return NearAnswer(origin=start, results=results, status="ok",
                          message=f"出発地は{origin.label}です（正確な場所ではありません）。距離はおおよそです。")
    return NearAnswer(origin=start, results=results)


_PRIVATE_POINTS_MAX = 20_000


def _point(geo: Geocoder, r) -> tuple | None:
    """Where a resource counts from: private places only by their town point."""
    if r.location_public is False:
        # Kept per geocoder (one build), keyed by every value the answer depends on: an edited record
        # (a staff preview) is never answered from an old entry.
        memo = geo.private_points
        key = (r.city, r.town, r.address, r.lat, r.lon, r.precision)
        if key not in memo:
            if len(memo) >= _PRIVATE_POINTS_MAX:
                memo.clear()
            memo[key] = _private_point(geo, r)
        return memo[key]
    if r.precision == "none" or r.lat is None or r.lon is None:
        return None
    return (r.lat, r.lon, r.precision)


def _private_point(geo: Geocoder, r) -> tuple | None:
    """A private home's town point (the address is read only for its town, every request the same)."""
    res = None
    for text in (r.town, r.address):
        if text:
            res = geo._town_only(r.city, text)
            if res:
                break
    if res is None and r.precision == "town" and r.lat is not None:
        return (r.lat, r.lon, "town")  # the build already reduced it to its town point
    return (res.lat, res.lon, "town") if res else None
