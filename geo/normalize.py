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

from tsunagu.text import DASHES, NO_FORMS, WHITESPACE_CONTROLS, controls_in, fold_match, fold_variants, name_key, nfkc

MAX_LEN = 200  # longer than any real address + building; more is a paste accident or abuse

# Every dash-like character people (and IMEs) produce between numbers: the one table in tsunagu.text.
_DASHES = DASHES
# ー (長音符) is also a dash when it sits between digits (４ー１６ー１０), but not in ハイツ.
_CHOUON = "ー"

# 旧字体 / 異体字 and the kana families (ヶ/ケ/が/ガ, 之/ノ/丿/の, ッ/ツ) come from the one
# table shared with search (tsunagu.text); it stays 1 character → 1 character.
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
    if controls_in(text, allow=WHITESPACE_CONTROLS):  # whitespace controls collapse to a space below
        raise BadInput("入力に制御文字などの見えない文字が含まれています。住所を打ち直してください。")
    s = nfkc(text)
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
    s = fold_variants(s)  # 棧敷戸 → 桟敷戸 also in what we show
    # Dashes: every dash-like character becomes '-'; ー only between digits/kanji numerals.
    s = re.sub(f"[{re.escape(_DASHES)}]", "-", s)
    s = re.sub(rf"(?<=[0-9{KANJI_NUM_CHARS}])\s*{_CHOUON}\s*(?=[0-9{KANJI_NUM_CHARS}])", "-", s)
    # 1ノ3, 四ノ二ノ三五: ノ/之/丿 between numbers separate them like a dash.
    s = re.sub(rf"(?<=[0-9{KANJI_NUM_CHARS}])[{NO_FORMS.replace('の', '')}](?=[0-9{KANJI_NUM_CHARS}])", "-", s)
    s = re.sub(r"\s*-\s*", "-", s)
    # Spaces between Japanese characters carry no meaning in an address (逗子市 新宿 4-2).
    s = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f0-9])", "", s)
    s = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[0-9])", "", s)
    s = re.sub(r"(?<=[0-9])\s+(?=[0-9])", "-", s)  # "4 2 35" typed with spaces
    return s


def fold(s: str) -> str:
    """1:1 folding for name matching (never shown to users): see tsunagu.text.fold_match."""
    return fold_match(s)


def fold_name(s: str) -> str:
    """Fold a reference name (NFKC first, since data files may hold full-width forms)."""
    return name_key(s)


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
# Not after a digit (5十五番館 is 5 + a building name) and not in 十五番館 / 三号棟.
_KANJI_RUN = re.compile(
    rf"(?<![第0-9])[{KANJI_NUM_CHARS}]+(?=丁目|丁|番地|番(?!館)|号(?![館棟])|地割|-|の[0-9{KANJI_NUM_CHARS}]|$|\s|\()"
)


def kanji_numbers_to_digits(s: str) -> str:
    def repl(m: re.Match) -> str:
        n = kanji_to_int(m.group(0))
        return str(n) if n is not None else m.group(0)
    return _KANJI_RUN.sub(repl, s)


# Text around an address that is not part of it: a leading note in brackets ((前期),
# 【自宅】), quotes around the whole address, and a trailing まで / あたり (「新宿4丁目あたり」).
_OPEN, _CLOSE = "([【〔{<《〈「『", ")]】〕}>》〉」』"
_LEAD_NOTE = re.compile(rf"^[{re.escape(_OPEN)}]([^{re.escape(_CLOSE)}]{{1,20}})[{re.escape(_CLOSE)}]\s*")
_QUOTES = {"「": "」", "『": "』", '"': '"', "“": "”", "'": "'", "‘": "’"}
_TRAILING = re.compile(r"\s*(まで|迄|あたり|辺り|付近|周辺)\s*$")


def strip_notes(text: str) -> tuple[str, list[str]]:
    """(address, notes): what surrounds the address is dropped, and each drop is noted."""
    if not isinstance(text, str):
        return text, []
    s, notes = nfkc(text).strip(), []
    for _ in range(3):  # 「（前期）新宿4丁目まで」: several layers, in any order
        before = s
        if len(s) > 2 and _QUOTES.get(s[0]) == s[-1]:
            s = s[1:-1].strip()
            notes.append("住所を囲むかぎかっこ・引用符は外して読みました。")
        m = _LEAD_NOTE.match(s)
        if m and m.end() < len(s):
            s = s[m.end():]
            notes.append(f"先頭の「{m.group(0).strip()}」は住所ではないため読み飛ばしました。")
        m = _TRAILING.search(s)
        if m and m.start() > 0:
            s = s[:m.start()]
            notes.append(f"最後の「{m.group(1)}」は読み飛ばしました。")
        if s == before:
            break
    return s, notes
