"""A record's own text for the reader's language (issue 30.2): English or やさしい日本語 where staff wrote it,
else the Japanese with its reading beside it — romaji made from the kana we hold (the record's
`name_kana`; for places and addresses the town tables' kana, search/known_readings.py), never a
machine translation.
"""
from __future__ import annotations

import re

import jaconv

from tsunagu.search.furigana import Furigana, has_kanji, hira

_KANA = re.compile(r"[\u3041-\u309f\u30a1-\u30faー]")


def romaji(kana: str) -> str:
    """ずしし こつぼ → Zushishi Kotsubo (ー lengthens the vowel before it: せんたー → sentaa)."""
    text = jaconv.kana2alphabet(hira(kana).replace("ー", "-"))
    text = re.sub(r"([aeiou])-", r"\1\1", text)
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


def reading_romaji(text: str, furigana: Furigana | None) -> str:
    """The romaji of a Japanese name or address, word by word (digits, letters and marks as written);
    "" when there is nothing Japanese in it or no reading to give."""
    if not text or furigana is None or not (has_kanji(text) or _KANA.search(text)):
        return ""
    out: list[str] = []
    for surface, reading in furigana.words(text):
        if has_kanji(surface) or _KANA.search(surface):
            if has_kanji(reading) or not reading:
                return ""  # a word Sudachi cannot read: better no reading than half of one
            out.append(romaji(reading))
        elif surface.strip():
            out.append(surface.strip())
    return re.sub(r" ?([-‐－(),（）、。・]) ?", r"\1", " ".join(out)).strip()


def name_romaji(name: str, name_kana: str, furigana: Furigana | None) -> str:
    """The record's name in romaji: from its hand-checked name_kana when it has one."""
    return romaji(name_kana) if name_kana else reading_romaji(name, furigana)
