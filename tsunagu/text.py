"""The one folding table for Japanese text, shared by data, geo and search.

Every map here is 1 character → 1 character, so a folded string keeps the indexes of
the original (the address parser cuts the remainder off the original after matching
on the folded text).

* `OLD_FORMS`: 旧字体 / 異体字 → the form most data uses (榮 → 栄, 﨑 → 崎, 巿 → 市).
  NFKC does not fold these: they are distinct characters, not compatibility ones.
* `fold_variants()`: only `OLD_FORMS`; safe for text shown back to people.
* `fold_match()`: for matching names only, never shown: `OLD_FORMS`, hiragana →
  katakana, small kana → large (四ッ屋 = 四ツ屋), the ヶ family → ケ
  (ヶ/ヵ/ケ/が/ガ: 亀ヶ岡 = 亀が岡), and the の family → の (之/ノ/丿/の: 壇之浦 = 壇ノ浦).
* `nfkc()`: widths and compatibility forms (ｻﾛﾝ → サロン, ４ → 4).
* Control characters (`is_control`, `controls_in`, `strip_controls`): one definition —
  the Unicode categories of characters nobody can see or type on purpose (C0/C1 controls,
  format characters such as zero-width space and BOM, surrogates, private use, unassigned,
  line/paragraph separators). Data cells refuse them, the address form refuses them, search
  drops them; each caller says which whitespace controls (tab, newline) it lets through.
* Kana tables (`KATA_TO_HIRA`, `SMALL_KANA`/`LARGE_KANA`, `to_hiragana`): the 1:1 maps search
  and geo build their foldings from.
"""
from __future__ import annotations

import re
import unicodedata

# Keep the table small and certain; add a character when a real name needs it.
OLD_FORMS = {
    "棧": "桟", "澤": "沢", "邊": "辺", "邉": "辺", "齋": "斎", "齊": "斎", "髙": "高",
    "斉": "斎", "﨑": "崎", "嵜": "崎", "國": "国", "會": "会", "學": "学", "濱": "浜", "濵": "浜",
    "廣": "広", "櫻": "桜", "眞": "真", "嶋": "島", "嶌": "島", "德": "徳", "惠": "恵", "壽": "寿",
    "實": "実", "萬": "万", "瀧": "滝", "澁": "渋", "藏": "蔵", "圓": "円", "舘": "館",
    "龍": "竜", "槇": "槙", "檜": "桧", "條": "条", "峯": "峰", "莊": "荘", "冨": "富",
    "靜": "静", "淺": "浅", "關": "関", "驛": "駅", "縣": "県", "區": "区",
    "鄕": "郷", "惡": "悪", "禮": "礼", "祕": "秘", "與": "与",
    "榮": "栄", "瀨": "瀬", "巿": "市",  # 巿 (U+5DFF, ふつ) is typed for 市 by some IMEs
}
_OLD_TABLE = str.maketrans(OLD_FORMS)

# The ヶ family (read か/が/け in place names) and the の family (之 in 壇之浦, 丿 in OCR).
KE_FORMS = "ヶヵゖゕケがガ"
NO_FORMS = "之ノ丿の"
_SMALL = "ァィゥェォッャュョヮ"
_LARGE = "アイウエオツヤユヨワ"


def _match_table() -> dict[int, str]:
    table = {ord(k): v for k, v in OLD_FORMS.items()}
    for code in range(0x3041, 0x3097):  # hiragana → katakana
        table[code] = chr(code + 0x60)
    for small, large in zip(_SMALL, _LARGE, strict=True):
        table[ord(small)] = large
        table[ord(small) - 0x60] = large  # ぁ → ア, っ → ツ
    for ch in KE_FORMS:
        table[ord(ch)] = "ケ"
    for ch in NO_FORMS:
        table[ord(ch)] = "の"
    return table


_MATCH_TABLE = _match_table()


def fold_variants(s: str) -> str:
    """旧字体 / 異体字 → common form (1:1); for text that is shown back."""
    return s.translate(_OLD_TABLE)


def fold_match(s: str) -> str:
    """1:1 folding for comparing names (never shown)."""
    return s.translate(_MATCH_TABLE)


def name_key(s: str) -> str:
    """A place name as compared everywhere (town table, validator, address parser): NFKC,
    no spaces, then `fold_match` (櫻山 = 桜山, 亀ヶ岡 = 亀が岡, 壇之浦 = 壇ノ浦)."""
    return fold_match(unicodedata.normalize("NFKC", s or "").replace(" ", ""))


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s or "")


# -- control characters ------------------------------------------------------------------
CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Whitespace that is a control character: a caller that collapses whitespace may let these in.
WHITESPACE_CONTROLS = "\t\n\r\u2028\u2029"


def is_control(ch: str) -> bool:
    return unicodedata.category(ch) in CONTROL_CATEGORIES


def controls_in(text: str, allow: str = "") -> list[str]:
    """The control characters in `text` (in order of appearance, once each), except those in `allow`."""
    # isprintable() is False for every control category (and for spaces other than " "): a
    # C-speed test that lets the common case skip the per-character loop.
    if text.isprintable():
        return []
    return list(dict.fromkeys(ch for ch in text if ch not in allow and is_control(ch)))


def strip_controls(text: str, keep: str = "") -> str:
    """`text` without its control characters, except those in `keep`."""
    text = text or ""
    if text.isprintable():
        return text
    return "".join(ch for ch in text if ch in keep or not is_control(ch))


class _Controls:
    """`CONTROLS.search(text)`: re-like, for callers that test a cell as they would with a pattern."""

    def search(self, text: str) -> str | None:
        found = controls_in(text)
        return found[0] if found else None


CONTROLS = _Controls()


# -- kana ---------------------------------------------------------------------------------
# Katakana ァ(30A1)..ヶ(30F6) have hiragana at -0x60 (ヷヸヹヺ have none and stay).
KATA_TO_HIRA = {c: c - 0x60 for c in range(0x30A1, 0x30F7)}
# Small → large, both scripts. ゖ/ヶ are left out: they belong to the ヶ family, which each
# folding decides for itself (search: が, name matching: ケ).
SMALL_KANA = "ぁぃぅぇぉっゃゅょゎゕ" + _SMALL
LARGE_KANA = "あいうえおつやゆよわか" + _LARGE


def to_hiragana(s: str) -> str:
    """Katakana → hiragana, 1:1 (ー and ヷヸヹヺ stay)."""
    return s.translate(KATA_TO_HIRA)


# -- dashes -------------------------------------------------------------------------------
# Every dash-like character people (and IMEs) type between numbers (the address parser, phones, lists).
DASHES = "-‐‑‒–—―−－ｰ─━﹣"
_DASH_TABLE = {ord(ch): "-" for ch in DASHES}


def fold_dashes(s: str) -> str:
    """桜山5－3－1 → 桜山5-3-1 (1:1)."""
    return (s or "").translate(_DASH_TABLE)


# -- what spreadsheets type ----------------------------------------------------------------
# 全角 digits and Latin letters, and 半角 kana, are typing habits, not meaning: a cell from a
# spreadsheet is folded to the forms the data uses. Japanese punctuation （）・、 is kept as typed.
_WIDE_ALNUM = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
               for c in range(r[0], r[1] + 1)}
# CP932 reads the 〜 a person typed (WAVE DASH) as ～ (FULLWIDTH TILDE): give it back as typed.
_WIDE_ALNUM[0xFF5E] = 0x301C


def fold_typing(s: str) -> str:
    """０-９Ａ-Ｚａ-ｚ → ASCII, ｻﾛﾝ → サロン (NFKC on 半角 kana only), ～ → 〜; everything else as typed."""
    s = (s or "").translate(_WIDE_ALNUM)
    if any("\uff61" <= ch <= "\uff9f" for ch in s):
        out, run = [], []
        for ch in s + "\0":
            if "\uff61" <= ch <= "\uff9f":
                run.append(ch)
                continue
            if run:
                out.append(unicodedata.normalize("NFKC", "".join(run)))
                run = []
            out.append(ch)
        s = "".join(out[:-1])
    return s


# 和暦: the first year of each era in the Gregorian calendar (元年 = 1).
ERAS = {"令和": 2019, "平成": 1989, "昭和": 1926, "R": 2019, "H": 1989, "S": 1926}
_WAREKI = re.compile(r"(令和|平成|昭和|[RHS])\s*(元|\d{1,2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")


def wareki_to_iso(s: str) -> str | None:
    """「令和6年4月1日」「R6.4.1」「平成31年4月30日」 → 2024-04-01 …; None when `s` holds no such date."""
    m = _WAREKI.search(fold_typing(s or ""))
    if not m:
        return None
    year = ERAS[m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2))) - 1
    return f"{year:04d}-{int(m.group(3)):02d}-{int(m.group(4)):02d}"


def wareki_to_seireki(s: str) -> str:
    """Every 和暦 date in a sentence written as 2025年1月14日 (a form the schedule reader knows)."""
    def one(m: re.Match) -> str:
        year = ERAS[m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2))) - 1
        return f"{year}年{int(m.group(3))}月{int(m.group(4))}日"
    return _WAREKI.sub(one, s or "")


def office_name(municipality: str) -> str:
    """葉山町 → 葉山町役場, 逗子市 → 逗子市役所: the office residents call (役場 for a 町・村, 役所 for a 市・区)."""
    return municipality + ("役場" if municipality.endswith(("町", "村")) else "役所")
