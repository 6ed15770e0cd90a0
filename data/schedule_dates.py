"""Dates from a `Schedule`: dateutil.rrule for the recurrence, jpholiday for 祝日 (振替休日 included)."""
from __future__ import annotations

import heapq
import re
from datetime import date, datetime, timedelta
from typing import Literal

import jpholiday
from dateutil import rrule as du

from .schedule_model import WEEKDAY_CODES, Occurrence, Rule, Schedule

FREQS: dict[str, Literal[0, 1, 2, 3, 4, 5, 6]] = {"WEEKLY": du.WEEKLY, "MONTHLY": du.MONTHLY}
DAY_OBJECTS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)
HORIZON_DAYS = 800  # stop looking after ~2 years (a rule like 2月の第5土曜 is rare)
HOLIDAY = "祝日のため休み"
YEAR_END = "年末年始のため休み"
MOVED = "祝日のため翌日に"


def byweekday(rule: Rule) -> list | None:
    out = []
    for code in rule.byday:
        m = re.fullmatch(r"(-?\d)?([A-Z]{2})", code)
        if m is None:  # the parser writes only codes like MO or 2TU
            continue
        day = DAY_OBJECTS[WEEKDAY_CODES.index(m.group(2))]
        out.append(day(int(m.group(1))) if m.group(1) else day)
    return out or None


def months_of(rule: Rule, schedule: Schedule) -> tuple[int, ...] | None:
    """The months a rule runs in, closed months taken out (None = every month)."""
    if not rule.bymonth and not schedule.closed_months:
        return None
    return tuple(m for m in (rule.bymonth or range(1, 13)) if m not in schedule.closed_months)


def anchor(rule: Rule, schedule: Schedule, today: date) -> date:
    """The rrule's DTSTART: the 隔週 start date, else today (or the stated start, if later)."""
    if rule.dtstart:
        return date.fromisoformat(rule.dtstart)
    if schedule.valid_from and date.fromisoformat(schedule.valid_from) > today:
        return date.fromisoformat(schedule.valid_from)
    return today


def make_rrule(rule: Rule, schedule: Schedule, start: date, until: date | None = None) -> du.rrule:
    return du.rrule(FREQS[rule.freq], interval=rule.interval, dtstart=datetime.combine(start, datetime.min.time()),
                    byweekday=byweekday(rule), bymonth=months_of(rule, schedule),
                    bymonthday=rule.bymonthday or None,
                    until=datetime.combine(until, datetime.min.time()) if until else None)


MONTH_DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def has_dates(rule: Rule, closed_months: set[int]) -> bool:
    """False for a rule no calendar day can meet (毎月31日 with every month but February closed).
    Weekday rules always meet (第5 of a weekday occurs in every month, February in some leap years);
    only a day of the month can be missing from every month left open. Worked out, not iterated:
    dateutil takes seconds to find that a rule never matches."""
    months = [m for m in (rule.bymonth or range(1, 13)) if m not in closed_months]
    if not months:
        return False
    return not rule.bymonthday or any(d == -1 or d <= MONTH_DAYS[m] for m in months for d in rule.bymonthday)


def skip_reason(day: date, schedule: Schedule) -> str:
    if schedule.closed_year_end and ((day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)):
        return YEAR_END
    if schedule.closed_on_holidays and jpholiday.is_holiday(day):
        return HOLIDAY
    if schedule.holiday_next_day and jpholiday.is_holiday(day):
        return MOVED
    return ""


def rule_dates(rule: Rule, schedule: Schedule, today: date):
    start = anchor(rule, schedule, today)
    end = datetime.combine(today + timedelta(days=HORIZON_DAYS), datetime.min.time())
    for dt in make_rrule(rule, schedule, start, until=end.date()):
        if dt > end:
            return
        if dt.date() >= today:
            yield dt.date()


def _tagged(rule: Rule, index: int, schedule: Schedule, today: date):
    for d in rule_dates(rule, schedule, today):
        yield d, rule.opens_at, index, rule


def occurrences(schedule: Schedule, today: date, held: int = 3, max_skipped: int = 3) -> list[Occurrence]:
    """The next `held` meeting days from `today` (inclusive), with skipped days in between marked.

    Only a fully read schedule has dates: a partial one could be wrong, and a wrong date must never
    be shown as fact.
    """
    if schedule.status != "parsed":
        return []
    streams = [_tagged(rule, i, schedule, today) for i, rule in enumerate(schedule.rules)]
    out: list[Occurrence] = []
    seen = set()
    skipped = 0
    # one held day more than asked: a meeting moved to the next day can sort after a later one
    for day, _opens, _i, rule in heapq.merge(*streams):
        key = (day, rule.opens_at, rule.closes_at, rule.part_of_day)
        if key in seen:
            continue
        seen.add(key)
        reason = skip_reason(day, schedule)
        if reason and skipped < max_skipped:
            skipped += 1
            out.append(Occurrence(day, rule.opens_at, rule.closes_at, rule.part_of_day, reason,
                                  bool(jpholiday.is_holiday(day))))
        if reason == MOVED:
            moved = day + timedelta(days=1)
            out.append(Occurrence(moved, rule.opens_at, rule.closes_at, rule.part_of_day, "",
                                  bool(jpholiday.is_holiday(moved)), f"{day.month}月{day.day}日が祝日のため"))
        elif not reason:
            out.append(Occurrence(day, rule.opens_at, rule.closes_at, rule.part_of_day, "",
                                  bool(jpholiday.is_holiday(day))))
        if sum(1 for o in out if not o.skipped) > held:
            break
    out.sort(key=lambda o: (o.day, o.opens_at))
    result, count = [], 0
    for o in out:
        if count >= held:
            break
        result.append(o)
        count += not o.skipped
    return result


def skipped_days(rule: Rule, schedule: Schedule, start: date, days: int) -> list[date]:
    """Days from `start` the rule would fall on but the schedule skips (for .ics EXDATE)."""
    end = start + timedelta(days=days)
    out = []
    for d in rule_dates(rule, schedule, start):
        if d > end:
            break
        if skip_reason(d, schedule):
            out.append(d)
    return out


def moved_days(rule: Rule, schedule: Schedule, start: date, days: int) -> list[date]:
    """Holidays whose meeting moves to the next day (the .ics adds those days as RDATE)."""
    if not schedule.holiday_next_day:
        return []
    return [d for d in skipped_days(rule, schedule, start, days) if skip_reason(d, schedule) == MOVED]
