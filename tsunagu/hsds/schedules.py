"""A record's schedule text as HSDS schedule rows, from the one schedule parser (data/schedule.py).

Only a schedule the parser read completely becomes recurrence fields (freq, interval, byday, bymonthday,
opens_at, closes_at); one read in part, or not at all, is one row with the text as `description` — a
half-read rule would tell a client a day that the text does not say. HSDS has no exception dates and no
`bymonth`: holidays, 年末年始 and months off travel in `description` and `tsunagu_exceptions`; 奇数月/偶数月
become MONTHLY with interval 2 only when the parser read a start month for it, otherwise `tsunagu_bymonth`.
"""
from __future__ import annotations

from typing import Any

from tsunagu.data.schedule import describe, describe_rule, parse
from tsunagu.data.schedule_model import PARSED, STATUS_LABELS, Rule

from .models import Schedule

JST_OFFSET = 9.0  # HSDS `timezone` is a UTC offset in hours; Japan has no daylight saving time


def schedule_rows(text: str, service_id: str, make_id) -> list[Schedule]:
    """HSDS rows for one schedule text (none for an empty text)."""
    if not text.strip():
        return []
    sched = parse(text)
    status = STATUS_LABELS[sched.status]
    exceptions = sched.hsds()["exceptions"] or None
    if sched.status != PARSED:
        return [Schedule(id=make_id("schedule", 0), service_id=service_id, description=text,
                         tsunagu_schedule_status=status, tsunagu_exceptions=exceptions)]
    closing = "、".join(str(e["label"]) for e in exceptions or ())
    rows = []
    for n, rule in enumerate(sched.rules):
        words = describe_rule(rule) + (f"（{closing}）" if closing else "")
        recurrence = _recurrence(rule)
        rows.append(Schedule(id=make_id("schedule", n), service_id=service_id, valid_from=sched.valid_from or None,
                             timezone=JST_OFFSET if recurrence else None, description=f"{words}。元の記載: {text}",
                             tsunagu_schedule_status=status, tsunagu_exceptions=exceptions,
                             tsunagu_bymonth=",".join(map(str, rule.bymonth)) or None, **(recurrence or {})))
    if not rows:  # a PARSED schedule always has a rule today; keep the words if that ever changes
        rows.append(Schedule(id=make_id("schedule", 0), service_id=service_id, description=describe(sched),
                             tsunagu_schedule_status=status))
    return rows


def _recurrence(rule: Rule) -> dict[str, Any] | None:
    """The rule in HSDS's fields, or None when they cannot say it (months HSDS has no field for)."""
    interval = rule.interval
    if rule.bymonth:
        alternate = rule.bymonth in ((1, 3, 5, 7, 9, 11), (2, 4, 6, 8, 10, 12))
        if not (alternate and rule.freq == "MONTHLY" and interval == 1 and rule.dtstart):
            return None  # without a start month, MONTHLY would claim every month: description only
        interval = 2  # every other month from dtstart's month: the same months in HSDS's own fields
    return {"freq": rule.freq, "interval": interval, "byday": ",".join(rule.byday) or None,
            "bymonthday": ",".join(map(str, rule.bymonthday)) or None, "opens_at": rule.opens_at or None,
            "closes_at": rule.closes_at or None, "dtstart": rule.dtstart or None}
