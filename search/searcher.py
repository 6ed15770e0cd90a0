"""Search the index: one `Searcher`, opened at app start and shared by all request threads.

Concurrency: one Whoosh searcher (and one column reader) is kept open and used under a
lock. A search takes milliseconds, so requests queue briefly instead of each thread
holding its own searcher (that grew RSS from 113 MB to 527 MB under load, stack notes).

Flow of `search()`:
1. clean the text (controls out, cut at 100 characters with a message);
2. strict query: every word (or a synonym of it) must match; city-scoped queries are
   `Require(q, Term("city", c))`, and because the indexer stores each city as one
   contiguous run of documents, Whoosh skips the rest of the country instead of scoring it;
3. nothing found → a "もしかして" suggestion from the vocabulary, and a loose query
   (any word, one bigram of each may be missing) so the page is not empty;
4. filters, facets and sorting in Python over all hits of the query in the city.

Facets are counted the usual faceted-search way: the counts of one facet apply all the
*other* filters but not its own, so a resident can see what choosing another value of
the same facet would give. The hit list (and `total`) applies every filter.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from whoosh import index as windex
from whoosh.query import Every, NullQuery, Require, Term

from .indexer import decode_facets
from .query import build_query, clean_query
from .reading import to_reading
from .suggest import Suggester
from .synonyms import Synonyms

FACETS = ("kind", "targets", "categories", "district")
LOOSE_MESSAGE = "すべての語に一致する結果がなかったため、一部が一致する結果を表示しています"
NOTHING_MESSAGE = "検索できる文字が含まれていません（記号だけでは検索できません）"
MAX_PER_PAGE = 100


@dataclass
class Hit:
    id: str
    score: float


@dataclass
class SearchResponse:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    message: str | None = None

    def to_json(self, records_by_id: dict) -> dict:
        """The API contract. lat/lon are null for records whose location is not public."""
        results = []
        for h in self.hits:
            r = records_by_id.get(h.id)
            if r is None:  # index and records out of step: leave the row out rather than fail
                continue
            public = bool(r.location_public)
            results.append({
                "id": r.id, "name": r.name, "kind": r.kind, "district": r.district,
                "categories": list(r.categories), "targets": list(r.targets),
                "score": round(h.score, 4), "precision": r.precision,
                "lat": r.lat if public else None, "lon": r.lon if public else None,
            })
        return {"query": self.query, "total": self.total, "results": results,
                "facets": self.facets, "suggestion": self.suggestion}


def _as_set(value) -> frozenset[str] | None:
    """A filter given as one value, several values (any of them), or None/"" (no filter)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return frozenset([value])
    values = frozenset(v for v in value if v)
    return values or None


class Searcher:
    def __init__(self, index_dir: Path, data_dir: Path):
        self.index_dir = Path(index_dir)
        self._index = windex.open_dir(str(self.index_dir))
        self._lock = threading.Lock()
        self._searcher = self._index.searcher()
        self._columns = self._searcher.reader().column_reader("facets")
        self._facet_cache: dict[int, tuple] = {}
        self.synonyms = Synonyms.load(Path(data_dir) / "synonyms.csv")
        self.suggester = Suggester(self.index_dir)

    def close(self) -> None:
        with self._lock:
            self._searcher.close()

    # -- internals (call with the lock held) ---------------------------------------------

    def _facets_of(self, docnum: int) -> tuple:
        f = self._facet_cache.get(docnum)
        if f is None:
            f = decode_facets(self._columns[docnum])
            if len(self._facet_cache) < 200_000:
                self._facet_cache[docnum] = f
        return f

    def _run(self, q, city: str | None, *, scored: bool = True) -> list[tuple[int, float]]:
        """(docnum, score) of every document matching q in the city."""
        if q is NullQuery:
            return []
        if city:
            q = Require(q, Term("city", city)) if not isinstance(q, Every) else Term("city", city)
        results = self._searcher.search(q, limit=None, scored=scored)
        return [(docnum, score) for score, docnum in results.top_n]

    # -- the public method -----------------------------------------------------------------

    def search(self, city: str | None, q: str = "", *, kind=None, target=None, category=None,
               district=None, page: int = 1, per_page: int = 20) -> SearchResponse:
        cleaned = clean_query(q)
        try:
            page = max(1, int(page))
        except (TypeError, ValueError):
            page = 1
        try:
            per_page = min(MAX_PER_PAGE, max(1, int(per_page)))
        except (TypeError, ValueError):
            per_page = 20
        filters = {"kind": _as_set(kind), "targets": _as_set(target),
                   "categories": _as_set(category), "district": _as_set(district)}
        resp = SearchResponse(cleaned.text, 0, page, per_page, message=cleaned.message)
        messages = [cleaned.message] if cleaned.message else []
        empty = not cleaned.text
        # built outside the lock: readings (Sudachi, one tokenizer per thread) run in parallel
        strict = build_query(cleaned.words, self.synonyms) if cleaned.words else None
        with self._lock:
            if empty:
                hits = self._run(Every(), city, scored=False)
            elif strict is None:
                hits = []
                messages.append(NOTHING_MESSAGE)
            else:
                hits = self._run(strict, city)
                if not hits:
                    resp.suggestion = self._suggest(cleaned.text, city)
                    hits = self._run(build_query(cleaned.words, self.synonyms, loose=True), city)
                    if hits:
                        messages.append(LOOSE_MESSAGE)
            rows = [(docnum, score, self._facets_of(docnum)) for docnum, score in hits]
            resp.facets = self._count_facets(rows, filters)
            kept = [row for row in rows if self._passes(row[2], filters)]
            if empty:
                kept.sort(key=lambda row: (row[2][4], row[0]))
            else:
                kept.sort(key=lambda row: (-row[1], row[2][4], row[0]))
            start = (page - 1) * per_page
            page_rows = kept[start:start + per_page]
            stored = self._searcher.stored_fields
            resp.hits = [Hit(stored(docnum)["id"], float(score) if not empty else 0.0)
                         for docnum, score, _ in page_rows]
        resp.total = len(kept)
        resp.message = " ".join(messages) or None
        return resp

    @staticmethod
    def _values(f: tuple, name: str) -> Iterable[str]:
        kind, targets, cats, district = f[0], f[1], f[2], f[3]
        if name == "kind":
            return (kind,) if kind else ()
        if name == "targets":
            return targets
        if name == "categories":
            return cats
        return (district,) if district else ()

    def _passes(self, f: tuple, filters: dict, skip: str | None = None) -> bool:
        for name, wanted in filters.items():
            if wanted is None or name == skip:
                continue
            if not wanted.intersection(self._values(f, name)):
                return False
        return True

    def _count_facets(self, rows: list, filters: dict) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for _, _, f in rows:
            for name in FACETS:
                if self._passes(f, filters, skip=name):
                    bucket = counts[name]
                    for v in self._values(f, name):
                        bucket[v] = bucket.get(v, 0) + 1
        return {name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for name, c in counts.items()}

    def _suggest(self, text: str, city: str | None) -> str | None:
        """The first vocabulary word near `text` that has results in this city."""
        try:
            reading = to_reading(text)
        except Exception:
            reading = ""
        for cand in self.suggester.candidates(text, reading, city):
            words = clean_query(cand).words
            if words and self._run(build_query(words, self.synonyms), city):
                return cand
        return None
