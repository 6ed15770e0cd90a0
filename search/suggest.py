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

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .analysis import normalize, reading_key

MAX_CANDIDATES = 3


class Suggester:
    """Suggestions from one vocabulary list (a city's, or the national one)."""

    def __init__(self, rows: list):
        self.rows = rows
        # the columns the distances are computed on, once (rapidfuzz compares a whole column in C)
        self._norms = [r[1] for r in rows]
        self._readings = [r[2].replace(" ", "") if r[2] else "" for r in rows]

    @classmethod
    def load(cls, path: Path) -> Suggester:
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
        lt = max(1, len(norm) // 3)
        lr = max(1, len(rkey) // 3)
        # index -> distance of every row within the limit (spelling, then reading)
        near = {i: d for _, d, i in process.extract(norm, self._norms, scorer=Levenshtein.distance,
                                                    score_cutoff=lt, limit=None)}
        if len(rkey) >= 3:
            for _, d, i in process.extract(rkey, self._readings, scorer=Levenshtein.distance,
                                           score_cutoff=lr, limit=None):
                if self._readings[i]:
                    near[i] = min(d, near.get(i, d))
        scored: list[tuple[int, int, str]] = []
        for i, d in near.items():
            surface, s_norm, _, count = rows[i]
            if s_norm != norm:  # the word itself had no results (e.g. other filters)
                scored.append((d, -count, surface))
        scored.sort()
        out: list[str] = []
        for _, _, surface in scored:
            if surface not in out:
                out.append(surface)
            if len(out) >= MAX_CANDIDATES:
                break
        return out
