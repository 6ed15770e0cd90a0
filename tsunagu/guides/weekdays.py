"""Which weekdays a salon meets on, and its next dates: the one place the schedule parser plugs in.

Both come from the one schedule parser (tsunagu.data.schedule). A text it cannot read gives no
weekday (the salon is listed under 「曜日が未掲載」) and no next date: never a guess from the text.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from .words import N_

WeekdaysOf = Callable[[str], "list[int] | None"]  # 0 = Monday … 6 = Sunday; None = not known
NextDatesOf = Callable[[str, date, int], "list[date] | None"]

WEEKDAY_NAMES = (N_("月曜日"), N_("火曜日"), N_("水曜日"), N_("木曜日"), N_("金曜日"), N_("土曜日"), N_("日曜日"))
UNKNOWN_LABEL = N_("曜日が未掲載")


def _parsed_next_dates(schedule_text: str, today: date, count: int) -> list[date] | None:
    """Days it is actually held (skipped holidays left out): only what the parser read, never a guess."""
    from tsunagu.data.schedule import next_dates  # lazy: adds 0.1 s to importing this module
    return [o.day for o in next_dates(schedule_text, today, count + 3) if not o.skipped][:count] or None


def _parsed_weekdays(schedule_text: str) -> list[int] | None:
    from tsunagu.data.schedule import weekdays_of as parsed  # lazy: adds 0.1 s to importing this module
    return parsed(schedule_text)


WEEKDAYS_OF: WeekdaysOf = _parsed_weekdays
NEXT_DATES_OF: NextDatesOf = _parsed_next_dates


def weekdays_of(schedule_text: str) -> list[int] | None:
    if not schedule_text:
        return None
    days = WEEKDAYS_OF(schedule_text)
    return sorted({d for d in days if 0 <= d <= 6}) if days else None


def next_dates_of(schedule_text: str, today: date, count: int = 2) -> list[date]:
    if not schedule_text:
        return []
    return list(NEXT_DATES_OF(schedule_text, today, count) or [])[:count]


@dataclass(frozen=True)
class WeekdayGroup:
    label: str
    items: tuple


def group_by_weekday(items: Iterable, weekdays: WeekdaysOf | None = None) -> list[WeekdayGroup]:
    """Salons under each weekday they meet (a salon meeting twice a week is under both),
    Monday first; those whose weekday is not known last, under 「曜日が未掲載」."""
    find = weekdays or weekdays_of
    days: dict[int, list] = {}
    unknown = []
    for it in items:
        found = find(it.schedule) if it.schedule else None
        if not found:
            unknown.append(it)
        for d in found or ():
            days.setdefault(d, []).append(it)
    groups = [WeekdayGroup(WEEKDAY_NAMES[d], tuple(days[d])) for d in sorted(days)]
    if unknown:
        groups.append(WeekdayGroup(UNKNOWN_LABEL, tuple(unknown)))
    return groups
