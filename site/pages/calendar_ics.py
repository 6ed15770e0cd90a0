"""RFC 5545 calendar files for a resource's schedule (icalendar library).

One VEVENT per rule: DTSTART at the first meeting on or after today (TZID Asia/Tokyo), the RRULE read
from the text, and EXDATE for the days the text says are closed (祝日, 年末年始) over the next two
years; closed months go into BYMONTH. Only fully read schedules get a file.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from icalendar import Calendar, Event, vRecur

from tsunagu.data.model import Resource
from tsunagu.data.schedule import PARSED, describe, parse
from tsunagu.data.schedule_dates import (
    months_of,
    moved_days,
    rule_dates,
    skip_reason,
    skipped_days,
)
from tsunagu.data.schedule_model import Rule, Schedule

from .schedule_view import MAY_CHANGE, TOKYO

EXDATE_DAYS = 730
PRODID = "-//Tsunagu//つなぐ 地域の福祉資源//JA"


def _rrule(rule: Rule, schedule: Schedule) -> vRecur:
    rec: dict = {"FREQ": rule.freq}
    if rule.interval > 1:
        rec["INTERVAL"] = rule.interval
    if rule.byday:
        rec["BYDAY"] = list(rule.byday)
    months = months_of(rule, schedule)
    if months:
        rec["BYMONTH"] = list(months)
    if rule.bymonthday:
        rec["BYMONTHDAY"] = list(rule.bymonthday)
    return vRecur(rec)


def _at(day: date, hhmm: str) -> datetime:
    if hhmm == "24:00":
        return datetime.combine(day + timedelta(days=1), time(0, 0), TOKYO)
    h, m = map(int, hhmm.split(":"))
    return datetime.combine(day, time(h, m), TOKYO)


def build_ics(r: Resource, place: str, today: date) -> bytes | None:
    s = parse(r.schedule)
    if s.status != PARSED:
        return None
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", r.name)
    stamp = datetime.combine(today, time(0, 0), TOKYO)
    for i, rule in enumerate(s.rules):
        # DTSTART is the first day actually held, so no calendar shows a closed day as its start
        first = next((d for d in rule_dates(rule, s, today) if not skip_reason(d, s)), None)
        if first is None:
            continue
        ev = Event()
        ev.add("uid", f"{r.id}-{i}@tsunagu")
        ev.add("dtstamp", stamp)
        ev.add("summary", r.name)
        ev.add("description", f"{describe(s)}\n{MAY_CHANGE}\n元の記載: {r.schedule}")
        if place:
            ev.add("location", place)
        timed = bool(rule.opens_at)
        ev.add("dtstart", _at(first, rule.opens_at) if timed else first)
        if timed and rule.closes_at:
            ev.add("dtend", _at(first, rule.closes_at))
        elif not timed:
            ev.add("dtend", first + timedelta(days=1))
        ev.add("rrule", _rrule(rule, s))
        skipped = skipped_days(rule, s, first, EXDATE_DAYS)  # after DTSTART
        if skipped:
            ev.add("exdate", [_at(d, rule.opens_at) if timed else d for d in skipped])
        moved = [d + timedelta(days=1) for d in moved_days(rule, s, today, EXDATE_DAYS)]  # may precede DTSTART
        if moved:  # 祝日の場合翌日開催
            ev.add("rdate", [_at(d, rule.opens_at) if timed else d for d in moved])
        cal.add_component(ev)
    if not cal.walk("VEVENT"):
        return None
    cal.add_missing_timezones()
    return cal.to_ical()
