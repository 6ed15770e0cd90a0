"""Record types for schedules read from Japanese recurrence text (HSDS 3.x `schedule`-shaped).

A resource's schedule text becomes one `Schedule`: the source text, zero or more `Rule`s (one HSDS
schedule row each: freq, interval, byday, bymonth, bymonthday, opens_at, closes_at), exceptions that
apply to every rule (祝日, months, 年末年始), and the parts of the text that were not understood.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# RFC 5545 weekday codes, Monday first (Python's date.weekday() order).
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_KANJI = ("月", "火", "水", "木", "金", "土", "日")

PARSED, PARTIAL, TEXT = "parsed", "partial", "text"
STATUS_LABELS = {PARSED: "読み取れた", PARTIAL: "一部だけ読み取れた", TEXT: "読み取れない（文字のまま）"}


@dataclass(frozen=True)
class Rule:
    """One recurrence, as an HSDS 3 schedule row. byday uses RFC 5545 codes: "TU", "1TU", "-1FR"."""
    freq: str  # WEEKLY | MONTHLY
    interval: int = 1
    byday: tuple[str, ...] = ()
    bymonth: tuple[int, ...] = ()
    bymonthday: tuple[int, ...] = ()  # -1 = the last day of the month
    opens_at: str = ""  # "10:00"
    closes_at: str = ""
    dtstart: str = ""  # ISO date; required for interval > 1 (隔週)
    part_of_day: str = ""  # "am" | "pm" when the text says 午前/午後 without a time

    @property
    def needs_start(self) -> bool:
        return self.interval > 1 and not self.dtstart

    def weekdays(self) -> list[int]:
        return sorted({WEEKDAY_CODES.index(code[-2:]) for code in self.byday})

    def hsds(self) -> dict:
        return {"freq": self.freq, "interval": self.interval, "byday": ",".join(self.byday) or None,
                "bymonth": ",".join(map(str, self.bymonth)) or None,
                "bymonthday": ",".join(map(str, self.bymonthday)) or None,
                "opens_at": self.opens_at or None, "closes_at": self.closes_at or None,
                "dtstart": self.dtstart or None, "part_of_day": self.part_of_day or None}


@dataclass(frozen=True)
class Issue:
    severity: str  # error | warning
    message: str


@dataclass(frozen=True)
class Schedule:
    source: str
    rules: tuple[Rule, ...] = ()
    closed_on_holidays: bool = False
    closed_months: tuple[int, ...] = ()
    closed_year_end: bool = False  # 年末年始: 12月29日〜1月3日 (the 官公庁 convention)
    valid_from: str = ""  # ISO date: 「2026年1月8日から」 without 隔週
    understood: tuple[str, ...] = ()  # fragments of the source that were read
    unparsed: tuple[str, ...] = ()  # fragments of the source that were not read, quoted to the user
    issues: tuple[Issue, ...] = ()
    holiday_next_day: bool = False  # 祝日の場合翌日開催: a holiday's meeting moves to the next day
    closed_weekdays: tuple[int, ...] = ()  # 月曜休館, 日曜・祝日は休み (0 = Monday)

    @property
    def errors(self) -> list[str]:
        return [i.message for i in self.issues if i.severity == "error"]

    @property
    def status(self) -> str:
        """parsed: every part read and dates can be computed; partial: something read; text: nothing."""
        if not self.source.strip():
            return TEXT
        if self.errors:
            return TEXT
        anything = bool(self.rules or self.understood)
        if not anything:
            return TEXT
        if self.unparsed or not self.rules or any(r.needs_start for r in self.rules):
            return PARTIAL
        return PARSED

    @property
    def has_exceptions(self) -> bool:
        return (self.closed_on_holidays or bool(self.closed_months) or self.closed_year_end
                or self.holiday_next_day or bool(self.closed_weekdays))

    def hsds(self) -> dict:
        """HSDS-3-shaped JSON: one schedule entry per rule, plus what applies to all and the source."""
        exceptions: list[dict[str, object]] = []
        if self.closed_on_holidays:
            exceptions.append({"type": "holidays", "label": "祝日は休み"})
        if self.closed_weekdays:
            exceptions.append({"type": "weekdays", "byday": ",".join(WEEKDAY_CODES[d] for d in self.closed_weekdays),
                               "label": "・".join(WEEKDAY_KANJI[d] + "曜日" for d in self.closed_weekdays) + "は休み"})
        if self.holiday_next_day:
            exceptions.append({"type": "holidays", "action": "next_day", "label": "祝日の場合は翌日"})
        if self.closed_months:
            exceptions.append({"type": "months", "months": list(self.closed_months),
                               "label": "・".join(map(str, self.closed_months)) + "月は休み"})
        if self.closed_year_end:
            exceptions.append({"type": "year_end", "from": "12-29", "to": "01-03", "label": "年末年始は休み"})
        return {"source": self.source, "status": self.status, "schedules": [r.hsds() for r in self.rules],
                "exceptions": exceptions, "valid_from": self.valid_from or None,
                "notes": list(self.unparsed), "timezone": "Asia/Tokyo"}


@dataclass(frozen=True)
class Occurrence:
    day: date
    opens_at: str = ""
    closes_at: str = ""
    part_of_day: str = ""
    skipped: str = ""  # why the day is not held: 「祝日のため休み」
    holiday: bool = False  # a 祝日 the text does not close on: shown as （金・祝）
    note: str = ""  # 祝日のため翌日に (a meeting moved from a holiday)

    def label(self) -> str:
        """'12月9日（火）10:00〜12:00'; '1月1日（金・祝）' on a holiday."""
        mark = "・祝" if self.holiday else ""
        text = f"{self.day.month}月{self.day.day}日（{WEEKDAY_KANJI[self.day.weekday()]}{mark}）"
        text += time_label(self.opens_at, self.closes_at, self.part_of_day)
        return f"{text}（{self.note}）" if self.note else text


def time_label(opens_at: str, closes_at: str, part_of_day: str = "") -> str:
    if opens_at and closes_at:
        return f"{opens_at}〜{closes_at}"
    if opens_at:
        return f"{opens_at}から"
    return {"am": "午前", "pm": "午後"}.get(part_of_day, "")


@dataclass
class Draft:
    """Mutable state while reading one text (the parser's working copy of a Schedule)."""
    rules: list[Rule] = field(default_factory=list)
    closed_on_holidays: bool = False
    closed_months: set[int] = field(default_factory=set)
    closed_year_end: bool = False
    holiday_next_day: bool = False
    closed_weekdays: set[int] = field(default_factory=set)
    valid_from: str = ""
    understood: list[str] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.issues.append(Issue("error", message))

    def freeze(self, source: str) -> Schedule:
        return Schedule(source, tuple(self.rules), self.closed_on_holidays, tuple(sorted(self.closed_months)),
                        self.closed_year_end, self.valid_from, tuple(self.understood), tuple(self.unparsed),
                        tuple(self.issues), self.holiday_next_day, tuple(sorted(self.closed_weekdays)))
