"""What residents searched for and did not find, for the signed-in person's cities (the search-gap log).

Staff read it to add what is missing: a salon the plans do not name, a word the search should know.
The log is anonymised at the source (search/gaps.py): city, normalised words with long digit runs
masked, a count and the first and last day; nothing about who searched.
"""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request

from tsunagu.search.gaps import GapLog

from ..deps import CurrentStaff
from ..state import get_state
from .contexts import GapsContext
from .pages import staff_page

router = APIRouter(prefix="/staff", include_in_schema=False)
LIMIT = 100  # per city: the long tail of one-off searches says little


@router.get("/gaps")
def gaps(request: Request, current: CurrentStaff, city: str = ""):
    state = get_state(request)
    names = {c: info.name for c in current.account.city_list if (info := state.catalog.city(c)) is not None}
    chosen = city if city in names else ""
    log = GapLog(state.settings.var_dir)
    rows = [r for slug in ([chosen] if chosen else names) for r in log.top(slug, LIMIT)]
    rows.sort(key=lambda r: r["last_day"], reverse=True)
    rows.sort(key=lambda r: r["count"], reverse=True)  # most counted first; of equal counts, the latest
    items = [{**r, "city_name": names[r["city"]], "search_url": f"/{r['city']}/search?q={quote(r['query'])}"}
             for r in rows]
    return staff_page(request, current, "staff/gaps.html", GapsContext({
        "title": "見つからなかった検索", "items": items, "city": chosen, "limit": LIMIT,
        "city_choices": [("", "すべての担当の市")] + list(names.items()),
    }))
