"""A city's index held in memory, and the query objects of query.py evaluated over it.

Why: a city has a few hundred records, yet each Whoosh search built a tree of matchers
over on-disk tables (term look-ups, block decoding, span checks in Python) for every
part of every concept: 4–10 searches a page, ~2 ms each. The same postings read once
into dicts answer the same queries in microseconds.

The Whoosh index on disk stays the build's product and the single source: a term's
postings (doc numbers, weights, positions) are read from it the first time a query uses
the term and kept for the life of the open city (one build). Scores follow Whoosh's
BM25F exactly as its matchers compute them (same idf, average and per-document field
lengths, boosts; phrase = the sum of its terms' scores over the documents where the
grams stand next to each other in order). Only the order in which a few floats are
added may differ from Whoosh's matcher tree, i.e. scores agree to ~1e-12
(tests/search/test_memindex.py compares every query kind with Whoosh itself).

Supported query types: Term, Phrase, And, Or (DefaultOr), Every, NullQuery — what
query.py and concepts.py build. Anything else raises TypeError (a programming error).
Not thread-safe on its own: the searcher calls it under its lock.
"""
from __future__ import annotations

from math import log

from whoosh.query import And, Every, Or, Phrase, Query, Term
from whoosh.query.qcore import _NullQuery

B = 0.75  # whoosh.scoring.BM25F defaults (the searcher's weighting)
K1 = 1.2
MAX_PHRASES = 20_000  # ~a few MB at most; a city's concept vocabulary needs a few thousand

# (doc numbers, {docnum: score without boost}, {docnum: positions}) of one term
Postings = tuple[tuple[int, ...], dict[int, float], dict[int, frozenset[int]]]
_EMPTY: Postings = ((), {}, {})


class MemIndex:
    def __init__(self, reader):
        self._reader = reader
        self._schema = reader.schema
        self.doc_count = reader.doc_count_all()
        self._all = tuple(reader.all_doc_ids())
        self._postings: dict[tuple[str, str], Postings] = {}
        self._lengths: dict[str, list[int]] = {}
        # A phrase's matches depend only on the index, and the same phrases come back across many
        # different searches (a concept's words, a common name like サロン): worked out once per
        # open city, up to MAX_PHRASES of them (a flood of odd queries cannot grow it further).
        self._phrases: dict[tuple[str, tuple[str, ...]], dict[int, float]] = {}

    # -- postings -------------------------------------------------------------------------

    def postings(self, field: str, text: str) -> Postings:
        key = (field, text)
        p = self._postings.get(key)
        if p is None:
            p = self._load(field, text)
            if p is not _EMPTY:  # only the index's own terms: odd queries must not grow the memo
                self._postings[key] = p
        return p

    def _load(self, field: str, text: str) -> Postings:
        if field not in self._schema:
            return _EMPTY
        fobj = self._schema[field]
        try:
            btext = fobj.to_bytes(text)
        except ValueError:
            return _EMPTY
        reader = self._reader
        if (field, btext) not in reader:
            return _EMPTY
        positional = fobj.format.supports("positions")
        m = reader.postings(field, btext)
        docs, weights, positions = [], [], {}
        while m.is_active():
            d = m.id()
            docs.append(d)
            weights.append(m.weight())
            if positional:
                positions[d] = frozenset(m.value_as("positions"))
            m.next()
        return tuple(docs), self._scores(field, btext, docs, weights), positions

    def _scores(self, field: str, btext: bytes, docs: list[int], weights: list[float]) -> dict[int, float]:
        """BM25F as whoosh.scoring computes it (WeightScorer for fields without lengths)."""
        if not self._schema[field].scorable:
            return dict(zip(docs, weights, strict=True))
        reader = self._reader
        idf = log(self.doc_count / (reader.doc_frequency(field, btext) + 1)) + 1
        avgfl = (reader.field_length(field) / (self.doc_count or 1)) or 1
        lengths = self._field_lengths(field)
        return {d: idf * ((w * (K1 + 1)) / (w + K1 * ((1 - B) + B * lengths[d] / avgfl)))
                for d, w in zip(docs, weights, strict=True)}

    def _field_lengths(self, field: str) -> list[int]:
        lengths = self._lengths.get(field)
        if lengths is None:
            size = max(self._all, default=-1) + 1
            lengths = self._lengths[field] = [self._reader.doc_field_length(d, field) for d in range(size)]
        return lengths

    # -- queries --------------------------------------------------------------------------

    def run(self, q: Query, *, scored: bool = True) -> list[tuple[int, float]]:
        """(docnum, score) of every match, best first (ties by docnum), like Whoosh's top_n."""
        if isinstance(q, Every):
            return [(d, 0.0) for d in self._all]
        found = self.evaluate(q)
        if not scored:
            return sorted((d, 0.0) for d in found)
        return sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))

    def evaluate(self, q: Query) -> dict[int, float]:
        """docnum -> score of every document matching q."""
        if isinstance(q, Term):
            out = self.postings(q.fieldname, q.text)[1]
            return _boosted(out, q.boost)
        if isinstance(q, Phrase):
            return _boosted(self._phrase(q.fieldname, q.words), q.boost)
        if isinstance(q, (And, Or)) and len(q.subqueries) < 2:
            # Whoosh matches a one-part compound by its part alone (its boost unused)
            return self.evaluate(q.subqueries[0]) if q.subqueries else {}
        if isinstance(q, And):
            parts = [self.evaluate(s) for s in q.subqueries]
            common = set(parts[0]).intersection(*parts[1:])
            return _boosted({d: sum(p[d] for p in parts) for d in common}, q.boost)
        if isinstance(q, Or):
            union: dict[int, float] = {}
            for s in q.subqueries:
                for d, sc in self.evaluate(s).items():
                    union[d] = union.get(d, 0.0) + sc
            return _boosted(union, q.boost)
        if isinstance(q, _NullQuery):
            return {}
        raise TypeError(f"MemIndex cannot evaluate {type(q).__name__}")

    def _phrase(self, field: str, words) -> dict[int, float]:
        """The grams next to each other, in order (Whoosh's Phrase with slop 1). Callers only read it."""
        key = (field, tuple(words))
        found = self._phrases.get(key)
        if found is None:
            found = self._match_phrase(field, key[1])
            if len(self._phrases) < MAX_PHRASES:
                self._phrases[key] = found
        return found

    def _match_phrase(self, field: str, words: tuple[str, ...]) -> dict[int, float]:
        plist = [self.postings(field, w) for w in words]
        if any(not p[0] for p in plist):
            return {}
        common = set(plist[0][0]).intersection(*(p[0] for p in plist[1:]))
        out = {}
        for d in common:
            rest = [p[2][d] for p in plist[1:]]
            # some position of the first gram has the i-th gram at position + i, for every i
            if any(all(s + i in pos for i, pos in enumerate(rest, 1)) for s in plist[0][2][d]):
                out[d] = sum(p[1][d] for p in plist)
        return out


def _boosted(scores: dict[int, float], boost: float) -> dict[int, float]:
    if boost == 1.0:
        return scores
    return {d: s * boost for d, s in scores.items()}
