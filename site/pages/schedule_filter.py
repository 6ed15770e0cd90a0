"""The 曜日 facet and the 「7日以内にひらく」「午前／午後」 filters, applied in the site layer.

They read the same parser as the pages (tsunagu.data.schedule): a weekday or a time counts when it was
read from the text (also from a partly read text); 「7日以内」 counts only dates the page shows.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from tsunagu.data.model import Resource
from tsunagu.data.schedule import next_dates, parse, weekdays_of
from tsunagu.geo.answers import NearRow

from .schedule_view import next_seven_days, short_date, tokyo_today
from .views import Facet, FacetOption

DAYS = (("mo", "月曜日"), ("tu", "火曜日"), ("we", "水曜日"), ("th", "木曜日"), ("fr", "金曜日"),
        ("sa", "土曜日"), ("su", "日曜日"))
DAY_INDEX = {code: i for i, (code, _) in enumerate(DAYS)}
AMPM = (("am", "午前にひらく"), ("pm", "午後にひらく"))
NOON = "12:00"


@dataclass(frozen=True)
class ScheduleFilter:
    day: str = ""  # mo … su
    week: bool = False  # 7日以内にひらく: a date from today through six days later
    ampm: str = ""  # am | pm

    @property
    def active(self) -> bool:
        return bool(self.day or self.week or self.ampm)

    def query(self) -> dict:
        return {"day": self.day, "week": "1" if self.week else "", "ampm": self.ampm}


def from_query(day: str = "", week: str = "", ampm: str = "") -> ScheduleFilter:
    """Unknown values are ignored, never an error: the URL may be old or typed by hand."""
    return ScheduleFilter(day if day in DAY_INDEX else "", week in ("1", "on", "true"),
                          ampm if ampm in dict(AMPM) else "")


def _in_part_of_day(r: Resource, part: str) -> bool:
    s = parse(r.schedule)
    if s.errors:
        return False
    for rule in s.rules:
        if rule.part_of_day == part:
            return True
        if rule.opens_at and part == "am" and rule.opens_at < NOON:
            return True
        if rule.opens_at and part == "pm" and (rule.opens_at >= NOON or (rule.closes_at or "") > NOON):
            return True
    return False


def _within_seven_days(r: Resource, today: date) -> bool:
    _, last = next_seven_days(today)
    return any(not o.skipped and o.day <= last for o in next_dates(r.schedule, today))


def matches(r: Resource, f: ScheduleFilter, today: date, skip: str = "") -> bool:
    if not r.schedule:
        return not f.active
    if f.day and skip != "day" and DAY_INDEX[f.day] not in (weekdays_of(r.schedule) or []):
        return False
    if f.ampm and not _in_part_of_day(r, f.ampm):
        return False
    return not (f.week and not _within_seven_days(r, today))


def day_facet(resources: list[Resource], f: ScheduleFilter, today: date) -> Facet | None:
    """Counts per weekday, ignoring the weekday filter itself (the other choices stay visible)."""
    counts = [0] * 7
    for r in resources:
        if r.schedule and matches(r, f, today, skip="day"):
            for d in weekdays_of(r.schedule) or []:
                counts[d] += 1
    if not any(counts) and not f.day:
        return None
    options = [FacetOption("", "どの曜日でも", 0, not f.day)]
    options += [FacetOption(code, label, counts[i], f.day == code) for i, (code, label) in enumerate(DAYS)]
    return Facet("day", "ひらく曜日", tuple(options))


def search_all(searcher, city: str, text: str, filters: dict, use_places: bool = True):
    """One search with every hit in rank order (100 a page from the searcher), as one response."""
    hits, n = [], 1
    while True:
        part = searcher.search(city, text, kind=filters["kind"] or None, target=filters["target"] or None,
                               category=filters["category"] or None, district=filters["district"] or None,
                               page=n, per_page=100, use_places=use_places)
        hits.extend(part.hits)
        if n == 1:
            first = part
        if len(hits) >= part.total or not part.hits:
            return replace(first, hits=hits, page=1, per_page=max(1, len(hits)))
        n += 1


def page_of(everything, page: int, per_page: int):
    """The page a visitor asked for, cut from a response holding every hit."""
    return replace(everything, hits=everything.hits[(page - 1) * per_page:page * per_page], page=page,
                   per_page=per_page)


def filter_search(searcher, catalog, city: str, text: str, filters: dict, resp, f: ScheduleFilter,
                  today: date, page: int, per_page: int, *, everything=None, use_places: bool = True):
    """Over all hits (`everything`, or a second search), keep those the schedule filter passes and page
    them again. Returns (response, 曜日 facet)."""
    if not f.active and not city_has_times(catalog.in_city(city)):
        return resp, None  # nothing to count or filter: no second search
    if everything is None:
        everything = search_all(searcher, city, text, filters, use_places)
    hits = everything.hits
    records = [catalog.resources[h.id] for h in hits if h.id in catalog.resources]
    facet = day_facet(records, f, today)
    if not f.active:
        return resp, facet
    kept = [h for h in hits if h.id in catalog.resources and matches(catalog.resources[h.id], f, today)]
    pages = max(1, -(-len(kept) // per_page))
    page = min(page, pages)
    return replace(resp, hits=kept[(page - 1) * per_page:page * per_page], total=len(kept), page=page), facet


def when_context(f: ScheduleFilter, facet: Facet | None = None, available: bool | None = None,
                 today: date | None = None) -> dict:
    """What the when-filters macro displays: the 曜日 choices (with counts on the search page) and the
    dates the 7-day choice covers. The controls are offered only where some listed record has a weekday
    or time that was read."""
    first, last = next_seven_days(today or tokyo_today())
    if available is None:
        available = facet is not None
    if facet is None:
        options = [FacetOption("", "どの曜日でも", 0, not f.day)] + [
            FacetOption(code, label, 0, f.day == code) for code, label in DAYS]
        facet = Facet("day", "ひらく曜日", tuple(options))
    return {"filter": f, "day": facet, "ampm": AMPM, "available": available or f.active,
            "counts": any(o.count for o in facet.options),
            "week_range": f"{short_date(first)}から{short_date(last)}まで"}


def city_has_times(resources: list[Resource]) -> bool:
    return any(r.schedule and parse(r.schedule).rules for r in resources)


def near_filter(catalog, rows: list[NearRow], f: ScheduleFilter, today: date) -> list[NearRow]:
    """Keep the nearest-N rows whose record passes the filter."""
    if not f.active:
        return rows
    return [row for row in rows if row.id in catalog.resources and matches(catalog.resources[row.id], f, today)]
