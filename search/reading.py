"""Hiragana readings of Japanese text with SudachiPy (for the reading field and queries).

Residents type what they heard: かめがおか for 亀が岡, まーじゃん for 麻雀. The index
keeps a second field of bigrams over readings; this module makes those readings.

* Hand-written `name_kana` in the data always wins for names (Sudachi misreads local
  names: 山の根 → さんのね); this module is for everything else and for queries.
* One `Dictionary` per process (~80 MB), created lazily on first use, so importing
  the search package (and unpickling an index schema) stays cheap.
* One Tokenizer per thread: Sudachi's tokenizer is not thread-safe (FastAPI's thread
  pool produced errors when one was shared).
"""
from __future__ import annotations

import threading
from functools import lru_cache

from sudachipy import Dictionary, SplitMode

from .analysis import normalize

_lock = threading.Lock()
_dictionary = None
_local = threading.local()

# Part-of-speech heads whose reading is not what a person would type.
_SKIP_POS = {"補助記号", "空白"}


def _tokenizer():
    global _dictionary  # noqa: PLW0603 - one Dictionary per process, made on first use
    tok = getattr(_local, "tokenizer", None)
    if tok is None:
        with _lock:
            if _dictionary is None:
                _dictionary = Dictionary()
        tok = _dictionary.create() if not hasattr(_dictionary, "tokenizer") else _dictionary.tokenizer()
        _local.tokenizer = tok
    return tok


def _is_kana_text(text: str) -> bool:
    return all("\u3041" <= ch <= "\u309f" or ch in " ・" for ch in text)


@lru_cache(maxsize=8192)  # queries repeat, and index builds repeat town and venue names
def to_reading(text: str) -> str:
    """Hiragana reading of `text` (normalised; digits and latin letters kept as they are).

    Pure-kana input is returned unchanged: running it through the analyser can only
    make it worse (it would re-segment a reading it already has).
    """
    norm = normalize(text)
    if not norm.strip():
        return ""
    if _is_kana_text(norm):
        return norm
    parts: list[str] = []
    for chunk in norm.split():
        try:
            morphemes = _tokenizer().tokenize(chunk, SplitMode.C)
        except Exception:  # noqa: BLE001 - Sudachi rejects some inputs (e.g. over-long ones): no reading
            parts.append(chunk)
            continue
        out = []
        for m in morphemes:
            surface = m.surface()
            if m.part_of_speech()[0] in _SKIP_POS:
                out.append(" ")
            elif all(not ("\u4e00" <= ch <= "\u9fff") for ch in surface) and not any(
                    "\u30a1" <= ch <= "\u30fa" for ch in surface):
                out.append(surface)  # kana, digits, latin: keep as typed (0円 → 0えん)
            else:
                out.append(m.reading_form())
        parts.append("".join(out))
    return normalize(" ".join(parts))
