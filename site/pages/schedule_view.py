"""What a page says about "when": plain Japanese, the next date, the next three dates, skipped days.

In the reader's language (issue 30.3): English and やさしい日本語 word the same parse
(tsunagu.data.schedule_say); list cards keep the Japanese line, and `when_text` gives a card's line
in the reader's language.

Dates are a pure function of the record's schedule text and today's date in Asia/Tokyo, so they are
cached per (text, day) in tsunagu.data.schedule and never stored in the build.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup

from tsunagu.data.model import Resource
from tsunagu.data.schedule import PARSED, PARTIAL, describe, next_dates, parse
from tsunagu.data.schedule_say import date_label_in, describe_in, next_label_in, say_reason

from .i18n import N_, gettext
from .reading import current_reading

TOKYO = ZoneInfo("Asia/Tokyo")
MAY_CHANGE = N_("日時は変わることがあります。出かける前に確認を")


def tokyo_today() -> date:
    return datetime.now(TOKYO).date()


@dataclass(frozen=True)
class DateLine:
    label: str  # 12月9日（火）10:00〜12:00
    skipped: str = ""  # 祝日のため休み
    iso: str = ""


@dataclass(frozen=True)
class ScheduleView:
    source: str  # the text as written (always shown when not fully read)
    status: str  # parsed | partial | text
    description: str  # plain Japanese, only what was read
    next_label: str  # 次回: …  ("" when there are no dates)
    dates: tuple[DateLine, ...]
    unparsed: tuple[str, ...]
    ics_url: str
    may_change: str  # the one-line caution where there is no phone to call


def schedule_view(r: Resource, today: date | None = None, lang: str | None = None) -> ScheduleView | None:
    """The schedule in `lang` (the request's reading when not given)."""
    if not r.schedule.strip():
        return None
    lang = lang or current_reading().lang
    today = today or tokyo_today()
    s = parse(r.schedule)
    occ = next_dates(s, today)
    held = [o for o in occ if not o.skipped]
    lines = tuple(DateLine(date_label_in(o, lang), say_reason(o.skipped, lang), o.day.isoformat()) for o in occ)
    return ScheduleView(
        source=r.schedule, status=s.status,
        description=describe_in(s, lang) if s.status in (PARSED, PARTIAL) else "",
        next_label=next_label_in(held[0], lang) if held else "",
        dates=lines, unparsed=s.unparsed,
        ics_url=f"/{r.city}/resources/{r.id}.ics" if s.status == PARSED else "",
        may_change="" if r.phone else (MAY_CHANGE if lang == "ja" else gettext(MAY_CHANGE)),
    )


WEEK_DAYS = 7


def next_seven_days(today: date) -> tuple[date, date]:
    """Today and the six days after it: 「今週」 read as this calendar week would mean today only on a
    Sunday, so the filter looks a full week ahead and says so."""
    return today, today + timedelta(days=WEEK_DAYS - 1)


def short_date(d: date) -> str:
    """「12月6日（日）」: the form the filter's date range is read in."""
    return f"{d.month}月{d.day}日（{'月火水木金土日'[d.weekday()]}）"


def when_line(r: Resource, today: date | None = None, lang: str = "ja") -> str:
    """One line for lists: the next date when the text was fully read, else the text as written.
    Japanese unless asked: a list card's view is shared by every reader (views.shared_cards)."""
    view = schedule_view(r, today, lang)
    if view is None:
        return ""
    return view.next_label or view.source


def when_text(item) -> str | Markup:
    """A card's 「日時」 line in the reader's language (the card's own `when` is the Japanese one). A schedule
    that can't be read stays as written: on an English page marked lang="ja", so it is read as Japanese."""
    lang = current_reading().lang
    if lang == "ja" or not item.schedule.strip():
        return item.when
    s = parse(item.schedule)
    held = [o for o in next_dates(s, tokyo_today()) if not o.skipped]
    if held:
        return next_label_in(held[0], lang)
    return Markup('<span lang="ja">%s</span>') % item.when if lang == "en" and item.when else item.when


def schedule_json(r: Resource, today: date | None = None) -> dict:
    """The API's view: the HSDS-shaped structure and the next dates (ISO, Asia/Tokyo)."""
    if not r.schedule.strip():
        return {"schedule_structured": None, "next_dates": []}
    today = today or tokyo_today()
    s = parse(r.schedule)
    return {"schedule_structured": {**s.hsds(), "description": describe(s) if not s.errors else ""},
            "next_dates": [{"date": o.day.isoformat(), "opens_at": o.opens_at or None, "closes_at": o.closes_at or None,
                            "label": o.label(), "held": not o.skipped, "skipped_reason": o.skipped or None}
                           for o in next_dates(s, today)]}
