"""The pieces of Japanese schedule text: normalisation, token patterns, numbers, weekdays, clock times."""
from __future__ import annotations

import re

from tsunagu.text import is_control, nfkc

from .schedule_model import WEEKDAY_KANJI

MAX_CHARS = 300

WD = r"[月火水木金土日]"
# A weekday inside a list must not be the 月 of 月1回 / 月末 / 月初め.
WD_ITEM = rf"{WD}(?![\d末初間額謝回])(?:曜日?)?"
WD_LIST = rf"{WD_ITEM}(?:\s*[・、,と]\s*{WD_ITEM})*"
WD_RANGE = rf"{WD}(?:曜日?)?\s*(?:〜|から)\s*{WD}(?:曜日?)?"
WD_ANY = rf"(?:{WD_RANGE}|平日|土日(?:曜日?)?|{WD_LIST})"
# Without 毎週/第N the weekday must say 曜 (月 alone is also "month").
WD_BARE = rf"(?:平日|土日(?=\s*[・、]?\s*(?:祝|は|を|も|休|除))|{WD}曜日?\s*(?:〜|から)\s*{WD}曜日?|土日曜日?|(?:{WD}(?:曜日?)?\s*[・、,と]\s*)*{WD}曜日?)"
ORD = r"(?:第\s*(?:\d+|最終)|最終)\s*週?目?"
ORD_LIST = rf"{ORD}(?:\s*(?:[・、,と]|〜)\s*(?:{ORD}|\d+\s*週?))*"
CLOSED = r"(?:は|を|も|の場合は?)?\s*(?:お?休み|休館|休会|休止|休講|閉館|除く|中止|なし)"


def _clock(n: int) -> str:
    return (rf"(?:(?P<ap{n}>午前|午後)\s*)?(?:(?P<h{n}>\d{{1,3}})\s*(?::\s*(?P<m{n}>\d{{1,2}})"
            rf"|時(?!間)\s*(?:(?P<mm{n}>\d{{1,2}})\s*分|(?P<half{n}>半))?)|(?P<noon{n}>正午))")


TOKENS = [
    ("holidaynext", (r"(?:国民の)?(?:祝祭日|祝休日|祝日|祭日)(?:の場合|のとき|に当たる場合|と重なる場合)?は?\s*翌日(?:に)?"
                    r"(?:開催|実施|振替|振り替え)?")),
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
    r"開催日時|開催日|開催時間|休館日|休業日|定休日|休所日|日時|時間|開催|実施|予定|ごろ|頃|毎回|および|及び|ほか|その他|曜日|曜|から|まで|より|"
    r"[のはにでと]")
FILLER_CHARS = re.compile(r"[\s、,/;。.()（）「」『』【】\[\]※:：・〜=＝]+")
KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ALL_MONTHS = tuple(range(1, 13))


def normalise(text: str) -> str:
    t = nfkc(text)
    t = "".join(" " if ch.isspace() or is_control(ch) else ch for ch in t)  # controls and spaces: one space
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


def numbers_in(text: str) -> list[int]:
    """'1・3' -> [1, 3]; '1〜3' -> [1, 2, 3]; '第2週と第4週' -> [2, 4]."""
    out: list[int] = []
    for part in re.split(r"[・、,と]", text):
        nums = [int(n) if n.isdigit() else -1 for n in re.findall(r"\d+|最終", part)]
        if "〜" in part and len(nums) == 2 and 0 < nums[0] < nums[1] <= 31:
            out.extend(range(nums[0], nums[1] + 1))
        else:
            out.extend(nums)
    return out


def weekdays_in(text: str) -> list[int]:
    text = text.replace("曜日", "").replace("曜", "").replace("から", "〜")
    if text == "平日":
        return [0, 1, 2, 3, 4]
    if text.startswith("土日"):
        return [5, 6]
    chars = [c for c in text if c in WEEKDAY_KANJI]
    if "〜" in text and len(chars) == 2:
        a, b = WEEKDAY_KANJI.index(chars[0]), WEEKDAY_KANJI.index(chars[1])
        return list(range(a, b + 1)) if a <= b else list(range(a, 7)) + list(range(b + 1))
    return sorted({WEEKDAY_KANJI.index(c) for c in chars})


def clock_value(m: re.Match, n: int, after: str | None = None) -> str | None:
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
