"""The one search the page and the API both run: searched once, filtered by 曜日・今週・午前午後, paged.

When the schedule filter is on (or the page wants the 曜日 counts), every hit is fetched in one search and
the page is cut from it; otherwise one page is searched. The API used to search twice with a filter on.
"""
from __future__ import annotations

from tsunagu.search.gaps import GapLog
from tsunagu.search.response import SearchResponse

from .schedule_filter import ScheduleFilter, city_has_times, filter_search, page_of, search_all
from .schedule_view import tokyo_today
from .views import Facet


def run_search(state, city: str, text: str, filters: dict, page: int, per_page: int, when: ScheduleFilter, *,
               use_places: bool = True, day_counts: bool = False) -> tuple[SearchResponse, Facet | None]:
    """(the page of hits, the 曜日 facet when `day_counts` or a filter asked for it). Counts a search gap."""
    searcher = state.searcher
    everything = None
    if when.active or (day_counts and city_has_times(state.catalog.in_city(city))):
        everything = search_all(searcher, city, text, filters, use_places)
        resp = page_of(everything, page, per_page)
    else:
        resp = searcher.search(city, text, kind=filters["kind"] or None, target=filters["target"] or None,
                               category=filters["category"] or None, district=filters["district"] or None,
                               page=page, per_page=per_page, use_places=use_places)
    count_gap(state, city, resp)
    if everything is None:
        return resp, None
    return filter_search(searcher, state.catalog, city, text, filters, resp, when, tokyo_today(), page, per_page,
                         everything=everything, use_places=use_places)


def count_gap(state, city: str, resp: SearchResponse) -> None:
    """Count a search whose words found nothing (anonymised: city + normalised text only).
    Queued for the gap log's writer thread: the page does not wait for SQLite."""
    if resp.is_gap:
        GapLog(state.settings.var_dir).record_later(city, resp.query)
