"""Schedules from Japanese recurrence text: the one parser behind check, pages, .ics, filters and guides.

Public functions (others call these; the rest of the schedule_* modules are internals):
- `parse(text) -> Schedule` (cached): rules, exceptions, what was and was not understood, problems
- `describe(schedule) -> str`: the schedule in plain Japanese
- `next_dates(schedule, today) -> list[Occurrence]`: the next meeting days, skipped days marked
- `weekdays_of(text) -> list[int] | None`: weekdays (0 = Monday) the text names, for lists by weekday
- `check(problems, file, row, text)`: the `tsunagu check` rule for the `schedule` column
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from .schedule_dates import occurrences
from .schedule_model import (
    PARSED,
    PARTIAL,
    TEXT,
    WEEKDAY_CODES,
    WEEKDAY_KANJI,
    Occurrence,
    Rule,
    Schedule,
    time_label,
)
from .schedule_parse import parse_text

__all__ = [
    "PARSED",
    "PARTIAL",
    "TEXT",
    "Occurrence",
    "Rule",
    "Schedule",
    "check",
    "describe",
    "describe_rule",
    "next_dates",
    "parse",
    "weekdays_of",
]

EXAMPLE = "「第1・3火曜 10:00〜12:00、祝日は休み」"


@lru_cache(maxsize=16384)
def parse(text: str) -> Schedule:
    return parse_text(text or "")


@lru_cache(maxsize=16384)
def _next_dates_cached(text: str, today: date, count: int) -> tuple[Occurrence, ...]:
    return tuple(occurrences(parse(text), today, held=count))


def next_dates(schedule: Schedule | str, today: date, count: int = 3) -> list[Occurrence]:
    """A pure function of the text and the day, so it is cached per (text, day)."""
    text = schedule if isinstance(schedule, str) else schedule.source
    return list(_next_dates_cached(text, today, count))


def weekdays_of(schedule_text: str) -> list[int] | None:
    """Weekdays (0 = Monday … 6 = Sunday) of the rules that were read, even from a partly read text
    (第3月曜（夏休みあり） still meets on Mondays). None when no weekday was read."""
    s = parse(schedule_text or "")
    if s.errors:
        return None
    days = sorted({d for r in s.rules for d in r.weekdays()})
    return days or None


def _ordinal(code: str) -> str:
    n = code[:-2]
    return "最終" if n == "-1" else f"第{n}"


def _days(rule: Rule) -> str:
    days = rule.weekdays()
    if rule.byday and rule.byday[0][:-2]:  # ordinals: 第1・第3 火曜日
        by_day: dict[int, list[str]] = {}
        for code in rule.byday:
            by_day.setdefault(_wd(code), []).append(_ordinal(code))
        return "・".join(f"{'・'.join(ords)} {WEEKDAY_KANJI[d]}曜日" for d, ords in by_day.items())
    if days == [0, 1, 2, 3, 4, 5, 6] and rule.interval == 1:
        return "毎日"
    run = len(days) >= 3 and days == list(range(days[0], days[-1] + 1))
    names = f"{WEEKDAY_KANJI[days[0]]}〜{WEEKDAY_KANJI[days[-1]]}曜日" if run else None
    names = names or "・".join(f"{WEEKDAY_KANJI[d]}曜日" for d in days)
    if rule.interval == 2:
        return f"隔週 {names}"
    if rule.interval > 2:
        return f"{rule.interval}週ごと {names}"
    return f"毎週 {names}"


def _wd(code: str) -> int:
    return WEEKDAY_CODES.index(code[-2:])


def _months(months: tuple[int, ...]) -> str:
    if months == (1, 3, 5, 7, 9, 11):
        return "奇数月の "
    if months == (2, 4, 6, 8, 10, 12):
        return "偶数月の "
    return "・".join(map(str, months)) + "月の "


def describe_rule(rule: Rule) -> str:
    if rule.bymonthday:
        days = "・".join("末日" if d == -1 else f"{d}日" for d in rule.bymonthday)
        text = f"{_months(rule.bymonth) if rule.bymonth else '毎月 '}{days}"
    elif rule.freq == "MONTHLY":
        text = f"{_months(rule.bymonth) if rule.bymonth else '毎月 '}{_days(rule)}"
    else:
        text = (_months(rule.bymonth) if rule.bymonth else "") + _days(rule)
    if rule.dtstart:
        d = date.fromisoformat(rule.dtstart)
        text += f"（{d.year}年{d.month}月{d.day}日から）"
    time = time_label(rule.opens_at, rule.closes_at, rule.part_of_day)
    return f"{text} {time}" if time else text


def describe(schedule: Schedule | str) -> str:
    """'毎月 第1・第3 火曜日 10:00〜12:00（祝日は休み）'. Only what was read; the caller shows the
    source text next to it when the status is not `parsed`."""
    s = parse(schedule) if isinstance(schedule, str) else schedule
    if s.errors:
        return ""
    parts = [describe_rule(r) for r in s.rules]
    closed = ["・".join(f"{WEEKDAY_KANJI[d]}曜日" for d in s.closed_weekdays)] if s.closed_weekdays else []
    if s.closed_on_holidays:
        closed.append("祝日")
    moved = "祝日の場合は翌日" if s.holiday_next_day else ""
    if s.closed_months:
        closed.append("・".join(map(str, s.closed_months)) + "月")
    if s.closed_year_end:
        closed.append("年末年始（12月29日〜1月3日）")
    text = "、".join(parts)
    if s.valid_from:
        d = date.fromisoformat(s.valid_from)
        text = f"{d.year}年{d.month}月{d.day}日から " + text
    if closed:
        text += f"（{'・'.join(closed)}は休み）" if text else f"{'・'.join(closed)}は休み"
    if moved:
        text += f"（{moved}）" if text else moved
    return text.strip()


def check(problems, file: str, row: int, text: str, column: str = "schedule") -> bool:
    """Report a schedule cell: impossible rules are errors, unread parts warnings. False on error."""
    if not text.strip():
        return True
    s = parse(text)
    for message in s.errors:
        same = message.startswith(f"「{text.strip()}」")
        problems.error(file, row, column, message if same else f"日時「{_short(text)}」の{message}")
    if s.errors:
        return False
    for issue in s.issues:
        problems.warn(file, row, column, issue.message)
    if s.status == TEXT and not s.issues:
        problems.warn(file, row, column, f"日時「{_short(text)}」は曜日・時刻として読み取れないため、書かれたとおりに表示します。"
                                         f"曜日と時刻が決まっているなら{EXAMPLE}の形で書くと、次回の日付を出せます")
    elif s.status == PARTIAL:
        if s.unparsed:
            missing = "」「".join(s.unparsed)
            problems.warn(file, row, column, f"日時「{_short(text)}」のうち「{missing}」が読み取れないため、"
                                             f"次回の日付は出しません。{EXAMPLE}の形で書いてください")
        elif not s.rules:
            problems.warn(file, row, column, f"日時「{_short(text)}」には曜日・日にちがないため、次回の日付は出しません。"
                                             f"{EXAMPLE}の形で書いてください")
        if any(r.needs_start for r in s.rules):
            problems.warn(file, row, column, f"日時「{_short(text)}」は隔週の起点の日が書かれていないため、次回の日付は出しません。"
                                             "「隔週木曜（2026年1月8日から）」のように書いてください")
    return True


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
