"""The "もしかして" suggestion: a nearby word from the index's own vocabulary.

When a query finds nothing, we look for the vocabulary word (name parts, whole names
with their hand-written reading, districts, towns, categories, synonym terms; written
by the indexer to vocab.json) closest to the query by edit distance — on the spelling
and on the reading, so さくらやな → 桜山 and 亀が丘 → 亀が岡 both work. Only words within
about a third of the query's length are offered; the searcher then checks that the
suggestion really has results before showing it.
"""
from __future__ import annotations

import json
from pathlib import Path

from .analysis import normalize, reading_key

MAX_CANDIDATES = 3


def levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance, giving up (returning limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        best = i
        for j, cb in enumerate(b, 1):
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            cur.append(v)
            best = min(best, v)
        if best > limit:
            return limit + 1
        prev = cur
    return prev[-1]


class Suggester:
    """Suggestions from one vocabulary list (a city's, or the national one)."""

    def __init__(self, rows: list):
        self.rows = rows

    @classmethod
    def load(cls, path: Path) -> "Suggester":
        try:
            return cls(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return cls([])

    def candidates(self, text: str, reading: str) -> list[str]:
        """Vocabulary words near `text` (or its reading), best first."""
        rows = self.rows
        norm = normalize(text).replace(" ", "")
        rkey = reading_key(reading).replace(" ", "") if reading else ""
        if not norm:
            return []
        scored: list[tuple[int, int, str]] = []
        lt = max(1, len(norm) // 3)
        lr = max(1, len(rkey) // 3)
        use_reading = len(rkey) >= 3
        for surface, s_norm, s_read, count in rows:
            if s_norm == norm:
                continue  # the word itself: it had no results (e.g. other filters)
            d = levenshtein(norm, s_norm, lt)
            if d > lt:
                d = 99
            if use_reading and s_read:
                dr = levenshtein(rkey, s_read.replace(" ", ""), lr)
                if dr <= lr:
                    d = min(d, dr)
            if d < 99:
                scored.append((d, -count, surface))
        scored.sort()
        out: list[str] = []
        for _, _, surface in scored:
            if surface not in out:
                out.append(surface)
            if len(out) >= MAX_CANDIDATES:
                break
        return out
