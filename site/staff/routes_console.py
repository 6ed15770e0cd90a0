"""The console's record list: the signed-in person's cities only, with filters."""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request

from tsunagu.data.model import KIND_LABELS
from tsunagu.staff import changes
from tsunagu.staff.fields import EDITABLE

from ..freshness import is_stale
from ..state import get_state
from .pages import require_account, runtime, staff_page

router = APIRouter(prefix="/staff", include_in_schema=False)
MISSING_CHOICES = tuple((f.name, f.label) for f in EDITABLE if f.name not in ("location_public",))
PUBLISH_LABELS = {"queued": "公開待ち", "building": "公開の準備中（ビルド中）", "live": "公開済み", "refused": "公開できませんでした"}
STATUS_LABELS = {"pending": "確認待ち", "approved": "承認済み", "rejected": "差し戻し"}


@dataclass(frozen=True)
class Row:
    id: str
    city: str
    name: str
    kind_label: str
    last_verified: str
    stale: bool
    missing: tuple[str, ...]
    pending: int
    url: str


def _filters(q: dict, allowed_cities: list[str]) -> dict:
    city = q.get("city", "") if q.get("city", "") in allowed_cities else ""
    kind = q.get("kind", "") if q.get("kind", "") in KIND_LABELS else ""
    missing = q.get("missing", "") if q.get("missing", "") in dict(MISSING_CHOICES) else ""
    return {"city": city, "kind": kind, "missing": missing, "stale": q.get("stale") == "1"}


@router.get("/")
def console(request: Request):
    current = require_account(request)
    state = get_state(request)
    city_names = {c: info.name for c in current.account.city_list if (info := state.catalog.city(c)) is not None}
    cities = list(city_names)
    f = _filters(dict(request.query_params), cities)
    with runtime(request).store.tx() as s:
        pending = changes.pending_counts(s, cities)
    rows = []
    for slug in [f["city"]] if f["city"] else cities:
        for r in state.catalog.in_city(slug):
            missing = tuple(label for name, label in MISSING_CHOICES if not getattr(r, name, ""))
            stale = is_stale(r.last_verified)
            if (f["kind"] and r.kind != f["kind"]) or (f["stale"] and not stale):
                continue
            if f["missing"] and getattr(r, f["missing"], ""):
                continue
            rows.append(Row(r.id, slug, r.name, KIND_LABELS.get(r.kind, r.kind), r.last_verified, stale, missing,
                            pending.get(r.id, 0), f"/staff/{slug}/records/{r.id}"))
    city_choices = [("", "担当のすべての市"), *city_names.items()]
    return staff_page(request, current, "staff/console.html", {
        "title": "記録の一覧", "rows": rows, "filters": f, "city_choices": city_choices,
        "kind_choices": [("", "すべて")] + list(KIND_LABELS.items()),
        "missing_choices": [("", "えらばない")] + list(MISSING_CHOICES),
        "new_links": list(city_names.items()),
    }, forms=1)
