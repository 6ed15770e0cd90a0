"""Read Japanese recurrence text (第1・3火曜 10:00〜12:00、祝日は休み) into a `Schedule`.

The text is normalised (NFKC, kanji numerals, dashes), then scanned left to right for known pieces
(day rules, times, exceptions, start dates). Whatever lies between the pieces and is not a filler word
is kept as "not understood" and quoted back: nothing is guessed.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from .schedule_dates import has_dates
from .schedule_lex import (
    ALL_MONTHS,
    FILLER_CHARS,
    FILLER_WORDS,
    MASTER,
    MAX_CHARS,
    TOKENS,
    clock_value,
    normalise,
    numbers_in,
    weekdays_in,
)
from .schedule_model import WEEKDAY_CODES, Draft, Issue, Rule, Schedule


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
    while (m := MASTER.search(text, pos)) is not None:
        gap = text[pos:m.start()]
        _gap(draft, gap)
        pos = m.end()
        kind = next(name for name, _ in TOKENS if m.group(f"T_{name}") is not None)
        after = CLOSED_AFTER.match(text, pos) if kind in RULE_KINDS else None
        if after and after.group("j") == "、" and kind == "weekly":
            after = None  # 毎週火曜、祝日は休み: two statements, the first a meeting day
        if after or (kind in RULE_KINDS and CLOSED_BEFORE.search(gap)):
            # 月曜休館, 休館日: 月曜, 第3火曜は休み: days it does NOT meet. Never read as meeting days.
            end = after.end() if after else pos
            _closed_days(draft, kind, m, text[m.start():end].strip())
            pos = end
            continue
        reader.feed(m, kind)
    _gap(draft, text[pos:])
    reader.finish()
    return draft.freeze(source)


RULE_KINDS = {"weekly", "biweekly", "daily", "ordinal", "lastwd", "monthday", "monthend", "weekday", "mdaybare"}
# 日曜・祝日は休み, 土日祝日を除く (joined without a space: 「毎週火曜 祝日は休み」 is two statements)
CLOSED_AFTER = re.compile(r"(?:(?P<j>[・、])?(?:祝日|祭日|祝祭日|休日|祝))?(?:\s*[・、]\s*年末年始)?\s*(?:は|を|も)?\s*"
                          r"(?:お?休み|休館|休会|休業|休止|休講|閉館|閉所|除く|中止|なし|定休)")
CLOSED_BEFORE = re.compile(r"(?:休館日|休業日|定休日|休所日|休館|休み|除く)\s*[:：は]?\s*$")


def _closed_days(draft: Draft, kind: str, m: re.Match, fragment: str) -> None:
    """日曜・祝日は休み / 月曜休館 close whole weekdays (and maybe holidays, 年末年始); anything
    else said to be closed (第3火曜は休み) cannot be modelled and stays text."""
    if kind not in ("weekday", "weekly") or "、祝" in fragment:
        draft.unparsed.append(fragment)  # 火曜日、祝日は休み: closed on Tuesdays, or meets then? Not guessed.
        return
    draft.closed_weekdays.update(weekdays_in(m.group("bare") or m.group("w")))
    draft.closed_on_holidays = draft.closed_on_holidays or bool(re.search(r"祝|祭日", fragment))
    draft.closed_year_end = draft.closed_year_end or "年末年始" in fragment
    draft.understood.append(fragment)


def _warning(message: str) -> Issue:
    return Issue("warning", message)


def _gap(draft: Draft, gap: str) -> None:
    rest = FILLER_CHARS.sub("", FILLER_WORDS.sub("", gap))
    if rest:
        text = gap.strip(" 、,/;。・")
        if re.fullmatch(r"\([^()]*\)", text):  # （夏休みあり） -> 夏休みあり
            text = text[1:-1].strip()
        draft.unparsed.append(text)


class _Reader:
    """Turns tokens into rules. A time applies to the rules read since the previous time
    (第1水曜 13:30〜15:00、毎週金曜 10:00〜11:00) or, if none are waiting, to the next rules."""

    def __init__(self, draft: Draft):
        self.d = draft
        self.months: tuple[int, ...] = ()
        self.months_raw = ""
        self.months_at = 0
        self.waiting: list[int] = []  # rule indexes without a time yet
        self.last_group: list[int] = []
        self.held: dict | None = None  # a time read before any rule
        self.prev = ""

    def feed(self, m: re.Match, kind: str) -> None:
        raw = m.group(0).strip()
        handler = getattr(self, f"_{kind}")
        if handler(m, raw) is not False:
            self.d.understood.append(raw)
        self.prev = kind

    def finish(self) -> None:
        if self.months_raw:  # 10月と12月の… with no day: the months alone say nothing actionable
            self.d.unparsed.insert(self.months_at, self.months_raw)
            self.d.understood.remove(self.months_raw)
        if self.held and not self.d.rules:
            return  # a time with no day: understood, but no rule (status partial)
        self._drop_closed_weekdays()
        for i, r in enumerate(self.d.rules):
            months = [x for x in (r.bymonth or ALL_MONTHS) if x not in self.d.closed_months]
            if not months:
                self.d.error("休みの月を除くと、開かれる月がありません")
            elif not has_dates(r, self.d.closed_months):
                self.d.error("書かれた月・曜日・日にちの組み合わせに当たる日がありません（休みの月や日にちを確かめてください）")
            elif self.d.closed_months and r.bymonth:
                self.d.rules[i] = replace(r, bymonth=tuple(months))

    def _drop_closed_weekdays(self) -> None:
        """毎日 9時〜17時（日曜・祝日は休み）: a weekly rule loses the closed weekdays."""
        closed = self.d.closed_weekdays
        if not closed:
            return
        for i, r in enumerate(self.d.rules):
            days = r.weekdays()
            if r.freq == "WEEKLY" and r.interval == 1:
                kept = tuple(code for code in r.byday if WEEKDAY_CODES.index(code[-2:]) not in closed)
                if not kept:
                    self.d.error("休みの曜日を除くと、開かれる曜日がありません")
                self.d.rules[i] = replace(r, byday=kept)
            elif set(days) & closed:
                self.d.error("開く曜日と休みの曜日が重なっています（どちらかを直してください）")

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
        days = weekdays_in(m.group(key))
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
        ords = numbers_in(m.group("ords"))
        bad = [n for n in ords if n == 0 or n > 5]
        if bad:
            self.d.error(f"「{raw}」: 第{bad[0]}週はありません。第1〜第5か「最終」で書いてください")
            return False
        days = weekdays_in(m.group("ow"))
        byday = tuple(f"{n}{WEEKDAY_CODES[d]}" for d in days for n in sorted(set(ords), key=lambda n: (n < 0, n)))
        self._add([Rule("MONTHLY", 1, byday)])

    def _lastwd(self, m, raw):
        days = weekdays_in(m.group("lw"))
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
        # 奇数月の15日 recurs; 12月9日 or 15日 alone is a single date, not a rule: never made one
        if not self.months or not self.months_raw.startswith(("奇数", "偶数")):
            self.d.unparsed.append(raw)
            return False
        return self._monthday(m, raw, "mdb")

    def _parity(self, m, raw):
        self.months = (1, 3, 5, 7, 9, 11) if m.group("par") == "奇数" else (2, 4, 6, 8, 10, 12)
        self.months_raw, self.months_at = raw, len(self.d.unparsed)

    def _months(self, m, raw):
        months = numbers_in(m.group("ml"))
        bad = [n for n in months if not 1 <= n <= 12]
        if bad:
            self.d.error(f"「{raw}」: {bad[0]}月はありません")
            return False
        self.months, self.months_raw, self.months_at = tuple(sorted(set(months))), raw, len(self.d.unparsed)

    # -- exceptions and dates ------------------------------------------------
    def _holiday(self, m, raw):
        self.d.closed_on_holidays = True

    def _holidaynext(self, m, raw):
        self.d.holiday_next_day = True

    def _yearend(self, m, raw):
        self.d.closed_year_end = True

    def _monthsoff(self, m, raw):
        months = numbers_in(m.group("off"))
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
        opens = clock_value(m, 1)
        closes = clock_value(m, 2, after=opens) if m.group("h2") or m.group("noon2") else None
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
