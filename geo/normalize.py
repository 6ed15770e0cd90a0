"""Text normalisation for addresses as people type them.

Two layers, kept apart on purpose:

* `clean()` rewrites what the user typed into one canonical spelling (widths, dashes,
  spaces). Its output is shown back to the user as `normalized`, so it must stay readable.
* `fold()` is a 1:1 character map used only for *matching* names (ヶ/ケ/が/ガ, ノ/の,
  hiragana/katakana, 旧字体). Because it never changes the length, an index found in
  the folded string is the same index in the cleaned string, so the parser can cut the
  remainder off the cleaned text after a match.

`jaconv.normalize` is deliberately not used: it turns `4-16-10` into `4ー16ー10`.
"""
from __future__ import annotations

import re
import unicodedata

MAX_LEN = 200  # longer than any real address + building; more is a paste accident or abuse

# Every dash-like character people (and IMEs) produce between numbers.
_DASHES = "-‐‑‒–—―−－ｰ─━﹣"
# ー (長音符) is also a dash when it sits between digits (４ー１６ー１０), but not in ハイツ.
_CHOUON = "ー"

# 旧字体 / 異体字 seen in the plans and the reference data, mapped to the form the
# gazetteer uses. Extend when a new one turns up; the map must stay 1 character → 1 character.
_VARIANTS = {
    "棧": "桟",  # 池子字棧敷戸 (plan line 1151) vs 桟敷戸 (GSI)
    "﨑": "崎", "嵜": "崎", "髙": "高", "邊": "辺", "邉": "辺", "澤": "沢",
    "濱": "浜", "濵": "浜", "廣": "広", "國": "国", "櫻": "桜", "冨": "富",
    "德": "徳", "槇": "槙", "眞": "真", "龍": "竜", "瀨": "瀬",
}
# Small-ke variants: 亀ヶ岡 / 亀ケ岡 / 亀が岡 / 亀ガ岡 / 稲村ヶ崎 / 稲村ガ崎 all fold to ケ.
_KE = {"ヶ": "ケ", "ヵ": "ケ", "が": "ケ", "ガ": "ケ", "ケ": "ケ", "ゖ": "ケ", "ゕ": "ケ"}

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
                 "六": 6, "七": 7, "八": 8, "九": 9, "壱": 1, "弐": 2, "参": 3}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000, "拾": 10}
KANJI_NUM_CHARS = "".join(_KANJI_DIGITS) + "".join(_KANJI_UNITS)


class BadInput(ValueError):
    """The text cannot be an address; the message (Japanese) says what to fix."""


# Characters allowed in an address: CJK ideographs, kana, ASCII letters/digits, spaces and
# the punctuation real addresses use. Everything else (emoji, <>, quotes, ;, regex
# metacharacters, control characters) is refused with a message instead of being guessed at.
_ALLOWED = re.compile(
    r"[\u3005\u3006\u3007\u3041-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"0-9A-Za-z \-・、,.()〒々〻○◯]"
)


def check_text(text: object) -> str:
    """Return the NFKC text or raise BadInput with a message the user can act on."""
    if not isinstance(text, str):
        raise BadInput("住所を文字で入力してください。")
    if len(text) > MAX_LEN * 4:
        raise BadInput(f"入力が長すぎます（{len(text)}文字）。住所だけを{MAX_LEN}文字以内で入力してください。")
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in "\t\n\r":
            raise BadInput("入力に制御文字などの見えない文字が含まれています。住所を打ち直してください。")
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"\s+", " ", s).strip()
    if not s:
        raise BadInput("住所が空です。町名と番地を入力してください。")
    if len(s) > MAX_LEN:
        raise BadInput(f"入力が長すぎます（{len(s)}文字）。住所だけを{MAX_LEN}文字以内で入力してください。")
    bad = sorted({ch for ch in s if not _ALLOWED.fullmatch(ch) and ch not in _DASHES + _CHOUON})
    if bad:
        shown = "".join(bad[:5])
        raise BadInput(f"住所に使えない文字（{shown}）が含まれています。漢字・かな・数字だけで住所を入力してください。")
    return s


def clean(text: str) -> str:
    """Canonical spelling: NFKC widths, one kind of dash between numbers, no stray spaces.

    Raises BadInput for text that cannot be an address.
    """
    s = check_text(text)
    s = "".join(_VARIANTS.get(ch, ch) for ch in s)  # 棧敷戸 → 桟敷戸 also in what we show
    # Dashes: every dash-like character becomes '-'; ー only between digits/kanji numerals.
    s = re.sub(f"[{re.escape(_DASHES)}]", "-", s)
    s = re.sub(rf"(?<=[0-9{KANJI_NUM_CHARS}])\s*{_CHOUON}\s*(?=[0-9{KANJI_NUM_CHARS}])", "-", s)
    s = re.sub(r"\s*-\s*", "-", s)
    # Spaces between Japanese characters carry no meaning in an address (逗子市 新宿 4-2).
    s = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f0-9])", "", s)
    s = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[0-9])", "", s)
    s = re.sub(r"(?<=[0-9])\s+(?=[0-9])", "-", s)  # "4 2 35" typed with spaces
    return s


def fold(s: str) -> str:
    """1:1 folding for name matching (never shown to users)."""
    out = []
    for ch in s:
        ch = _VARIANTS.get(ch, ch)
        if "\u3041" <= ch <= "\u3096" and ch not in _KE:  # hiragana → katakana
            ch = chr(ord(ch) + 0x60)
        ch = _KE.get(ch, ch)
        if ch == "ノ":
            ch = "の"  # 篠ノ井 / 篠の井, 山ノ根 / 山の根
        out.append(ch)
    assert len(out) == len(s)
    return "".join(out)


def fold_name(s: str) -> str:
    """Fold a reference name (NFKC first, since data files may hold full-width forms)."""
    return fold(unicodedata.normalize("NFKC", s or "").replace(" ", ""))


def kanji_to_int(s: str) -> int | None:
    """四 → 4, 十六 → 16, 三十五 → 35, 千八百九十二 → 1892, 一八九二 → 1892 (digit by digit)."""
    if not s or any(ch not in _KANJI_DIGITS and ch not in _KANJI_UNITS for ch in s):
        return None
    if not any(ch in _KANJI_UNITS for ch in s):
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in s))
    total, current = 0, 0
    for ch in s:
        if ch in _KANJI_DIGITS:
            current = current * 10 + _KANJI_DIGITS[ch] if current else _KANJI_DIGITS[ch]
        else:
            total += (current or 1) * _KANJI_UNITS[ch]
            current = 0
    return total + current


# A kanji numeral is converted only where it is a number in the address (before 丁目, 番,
# 号, a dash, の + number, or the end), never inside names such as 十二所 or 六連島 —
# and the parser only applies this to the text after the town name anyway.
_KANJI_RUN = re.compile(
    rf"(?<!第)[{KANJI_NUM_CHARS}]+(?=丁目|丁|番地|番|号|地割|-|の[0-9{KANJI_NUM_CHARS}]|$|\s|\()"
)


def kanji_numbers_to_digits(s: str) -> str:
    def repl(m: re.Match) -> str:
        n = kanji_to_int(m.group(0))
        return str(n) if n is not None else m.group(0)
    return _KANJI_RUN.sub(repl, s)


def to_hiragana(s: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in s)
