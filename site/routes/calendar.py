"""`/{city}/resources/{id}.ics`: a calendar file a phone can import (only for fully read schedules)."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from ..deps import CityPage, State
from ..pages.calendar_ics import build_ics
from ..pages.schedule_view import tokyo_today
from ..pages.views import resource_view

router = APIRouter(include_in_schema=False)


@router.get("/{city}/resources/{resource_id}.ics")
async def resource_calendar(city: str, _city: CityPage, resource_id: str, state: State):
    r = state.catalog.get(city, resource_id)
    if r is None:
        raise HTTPException(status_code=404, detail="その情報は見つかりません")
    view = resource_view(r, state.catalog)
    # LOCATION: the place and its address where the place is public; a private home gives its town only.
    location = "、".join(p for p in (view.place, view.address) if p) if r.location_public else r.town
    body = build_ics(r, location, tokyo_today())
    if body is None:
        raise HTTPException(status_code=404, detail="この情報の日時は曜日・時刻として読み取れないため、カレンダーのファイルはありません")
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{r.id}.ics"'})
