"""Schedules said in English and in やさしい日本語 (issue 30.3), from the same parse as the Japanese.

`describe_in(schedule, lang)`, `date_label_in(occurrence, lang)` and `next_label_in(...)`; `ja` is
schedule.describe and Occurrence.label unchanged. Nothing here guesses: it words the rules the
parser read, so a text read only in part is said only in part, as in Japanese.

やさしい日本語 follows the guideline the site keeps (tests/i18n/test_easy_japanese.py): short
phrases split by spaces, times as 「10時から 12時まで」, no 「〜」 or 「隔週」, です・ます where it is a
sentence: 「毎月 第1・第3 火曜日 10時から 12時まで」.
"""
from __future__ import annotations

from datetime import date

from .schedule import describe, parse
from .schedule_model import WEEKDAY_CODES, WEEKDAY_KANJI, Occurrence, Rule, Schedule

EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
EN_ORD = {"1": "1st", "2": "2nd", "3": "3rd", "4": "4th", "5": "5th", "-1": "last"}
# Why a day is not held / was moved (schedule_dates.py's words) in each language.
SKIPPED = {
    "祝日のため休み": {"en": "closed: public holiday", "easy": "祝日なので 休みです"},
    "年末年始のため休み": {"en": "closed: New Year holidays", "easy": "年末年始なので 休みです"},
    "祝日のため翌日に": {"en": "moved to the next day: public holiday", "easy": "祝日なので 次の日です"},
}


def say_reason(text: str, lang: str) -> str:
    return SKIPPED.get(text, {}).get(lang, text) if text else ""


def _easy_time(hhmm: str) -> str:
    h, _, m = hhmm.partition(":")
    return f"{int(h)}時" + (f"{int(m)}分" if m and int(m) else "")


def time_in(opens_at: str, closes_at: str, part_of_day: str, lang: str) -> str:
    if lang == "en":
        if opens_at and closes_at:
            return f"{opens_at}–{closes_at}"
        if opens_at:
            return f"from {opens_at}"
        return {"am": "morning", "pm": "afternoon"}.get(part_of_day, "")
    if opens_at and closes_at:
        return f"{_easy_time(opens_at)}から {_easy_time(closes_at)}まで"
    if opens_at:
        return f"{_easy_time(opens_at)}から"
    return {"am": "午前", "pm": "午後"}.get(part_of_day, "")


def _join_en(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _wd(code: str) -> int:
    return WEEKDAY_CODES.index(code[-2:])


def _days(rule: Rule, lang: str) -> str:
    days = rule.weekdays()
    if rule.byday and rule.byday[0][:-2]:  # ordinals: the 1st and 3rd Tuesday
        by_day: dict[int, list[str]] = {}
        for code in rule.byday:
            by_day.setdefault(_wd(code), []).append(code[:-2])
        if lang == "en":
            return _join_en([f"the {_join_en([EN_ORD.get(n, n) for n in ns])} {EN_DAYS[d]}" for d, ns in by_day.items()])
        return "・".join("・".join("最後の" if n == "-1" else f"第{n}" for n in ns) + f" {WEEKDAY_KANJI[d]}曜日"
                        for d, ns in by_day.items())
    if days == [0, 1, 2, 3, 4, 5, 6] and rule.interval == 1:
        return "every day" if lang == "en" else "毎日"
    if lang == "en":
        names = _join_en([EN_DAYS[d] for d in days])
        every = {1: "every", 2: "every other"}.get(rule.interval, f"every {rule.interval} weeks on")
        return f"{every} {names}"
    names = "・".join(f"{WEEKDAY_KANJI[d]}曜日" for d in days)
    if rule.interval == 1:
        return f"毎週 {names}"
    return f"{rule.interval}週間に 1回 {names}"


def _months(months: tuple[int, ...], lang: str) -> str:
    if lang == "en":
        if months == (1, 3, 5, 7, 9, 11):
            return "in odd months, "
        if months == (2, 4, 6, 8, 10, 12):
            return "in even months, "
        return "in " + _join_en([EN_MONTHS[m - 1] for m in months]) + ", "
    return "・".join(map(str, months)) + "月の "


def _monthdays(days: tuple[int, ...], lang: str) -> str:
    if lang == "en":
        return "on the " + _join_en(["last day" if d == -1 else _en_ordinal(d) for d in days])
    return "・".join("最後の日" if d == -1 else f"{d}日" for d in days)


def _en_ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _date(d: date, lang: str) -> str:
    return f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}" if lang == "en" else f"{d.year}年{d.month}月{d.day}日"


def rule_in(rule: Rule, lang: str) -> str:
    every_month = "every month " if lang == "en" else "毎月 "
    months = _months(rule.bymonth, lang) if rule.bymonth else ""
    if rule.bymonthday:
        text = (months or every_month) + _monthdays(rule.bymonthday, lang)
    elif rule.freq == "MONTHLY":
        text = (months or every_month) + (("on " if lang == "en" else "") + _days(rule, lang))
    else:
        text = months + _days(rule, lang)
    if rule.dtstart:
        start = _date(date.fromisoformat(rule.dtstart), lang)
        text += f" (from {start})" if lang == "en" else f"（{start}から）"
    time = time_in(rule.opens_at, rule.closes_at, rule.part_of_day, lang)
    return f"{text}, {time}" if time and lang == "en" else (f"{text} {time}" if time else text)


def describe_in(schedule: Schedule | str, lang: str) -> str:
    """The schedule as schedule.describe says it, in `lang` (`ja` is describe itself)."""
    s = parse(schedule) if isinstance(schedule, str) else schedule
    if lang == "ja" or s.errors:
        return describe(s)
    en = lang == "en"
    parts = [rule_in(r, lang) for r in s.rules]
    closed = [_join_en([EN_DAYS[d] for d in s.closed_weekdays]) if en else
              "・".join(f"{WEEKDAY_KANJI[d]}曜日" for d in s.closed_weekdays)] if s.closed_weekdays else []
    if s.closed_on_holidays:
        closed.append("public holidays" if en else "祝日")
    if s.closed_months:
        closed.append(_join_en([EN_MONTHS[m - 1] for m in s.closed_months]) if en else "・".join(map(str, s.closed_months)) + "月")
    if s.closed_year_end:
        closed.append("the New Year holidays (29 December–3 January)" if en else "年末年始（12月29日から 1月3日まで）")
    text = ("; " if en else "、").join(parts)
    if s.valid_from:
        start = _date(date.fromisoformat(s.valid_from), lang)
        text = (f"from {start}: " if en else f"{start}から ") + text
    if closed:
        words = _join_en(closed) if en else "・".join(closed)
        text += (f" (closed on {words})" if en else f"（{words}は 休みです）") if text else (f"closed on {words}" if en else f"{words}は 休みです")
    if s.holiday_next_day:
        text += " (on a public holiday, the next day)" if en else "（祝日の ときは 次の日です）"
    return text.strip()


def date_label_in(o: Occurrence, lang: str) -> str:
    """'Tue 9 December, 10:00–12:00' / '12月9日（火） 10時から 12時まで' (`ja`: Occurrence.label)."""
    if lang == "ja":
        return o.label()
    time = time_in(o.opens_at, o.closes_at, o.part_of_day, lang)
    if lang == "en":
        text = f"{EN_SHORT[o.day.weekday()]} {o.day.day} {EN_MONTHS[o.day.month - 1]}"
        text += " (public holiday)" if o.holiday else ""
        text += f", {time}" if time else ""
    else:
        mark = "・祝日" if o.holiday else ""
        text = f"{o.day.month}月{o.day.day}日（{WEEKDAY_KANJI[o.day.weekday()]}{mark}）" + (f" {time}" if time else "")
    return f"{text} ({say_reason(o.note, lang)})" if o.note and lang == "en" else (
        f"{text}（{say_reason(o.note, lang)}）" if o.note else text)


def next_label_in(o: Occurrence, lang: str) -> str:
    if lang == "en":
        return f"Next: {date_label_in(o, lang)}"
    if lang == "easy":
        return f"次は {date_label_in(o, lang)}です"
    return f"次回: {o.label()}"
