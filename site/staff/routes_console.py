"""The console's record list: the signed-in person's cities only, with filters."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request

from tsunagu.data.model import KIND_LABELS
from tsunagu.staff import changes
from tsunagu.staff.fields import EDITABLE
from tsunagu.text import name_key, strip_controls

from ..deps import CurrentStaff
from ..pages.freshness import is_stale
from ..state import get_state
from .contexts import ConsoleContext
from .pages import runtime, staff_page

router = APIRouter(prefix="/staff", include_in_schema=False)
MISSING_CHOICES = tuple((f.name, f.label) for f in EDITABLE if f.name not in ("location_public",))
PUBLISH_LABELS = {"queued": "公開待ち", "building": "公開の準備中（ビルド中）", "live": "公開済み", "refused": "公開できませんでした",
                  "rolled_back": "取り消し（前のビルドに戻しました）"}
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


MAX_QUERY = 100


def _filters(q: dict, allowed_cities: list[str]) -> dict:
    city = q.get("city", "") if q.get("city", "") in allowed_cities else ""
    kind = q.get("kind", "") if q.get("kind", "") in KIND_LABELS else ""
    missing = q.get("missing", "") if q.get("missing", "") in dict(MISSING_CHOICES) else ""
    name = " ".join(strip_controls(q.get("q", "")[:MAX_QUERY]).split())
    return {"city": city, "kind": kind, "missing": missing, "stale": q.get("stale") == "1", "q": name}


def name_matches(key: str, r) -> bool:
    """The name or its reading holds the typed words, compared as the project compares names (tsunagu.text):
    full/half width, hiragana/katakana, 旧字体 and spaces do not matter."""
    return not key or key in name_key(r.name) or key in name_key(r.name_kana)


def _without_name(f: dict) -> str:
    """The list with the same filters but no name (the way back from 「見つかりませんでした」)."""
    kept = {k: ("1" if v is True else v) for k, v in f.items() if k != "q" and v}
    return "/staff/" + (f"?{urlencode(kept)}" if kept else "")


@router.get("/")
def console(request: Request, current: CurrentStaff):
    state = get_state(request)
    city_names = {c: info.name for c in current.account.city_list if (info := state.catalog.city(c)) is not None}
    cities = list(city_names)
    f = _filters(dict(request.query_params), cities)
    with runtime(request).store.tx() as s:
        pending = changes.pending_counts(s, cities)
    rows = []
    key = name_key(f["q"])
    for slug in [f["city"]] if f["city"] else cities:
        for r in state.catalog.in_city(slug):
            missing = tuple(label for name, label in MISSING_CHOICES if not getattr(r, name, ""))
            stale = is_stale(r.last_verified)
            if (f["kind"] and r.kind != f["kind"]) or (f["stale"] and not stale) or not name_matches(key, r):
                continue
            if f["missing"] and getattr(r, f["missing"], ""):
                continue
            rows.append(Row(r.id, slug, r.name, KIND_LABELS.get(r.kind, r.kind), r.last_verified, stale, missing,
                            pending.get(r.id, 0), f"/staff/{slug}/records/{r.id}"))
    city_choices = [("", "担当のすべての市"), *city_names.items()]
    return staff_page(request, current, "staff/console.html", ConsoleContext({
        "title": "記録の一覧", "rows": rows, "filters": f, "city_choices": city_choices,
        "kind_choices": [("", "すべて")] + list(KIND_LABELS.items()),
        "missing_choices": [("", "えらばない")] + list(MISSING_CHOICES),
        "new_links": list(city_names.items()), "without_name": _without_name(f),
    }), forms=1)
