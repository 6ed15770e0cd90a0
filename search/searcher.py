"""Search the index: one `Searcher`, opened at app start and shared by all request threads.

Concurrency: each city's Whoosh searcher (and column reader) is opened once and used
under one lock. A city search takes milliseconds, so requests queue briefly instead of
each thread holding its own searchers (that grew RSS from 113 MB to 527 MB under load,
stack notes). Query building (Sudachi readings, one tokenizer per thread) runs outside
the lock. At most MAX_OPEN cities stay open (least recently used are closed).

Flow of `search()`:
1. clean the text (controls out, cut at 100 characters with a message);
2. strict query: every word (or a synonym of it) must match; a city-scoped query runs on
   that city's own index only (the indexer writes one per city), never on the country;
   city=None visits every city's index and merges the hits by score;
3. nothing found → a "もしかして" suggestion from the vocabulary, and a loose query
   (any word, one bigram of each may be missing) so the page is not empty;
4. filters, facets and sorting in Python over all hits of the query in the city.

The queries run on each city's postings held in memory (memindex.py), not through Whoosh's
matchers: same hits and scores, ~10x faster. A bounded result cache (CACHE_SIZE answers,
least recently used dropped) keyed by the cleaned query, filters and page sits in front;
it lives and dies with this Searcher, i.e. with one build, so a new build never answers
from an old one. `Settings.search_cache` (env `TSUNAGU_SEARCH_CACHE=0`) turns it off (bench_http measures both ways).

Facets are counted the usual faceted-search way: the counts of one facet apply all the
*other* filters but not its own, so a resident can see what choosing another value of
the same facet would give. The hit list (and `total`) applies every filter.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from whoosh import index as windex
from whoosh.query import Every, NullQuery

from .concepts import Match, run_concepts, words_query
from .indexer import CITIES_FILE, SYNONYMS_FILE, VOCAB_FILE, decode_facets
from .lexicon import COMPILED_FILE, Lexicon
from .memindex import MemIndex
from .places import PLACES_FILE, Places
from .query import build_query, clean_query
from .reading import to_reading
from .response import Hit, SearchResponse
from .suggest import Suggester
from .synonyms import Synonyms
from .understand import Interpretation, Understander

__all__ = ["Hit", "SearchResponse", "Searcher"]

FACETS = ("kind", "targets", "categories", "district")
LOOSE_MESSAGE = "すべての語に一致する結果がなかったため、一部が一致する結果を表示しています"
NOTHING_MESSAGE = "検索できる文字が含まれていません（記号だけでは検索できません）"
MAX_PER_PAGE = 100
CITYWIDE = ""  # in a place filter: records with no district (city-wide) pass too
MAX_OPEN = 64  # default of city indexes kept open at once (Settings.city_cache; the national bench has 1,741)
CACHE_SIZE = 1024  # answers kept per build (a few KB each)


def _as_set(value) -> frozenset[str] | None:
    """A filter given as one value, several values (any of them), or None/"" (no filter)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return frozenset([value])
    values = frozenset(v for v in value if v)
    return values or None


class _CityIndex:
    """One city's open index: searcher, facet column, suggestion vocabulary."""

    def __init__(self, path: Path):
        self.path = path
        self.searcher = windex.open_dir(str(path)).searcher()
        self.columns = self.searcher.reader().column_reader("facets")
        self.memory = MemIndex(self.searcher.reader())
        self.facet_cache: dict[int, tuple] = {}  # per docnum, read once (the index never changes)
        self.ids: dict[int, str] = {}
        self._suggester: Suggester | None = None

    def facets_of(self, docnum: int) -> tuple:
        f = self.facet_cache.get(docnum)
        if f is None:
            f = self.facet_cache[docnum] = decode_facets(self.columns[docnum])
        return f

    def run(self, q, *, scored: bool = True) -> list[tuple[int, float]]:
        """(docnum, score) of every document matching q."""
        if q is NullQuery:
            return []
        return self.memory.run(q, scored=scored)

    def id_of(self, docnum: int) -> str:
        i = self.ids.get(docnum)
        if i is None:
            i = self.ids[docnum] = self.searcher.stored_fields(docnum)["id"]
        return i

    @property
    def suggester(self) -> Suggester:
        if self._suggester is None:
            self._suggester = Suggester.load(self.path / VOCAB_FILE)
        return self._suggester

    def close(self) -> None:
        self.searcher.close()


class Searcher:
    def __init__(self, index_dir: Path, data_dir: Path, cache: bool = True, max_open: int = MAX_OPEN):
        self.index_dir = Path(index_dir)
        self.max_open = max(1, max_open)  # Settings.city_cache: cities whose index stays open
        meta = json.loads((self.index_dir / CITIES_FILE).read_text(encoding="utf-8"))
        self.cities: dict[str, str] = meta["cities"]  # slug -> folder
        self._lock = threading.Lock()
        self._open: OrderedDict[str, _CityIndex] = OrderedDict()
        # The build copies synonyms, lexicon and places next to the index; data_dir is only
        # a fallback for an index written before it did.
        own = self.index_dir / SYNONYMS_FILE
        self.synonyms = Synonyms.load(own if own.exists() else Path(data_dir) / "synonyms.csv")
        self.understander = Understander(Lexicon.load(self.index_dir / COMPILED_FILE),
                                         Places.load(self.index_dir / PLACES_FILE))
        self._national_suggester: Suggester | None = None
        self._cache: OrderedDict[tuple, SearchResponse] | None = OrderedDict() if cache else None
        self._cache_lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            while self._open:
                self._open.popitem()[1].close()

    # -- internals (call with the lock held) ---------------------------------------------

    def _city(self, slug: str) -> _CityIndex:
        ci = self._open.get(slug)
        if ci is None:
            ci = _CityIndex(self.index_dir / self.cities[slug])
            self._open[slug] = ci
        else:
            self._open.move_to_end(slug)
        return ci

    def _evict(self) -> None:
        """Close the least recently used cities beyond max_open (after a search: its rows
        hold the city searchers until the page's ids are read)."""
        while len(self._open) > self.max_open:
            self._open.popitem(last=False)[1].close()

    def _scope(self, city: str | None) -> list[str]:
        if city is None or city == "":
            return list(self.cities)
        return [city] if city in self.cities else []

    def _run(self, q, slugs: list[str], *, scored: bool = True) -> list[tuple]:
        """(city index, docnum, score, facets) of every match in the cities."""
        rows = []
        for slug in slugs:
            ci = self._city(slug)
            for docnum, score in ci.run(Every() if q is None else q, scored=scored):
                rows.append((ci, docnum, score, ci.facets_of(docnum)))
        return rows

    # -- the public method -----------------------------------------------------------------

    def search(self, city: str | None, q: str = "", *, kind=None, target=None, category=None,
               district=None, page: int = 1, per_page: int = 20, use_places: bool = True) -> SearchResponse:
        """`use_places=False` ignores place names in the query (the page's 「市全体で探す」 link)."""
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
        if self._cache is None:
            return self._search(city, cleaned, filters, page, per_page, use_places)
        key = (city or None, cleaned.text, cleaned.message, *filters.values(), page, per_page, bool(use_places))
        with self._cache_lock:
            resp = self._cache.get(key)
            if resp is not None:
                self._cache.move_to_end(key)
        if resp is None:
            resp = self._search(city, cleaned, filters, page, per_page, use_places)
            with self._cache_lock:
                self._cache[key] = resp
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        # a copy, so that a caller changing its answer cannot change the cached one
        return replace(resp, hits=list(resp.hits), facets={k: dict(v) for k, v in resp.facets.items()},
                       place=dict(resp.place) if resp.place else None)

    def _search(self, city: str | None, cleaned, filters: dict, page: int, per_page: int,
                use_places: bool) -> SearchResponse:
        resp = SearchResponse(cleaned.text, 0, page, per_page, message=cleaned.message)
        messages = [cleaned.message] if cleaned.message else []
        empty = not cleaned.text
        slugs = self._scope(city)
        if cleaned.words and slugs:
            # outside the lock: Sudachi (one tokenizer per thread) runs in parallel
            resp.interpretation = self.understander.understand(
                cleaned.text, city, lambda w, k: self._matches_whole(w, k, slugs), use_places=use_places)
        with self._lock:
            if empty:
                matches = [Match(ci, d, f) for ci, d, _, f in self._run(None, slugs, scored=False)]
            elif not cleaned.words:
                matches = []
                messages.append(NOTHING_MESSAGE)
            else:
                interp = resp.interpretation
                matches = run_concepts([self._city(s) for s in slugs], interp.concepts, self.synonyms)
                resp.place = self._place(interp, matches, filters)
                if slugs and (interp.guessed or not any(m.covered == len(interp.concepts) for m in matches)):
                    # nothing has every word: a nearby word may be what was meant (さくらやな → 桜山)
                    resp.suggestion = self._suggest(cleaned.text, slugs)
                if not matches and slugs:
                    loose = build_query(cleaned.words, self.synonyms, loose=True)
                    matches = [Match(ci, d, f, score=sc) for ci, d, sc, f in self._run(loose, slugs)]
                    if matches:
                        resp.fallback = True
                        messages.append(LOOSE_MESSAGE)
            resp.matched = len(matches)
            rows = [(m.ci, m.docnum, m.score, m.facets) for m in matches]
            resp.facets = self._count_facets(rows, filters)
            kept = [m for m in matches if self._passes(m.facets, filters)]
            if empty:
                kept.sort(key=lambda m: (m.facets[4], m.facets[5], m.docnum))
            else:
                kept.sort(key=Match.rank)
            start = (page - 1) * per_page
            resp.hits = [Hit(m.ci.id_of(m.docnum), 0.0 if empty else float(m.score))
                         for m in kept[start:start + per_page]]
            self._evict()
        resp.total = len(kept)
        resp.message = " ".join(messages) or None
        return resp

    def _matches_whole(self, word: str, kana: str, slugs: list[str]) -> dict:
        """What the word as a whole (with synonyms, reading, romaji's kana) finds: city index
        path -> [(docnum, score)], only cities with matches; {} when nothing."""
        q = words_query(word, kana, self.synonyms)
        if q is None:
            return {}
        out = {}
        with self._lock:
            for slug in slugs:
                ci = self._city(slug)
                hits = ci.run(q)
                if hits:
                    out[ci.path] = hits
        return out

    @staticmethod
    def _place(interp: Interpretation, matches: list[Match], filters: dict) -> dict | None:
        """A district named in the query filters when the district has matches and no
        district was chosen; any other place only boosts (it is also a concept)."""
        if not interp.places:
            return None
        p = interp.places[0]
        if p.district and filters["district"] is None and any(m.facets[3] == p.district for m in matches):
            filters["district"] = frozenset([p.district, CITYWIDE])
            return {"name": p.name, "word": p.key, "district": p.district, "mode": "filter"}
        return {"name": p.name, "word": p.key, "district": None, "mode": "boost"}

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
            if name == "district" and CITYWIDE in wanted and not f[3]:
                continue  # a place named in the query keeps the city-wide desks and services
            if not wanted.intersection(self._values(f, name)):
                return False
        return True

    def _count_facets(self, rows: list, filters: dict) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        active = {name: wanted for name, wanted in filters.items() if wanted is not None}
        for *_, f in rows:
            # the filters this record fails: it counts for a facet when it fails none, or only
            # that facet's own (same as _passes(f, filters, skip=name), one pass per record)
            failed = [name for name, wanted in active.items() if not self._passes(f, {name: wanted})]
            if len(failed) > 1:
                continue
            for name in failed or FACETS:
                bucket = counts[name]
                for v in self._values(f, name):
                    bucket[v] = bucket.get(v, 0) + 1
        return {name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for name, c in counts.items()}

    def _suggest(self, text: str, slugs: list[str]) -> str | None:
        """The first vocabulary word near `text` that has results in these cities."""
        try:
            reading = to_reading(text)
        except Exception:  # noqa: BLE001 - the reading is an extra: never let it break a search
            reading = ""
        if len(slugs) == 1:
            suggester = self._city(slugs[0]).suggester
        else:
            if self._national_suggester is None:
                self._national_suggester = Suggester.load(self.index_dir / VOCAB_FILE)
            suggester = self._national_suggester
        for cand in suggester.candidates(text, reading):
            words = clean_query(cand).words
            if words and self._run(build_query(words, self.synonyms), slugs):
                return cand
        return None
