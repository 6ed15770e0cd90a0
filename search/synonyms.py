"""The synonym table (data/synonyms.csv) and query expansion.

The table is data so that a 社協 clerk can add the words residents use. Columns:
`terms` (separated by `;`), `mode`, `note`. Modes:

* `equivalent` – any term of the row expands to all of them (whole query word only).
* `variant`    – spelling variants (子ども/こども/子供): like `equivalent`, and also
                 replaced *inside* a longer word (子供食堂 → 子ども食堂, こども食堂).
* `oneway`     – the first term expands to the others, not back (包括 → 地域包括支援センター).

Terms are compared after `analysis.normalize`, so ｻﾛﾝ finds the サロン row.
Expansion is an OR over the variants; the searcher scores the variants a little
below the word actually typed.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .analysis import normalize

MAX_VARIANTS = 12  # a word never expands to more than this (keeps queries small)


@dataclass(frozen=True)
class SynonymGroup:
    terms: tuple[str, ...]
    mode: str


class Synonyms:
    def __init__(self, groups: list[SynonymGroup]):
        self.groups = groups
        # normalised term -> the terms it expands to (itself excluded)
        self._whole: dict[str, list[str]] = {}
        self._variants: list[tuple[str, list[str]]] = []  # (normalised term, its variants)
        for g in groups:
            keys = [normalize(t) for t in g.terms]
            sources = keys[:1] if g.mode == "oneway" else keys
            for k in sources:
                targets = [t for t in g.terms if normalize(t) != k]
                self._whole.setdefault(k, [])
                self._whole[k] += [t for t in targets if t not in self._whole[k]]
            if g.mode == "variant":
                for k in keys:
                    self._variants.append((k, [t for t in g.terms if normalize(t) != k]))
        # longest first, so 子ども食堂 is seen before 子ども
        self._variants.sort(key=lambda kv: -len(kv[0]))

    @classmethod
    def load(cls, path: Path) -> Synonyms:
        groups = []
        if path.exists():
            with path.open(encoding="utf-8-sig", newline="") as fh:
                for row in csv.DictReader(fh):
                    terms = tuple(t.strip() for t in (row.get("terms") or "").split(";") if t.strip())
                    mode = (row.get("mode") or "equivalent").strip()
                    if len(terms) >= 2 and mode in ("equivalent", "variant", "oneway"):
                        groups.append(SynonymGroup(terms, mode))
        return cls(groups)

    def expand(self, word: str) -> list[str]:
        """Other ways of writing `word` (normalised strings, `word` itself excluded)."""
        base = normalize(word)
        found: list[str] = []

        def add(term: str) -> None:
            n = normalize(term)
            if n != base and n not in found and len(found) < MAX_VARIANTS:
                found.append(n)

        for t in self._whole.get(base, ()):
            add(t)
        # spelling variants inside the word, then whole-word synonyms of the result
        for key, others in self._variants:
            if key in base and key != base:
                for other in others:
                    replaced = base.replace(key, normalize(other))
                    add(replaced)
                    for t in self._whole.get(replaced, ()):
                        add(t)
        return found

    def variants(self, word: str) -> list[str]:
        """Spelling variants only (`variant` rows, also inside the word): 車椅子の貸出 → 車いすの貸出."""
        base = normalize(word)
        found: list[str] = []
        for key, others in self._variants:
            if key in base:
                for other in others:
                    v = base.replace(key, normalize(other))
                    if v != base and v not in found:
                        found.append(v)
        return found

    def terms(self) -> list[str]:
        """Every term in the table (for the suggestion vocabulary)."""
        return [t for g in self.groups for t in g.terms]
