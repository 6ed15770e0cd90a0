"""Read Japanese recurrence text (第1・3火曜 10:00〜12:00、祝日は休み) into a `Schedule`.

The text is normalised (NFKC, kanji numerals, dashes), then scanned left to right for known pieces
(day rules, times, exceptions, start dates). Whatever lies between the pieces and is not a filler word
is kept as "not understood" and quoted back: nothing is guessed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date

from .schedule_model import WEEKDAY_CODES, WEEKDAY_KANJI, Draft, Issue, Rule, Schedule

MAX_CHARS = 300

WD = r"[月火水木金土日]"
# A weekday inside a list must not be the 月 of 月1回 / 月末 / 月初め.
WD_ITEM = rf"{WD}(?![\d末初間額謝回])(?:曜日?)?"
WD_LIST = rf"{WD_ITEM}(?:\s*[・、,と]\s*{WD_ITEM})*"
WD_RANGE = rf"{WD}(?:曜日?)?\s*〜\s*{WD}(?:曜日?)?"
WD_ANY = rf"(?:{WD_RANGE}|平日|土日(?:曜日?)?|{WD_LIST})"
# Without 毎週/第N the weekday must say 曜 (月 alone is also "month").
WD_BARE = rf"(?:平日|{WD}曜日?\s*〜\s*{WD}曜日?|土日曜日?|(?:{WD}(?:曜日?)?\s*[・、,と]\s*)*{WD}曜日?)"
ORD = r"(?:第\s*(?:\d+|最終)|最終)\s*週?目?"
ORD_LIST = rf"{ORD}(?:\s*(?:[・、,と]|〜)\s*(?:{ORD}|\d+\s*週?))*"
CLOSED = r"(?:は|を|も|の場合は?)?\s*(?:お?休み|休館|休会|休止|休講|閉館|除く|中止|なし)"


def _clock(n: int) -> str:
    return (rf"(?:(?P<ap{n}>午前|午後)\s*)?(?:(?P<h{n}>\d{{1,3}})\s*(?::\s*(?P<m{n}>\d{{1,2}})"
            rf"|時\s*(?:(?P<mm{n}>\d{{1,2}})\s*分|(?P<half{n}>半))?)|(?P<noon{n}>正午))")


TOKENS = [
    ("holiday", rf"(?:国民の)?(?:祝祭日|祝休日|祝日|祭日)(?:[・、]?(?:振替休日|休日))?{CLOSED}"),
    ("yearend", rf"年末年始{CLOSED}"),
    ("monthsoff", rf"(?P<off>\d{{1,2}}(?:\s*月?\s*[・、,〜と]\s*\d{{1,2}})*)\s*月{CLOSED}"),
    ("date", (r"(?:(?P<y>\d{4})\s*年\s*(?P<mo>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日|(?P<iy>\d{4})-(?P<imo>\d{1,2})-(?P<id>\d{1,2}))"
              r"\s*(?:から|より|起点|開始|〜)?")),
    ("biweekly", rf"隔週\s*の?\s*(?P<bw>{WD_ANY})"),
    ("weekly", rf"(?:毎週|週\s*1\s*回)\s*の?\s*(?P<w>{WD_ANY})"),
    ("daily", r"毎日"),
    ("ordinal", rf"(?:毎月\s*)?(?P<ords>{ORD_LIST})\s*の?\s*(?P<ow>{WD_ANY})"),
    ("lastwd", rf"(?:毎月\s*)?(?:月末|月の最後|最後)\s*の?\s*(?P<lw>{WD_ANY})"),
    ("monthday", r"毎月\s*(?P<md>(?:\d{1,2}\s*日?|末日?)(?:\s*[・、,と]\s*(?:\d{1,2}\s*日?|末日?))*)"),
    ("monthend", r"月末|末日"),
    ("parity", r"(?P<par>奇数|偶数)月\s*の?"),
    ("months", r"(?P<ml>\d{1,2}(?:\s*月?\s*[・、,〜と]\s*\d{1,2})*)\s*月\s*の?(?!\s*\d+\s*回)"),
    ("mdaybare", r"(?P<mdb>\d{1,2}\s*日(?:\s*[・、,と]\s*\d{1,2}\s*日?)*)(?!\s*間)"),
    ("time", rf"{_clock(1)}\s*(?:(?:〜|から|より)\s*{_clock(2)}\s*(?:まで)?|(?P<open>〜|から|より))?"),
    ("pod", r"(?P<pod>午前中?|午後)"),
    ("weekday", rf"(?P<bare>{WD_BARE})"),
]
MASTER = re.compile("|".join(f"(?P<T_{name}>{pattern})" for name, pattern in TOKENS))
FILLER_WORDS = re.compile(
    r"開催日時|開催日|開催時間|日時|時間|開催|実施|予定|ごろ|頃|毎回|および|及び|ほか|その他|曜日|曜|から|まで|より|"
    r"[のはにでと]")
FILLER_CHARS = re.compile(r"[\s、,/;。.()（）「」『』【】\[\]※:：・〜=＝]+")
KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ALL_MONTHS = tuple(range(1, 13))


def normalise(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in t)
    t = re.sub(r"[〇一二三四五六七八九十]+", _kanji_number, t)
    t = re.sub(r"[~〜～]", "〜", t)
    # 10:00-12:00, 10時ー12時: a dash between two times is a range (not in 2026-01-08).
    t = re.sub(r"(?<![\d-])(\d{1,2}(?::\d{2}|時(?:\d{1,2}分|半)?))\s*[-‐‑–—―−ー]\s*(?=(?:午前|午後)?\d|正午)", r"\1〜", t)
    t = t.replace("毎週毎週", "毎週").replace("第第", "第")
    return re.sub(r" +", " ", t).strip()


def _kanji_number(m: re.Match) -> str:
    s = m.group(0)
    if "十" not in s:
        return "".join(str(KANJI_DIGITS[c]) for c in s)
    tens, _, ones = s.partition("十")
    try:
        value = (KANJI_DIGITS[tens] if tens else 1) * 10 + (KANJI_DIGITS[ones] if ones else 0)
    except KeyError:  # 十十 and the like: leave it for the "not understood" list
        return s
    return str(value)


def parse_text(source: str) -> Schedule:
    draft = Draft()
    if len(source) > MAX_CHARS:
        draft.unparsed.append(source[:20] + "…")
        draft.issues.append(_warning(f"日時の記載が長すぎます（{len(source)}文字）。{MAX_CHARS}文字までにして、"
                                     "曜日と時刻だけを書いてください（例: 第1・3火曜 10:00〜12:00）。長すぎる記載は読み取りません"))
        return draft.freeze(source)
    text = normalise(source)
    for bad in re.finditer(r"第\s*(?!\d|最終)(\S{1,4}?)(?=[月火水木金土日]曜|週|$)", text):
        draft.error(f"「{bad.group(0)}」: 「第」のあとは1〜5の数字か「最終」にしてください（例: 第1・3火曜）")
    reader = _Reader(draft)
    pos = 0
    for m in MASTER.finditer(text):
        _gap(draft, text[pos:m.start()])
        reader.feed(m)
        pos = m.end()
    _gap(draft, text[pos:])
    reader.finish()
    return draft.freeze(source)


def _warning(message: str) -> Issue:
    return Issue("warning", message)


def _gap(draft: Draft, gap: str) -> None:
    rest = FILLER_CHARS.sub("", FILLER_WORDS.sub("", gap))
    if rest:
        text = gap.strip(" 、,/;。・")
        if re.fullmatch(r"\([^()]*\)", text):  # （夏休みあり） -> 夏休みあり
            text = text[1:-1].strip()
        draft.unparsed.append(text)


def _numbers(text: str) -> list[int]:
    """'1・3' -> [1, 3]; '1〜3' -> [1, 2, 3]; '第2週と第4週' -> [2, 4]."""
    out: list[int] = []
    for part in re.split(r"[・、,と]", text):
        nums = [int(n) if n.isdigit() else -1 for n in re.findall(r"\d+|最終", part)]
        if "〜" in part and len(nums) == 2 and 0 < nums[0] < nums[1] <= 31:
            out.extend(range(nums[0], nums[1] + 1))
        else:
            out.extend(nums)
    return out


def _weekdays(text: str) -> list[int]:
    text = text.replace("曜日", "").replace("曜", "")
    if text == "平日":
        return [0, 1, 2, 3, 4]
    if text.startswith("土日"):
        return [5, 6]
    chars = [c for c in text if c in WEEKDAY_KANJI]
    if "〜" in text and len(chars) == 2:
        a, b = WEEKDAY_KANJI.index(chars[0]), WEEKDAY_KANJI.index(chars[1])
        return list(range(a, b + 1)) if a <= b else list(range(a, 7)) + list(range(b + 1))
    return sorted({WEEKDAY_KANJI.index(c) for c in chars})


class _Reader:
    """Turns tokens into rules. A time applies to the rules read since the previous time
    (第1水曜 13:30〜15:00、毎週金曜 10:00〜11:00) or, if none are waiting, to the next rules."""

    def __init__(self, draft: Draft):
        self.d = draft
        self.months: tuple[int, ...] = ()
        self.months_raw = ""
        self.waiting: list[int] = []  # rule indexes without a time yet
        self.last_group: list[int] = []
        self.held: dict | None = None  # a time read before any rule
        self.prev = ""

    def feed(self, m: re.Match) -> None:
        kind = next(name for name, _ in TOKENS if m.group(f"T_{name}") is not None)
        raw = m.group(0).strip()
        handler = getattr(self, f"_{kind}")
        if handler(m, raw) is not False:
            self.d.understood.append(raw)
        self.prev = kind

    def finish(self) -> None:
        if self.months_raw:  # 10月と12月の… with no day: the months alone say nothing actionable
            self.d.unparsed.append(self.months_raw)
            self.d.understood.remove(self.months_raw)
        if self.held and not self.d.rules:
            return  # a time with no day: understood, but no rule (status partial)
        for i, r in enumerate(self.d.rules):
            months = [x for x in (r.bymonth or ALL_MONTHS) if x not in self.d.closed_months]
            if not months:
                self.d.error("休みの月を除くと、開かれる月がありません")
            elif self.d.closed_months and r.bymonth:
                self.d.rules[i] = replace(r, bymonth=tuple(months))

    # -- rules ---------------------------------------------------------------
    def _add(self, rules: list[Rule]) -> None:
        if self.months:
            rules = [replace(r, bymonth=self.months) for r in rules]
            self.months, self.months_raw = (), ""
        start = len(self.d.rules)
        self.d.rules.extend(rules)
        group = list(range(start, len(self.d.rules)))
        if self.held:
            for i in group:
                self.d.rules[i] = replace(self.d.rules[i], **self.held)
            self.last_group = group
        else:
            self.waiting.extend(group)
            self.last_group = group

    def _weekly(self, m, raw, interval=1, key="w"):
        days = _weekdays(m.group(key))
        if not days:
            return False
        self._add([Rule("WEEKLY", interval, tuple(WEEKDAY_CODES[d] for d in days))])

    def _biweekly(self, m, raw):
        return self._weekly(m, raw, 2, "bw")

    def _weekday(self, m, raw):
        return self._weekly(m, raw, 1, "bare")

    def _daily(self, m, raw):
        self._add([Rule("WEEKLY", 1, WEEKDAY_CODES)])

    def _ordinal(self, m, raw):
        ords = _numbers(m.group("ords"))
        bad = [n for n in ords if n == 0 or n > 5]
        if bad:
            self.d.error(f"「{raw}」: 第{bad[0]}週はありません。第1〜第5か「最終」で書いてください")
            return False
        days = _weekdays(m.group("ow"))
        byday = tuple(f"{n}{WEEKDAY_CODES[d]}" for d in days for n in sorted(set(ords), key=lambda n: (n < 0, n)))
        self._add([Rule("MONTHLY", 1, byday)])

    def _lastwd(self, m, raw):
        days = _weekdays(m.group("lw"))
        self._add([Rule("MONTHLY", 1, tuple(f"-1{WEEKDAY_CODES[d]}" for d in days))])

    def _monthday(self, m, raw, key="md"):
        text = m.group(key)
        days = [-1 if "末" in p else int(re.sub(r"\D", "", p)) for p in re.split(r"[・、,と]", text) if p.strip()]
        bad = [n for n in days if n == 0 or n > 31]
        if bad:
            self.d.error(f"「{raw}」: {bad[0]}日はありません。1〜31日か「末日」で書いてください")
            return False
        self._add([Rule("MONTHLY", 1, (), (), tuple(days))])

    def _monthend(self, m, raw):
        self._add([Rule("MONTHLY", 1, (), (), (-1,))])

    def _mdaybare(self, m, raw):
        if not self.months:  # 15日 with no 毎月 or month before it: a single date, not a rule
            self.d.unparsed.append(raw)
            return False
        return self._monthday(m, raw, "mdb")

    def _parity(self, m, raw):
        self.months = (1, 3, 5, 7, 9, 11) if m.group("par") == "奇数" else (2, 4, 6, 8, 10, 12)
        self.months_raw = raw

    def _months(self, m, raw):
        months = _numbers(m.group("ml"))
        bad = [n for n in months if not 1 <= n <= 12]
        if bad:
            self.d.error(f"「{raw}」: {bad[0]}月はありません")
            return False
        self.months, self.months_raw = tuple(sorted(set(months))), raw

    # -- exceptions and dates ------------------------------------------------
    def _holiday(self, m, raw):
        self.d.closed_on_holidays = True

    def _yearend(self, m, raw):
        self.d.closed_year_end = True

    def _monthsoff(self, m, raw):
        months = _numbers(m.group("off"))
        bad = [n for n in months if not 1 <= n <= 12]
        if bad:
            self.d.error(f"「{raw}」: {bad[0]}月はありません")
            return False
        self.d.closed_months.update(months)

    def _date(self, m, raw):
        y, mo, d = (m.group("y"), m.group("mo"), m.group("d")) if m.group("y") or m.group("mo") else (
            m.group("iy"), m.group("imo"), m.group("id"))
        try:
            day = date(int(y), int(mo), int(d))
        except (TypeError, ValueError):
            self.d.error(f"「{raw}」: その日付はありません（例: 2026年1月8日から）")
            return False
        targets = [i for i, r in enumerate(self.d.rules) if r.interval > 1 and not r.dtstart]
        if targets:
            for i in targets:
                self.d.rules[i] = replace(self.d.rules[i], dtstart=day.isoformat())
        else:
            self.d.valid_from = day.isoformat()

    # -- times ---------------------------------------------------------------
    def _time(self, m, raw):
        opens = _clock_value(m, 1)
        closes = _clock_value(m, 2, after=opens) if m.group("h2") or m.group("noon2") else None
        for value, label in ((opens, raw), (closes, raw)):
            if value is not None and isinstance(value, str) and value.startswith("!"):
                self.d.error(f"「{label}」: {value[1:]}")
                return False
        if closes and opens and closes <= opens:
            self.d.error(f"「{raw}」: 終わりの時刻が始まりの時刻より前です（例: 13:00〜15:00）")
            return False
        self._apply_time({"opens_at": opens or "", "closes_at": closes or ""})

    def _pod(self, m, raw):
        self._apply_time({"part_of_day": "am" if m.group("pod").startswith("午前") else "pm"})

    def _apply_time(self, values: dict) -> None:
        if self.waiting:
            for i in self.waiting:
                self.d.rules[i] = replace(self.d.rules[i], **values)
            self.waiting = []
        elif self.prev == "time" and self.last_group and "opens_at" in values:
            # 第1水曜 10:00〜12:00・13:00〜15:00: a second session on the same days
            start = len(self.d.rules)
            self.d.rules.extend(replace(self.d.rules[i], **values) for i in self.last_group)
            self.last_group = list(range(start, len(self.d.rules)))
        elif self.d.rules and self.prev not in ("time", "pod"):
            # 毎週火曜、祝日は休み、10時〜12時: a time after an exception still belongs to the rules before
            for i in self.last_group:
                self.d.rules[i] = replace(self.d.rules[i], **values)
        else:
            self.held = values


def _clock_value(m: re.Match, n: int, after: str | None = None) -> str | None:
    """'午後1時半' -> '13:30'; errors come back as '!message'."""
    if m.group(f"noon{n}"):
        return "12:00"
    ap, hour, minute = m.group(f"ap{n}"), int(m.group(f"h{n}")), m.group(f"m{n}") or m.group(f"mm{n}")
    minutes = 30 if m.group(f"half{n}") else int(minute or 0)
    if not ap and n == 2 and m.group("ap1") == "午後" and hour < 12:
        ap = "午後"  # 午後1時〜3時
    if ap == "午後" and hour < 12:
        hour += 12
    if hour > 24 or (hour == 24 and minutes) or minutes > 59 or (ap and int(m.group(f"h{n}")) > 12):
        shown = f"{m.group(f'h{n}')}時" + (f"{minutes}分" if minutes else "")
        return f"!{shown}という時刻はありません（0:00〜24:00 で書いてください。例: 10:00〜12:00）"
    return f"{hour:02d}:{minutes:02d}"
