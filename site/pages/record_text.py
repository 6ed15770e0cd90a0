"""A record's own text for the reader's language (issue 30.2): English or やさしい日本語 where staff wrote it,
else the Japanese with its reading beside it — romaji made from the kana we hold (the record's
`name_kana`; for places and addresses the town tables' kana, search/known_readings.py), never a
machine translation.
"""
from __future__ import annotations

import re

import jaconv

from tsunagu.search.furigana import Furigana, has_kanji, hira, name_words

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
    """The record's name in romaji: from its hand-checked name_kana when it has one, cut into words where
    Sudachi's words of the name read exactly as that kana (くらしと福祉の相談窓口 → Kurashi to Fukushi no
    Soudan Madoguchi); otherwise the kana as written, in one piece, rather than a guessed cut."""
    if not name_kana:
        return reading_romaji(name, furigana)
    names, kanas = name.split(), name_kana.split()
    if len(names) != len(kanas):
        names, kanas = [name], [name_kana]
    return " ".join(_part_romaji(n, k) for n, k in zip(names, kanas, strict=True))


_PARTICLES = set("のとにをへがや")  # one-kana particles between a name's words: small letters (Kurashi to Fukushi)
_ENDINGS = set("でも")  # ends of the word before (なんでも → Nandemo, not Nan de Mo)
_NOT_KANA = re.compile(r"[^\u3041-\u309fー]")


def _part_romaji(name: str, kana: str) -> str:
    words = [(surface, _NOT_KANA.sub("", reading)) for surface, reading in name_words(name)]
    words = [(surface, reading) for surface, reading in words if reading]
    if "".join(reading for _, reading in words) != _NOT_KANA.sub("", hira(kana)):
        return romaji(kana)  # Sudachi reads it otherwise: the held kana whole
    out: list[str] = []
    for surface, reading in words:
        if surface in _ENDINGS and out and out[-1] not in _PARTICLES:
            out[-1] += reading
        else:
            out.append(surface if surface in _PARTICLES else reading)
    return " ".join(jaconv.kana2alphabet(w) if w in _PARTICLES else romaji(w) for w in out)
