"""Whoosh queries for understood concepts, and the coverage ranking (OR semantics).

Each concept is searched on its own, in up to four parts:

* its words: the typed spelling (with synonyms and reading) and the kana of a romaji word;
* for a lexicon word, the other words of its lexicon row (詐欺 → 悪質商法, 消費生活), scored lower;
* the categories and targets the lexicon maps it to;
* the needs it maps to (consultation desks declare the needs they answer).

A record covers the concept if any part matches. Its rank is, in order:

1. how many concepts it covers (「足腰 運動」: a 体操 salon covers both, 社会を明るくする運動 one);
2. how strongly: +1 for the typed word, +1 for the lexicon's tags or needs, +1 for the row's
   other words *when the tags match too* (so 運動 in 社会を明るくする運動 does not count for 体操;
   words that are the row's own category names are left out: the tag already counts);
3. a consultation desk whose needs include a need of the query (the desk for the worry
   comes before salons and services of equal strength: 「もの忘れ」 → 包括, then the カフェ);
4. the Whoosh score (name before description, typed word before synonym).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh.query import Phrase, Query, Term
from whoosh.query.compound import DefaultOr as Or

from .analysis import ngrams, normalize
from .lexicon import LexiconRow
from .query import expanded_word_query, word_query
from .synonyms import Synonyms
from .understand import Concept

FACET_BOOSTS = (("categories", 1.5), ("targets", 1.0))
ROW_WORDS = 8  # other words of the lexicon row searched (each costs a phrase matcher per field)
ROW_BOOST = 0.3


def _any(parts: list) -> Query | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Or(parts)


def words_query(key: str, kana: str, synonyms: Synonyms) -> Query | None:
    """A word: typed (with synonyms and reading) and, for romaji, its kana."""
    return _any([expanded_word_query(key, synonyms), word_query(kana) if kana else None])


def text_query(c: Concept, synonyms: Synonyms) -> Query | None:
    return None if c.hits is not None else words_query(c.key, c.kana, synonyms)


def row_words_query(c: Concept) -> Query | None:
    """The other words of the concept's lexicon row, on the written fields only."""
    if c.row is None:
        return None
    words = [q for key, q in _row_phrases(c.row) if key != c.key][:ROW_WORDS]
    # names only: a name says what a record is (消費生活相談窓口); descriptions mention everything
    return _any(words)


# The queries below depend only on a lexicon row: made once per row, not per request
# (Query objects are never changed after they are built).
@lru_cache(maxsize=4096)
def _row_phrases(row: LexiconRow) -> tuple[tuple[str, Query | None], ...]:
    """(normalised word, name phrase) of the row's words that may be searched."""
    tags = set(row.categories) | set(row.targets)
    return tuple((normalize(w), _name_phrase(w)) for w in row.words if len(w) >= 2 and w not in tags)


def _name_phrase(word: str) -> Query | None:
    grams = ngrams(normalize(word))
    if not grams:
        return None
    if len(grams) == 1:
        return Term("name", grams[0], boost=ROW_BOOST)
    return Phrase("name", grams, boost=ROW_BOOST)


def facet_query(c: Concept) -> Query | None:
    """Records tagged with the categories and targets the lexicon maps the word to."""
    return None if c.row is None else _facet_query(c.row)


@lru_cache(maxsize=4096)
def _facet_query(row: LexiconRow) -> Query | None:
    values = {"categories": row.categories, "targets": row.targets}
    return _any([Term(name, v, boost=b) for name, b in FACET_BOOSTS for v in values[name]])


def needs_query(c: Concept) -> Query | None:
    return None if c.row is None else _needs_query(c.row)


@lru_cache(maxsize=4096)
def _needs_query(row: LexiconRow) -> Query | None:
    return _any([Term("needs", n) for n in row.needs])


@dataclass
class Match:
    ci: Any  # the city index (searcher._CityIndex; typed loosely: it imports this module)
    docnum: int
    facets: tuple
    covered: int = 0
    strength: int = 0
    score: float = 0.0
    desk_for_need: bool = False

    def rank(self) -> tuple:
        return (-self.covered, -self.strength, not self.desk_for_need, -self.score, self.facets[4],
                self.facets[5], self.docnum)


def _concept_hits(ci, parts: tuple, known: dict | None) -> dict[int, list]:
    """docnum -> [score, strength, desk for the need] for one concept in one city."""
    tq, rq, fq, nq = parts
    hits: dict[int, list] = {}
    found = {name: dict(ci.run(q)) if q is not None else {} for name, q in
             (("text", tq), ("row", rq), ("facet", fq), ("need", nq))}
    if known is not None:  # the whole chunk's own matches, already run by the understanding step
        found["text"] = dict(known.get(ci.path, ()))
    for docnum in set().union(*found.values()):
        tagged = docnum in found["facet"] or docnum in found["need"]
        strength = (docnum in found["text"]) + tagged + (tagged and docnum in found["row"])
        score = sum(found[name].get(docnum, 0.0) for name in found)
        hits[docnum] = [score, strength, docnum in found["need"]]
    return hits


def run_concepts(cities: list, concepts: list[Concept], synonyms: Synonyms) -> list[Match]:
    """Every record matching any concept in these city indexes, with its coverage."""
    queries = [((text_query(c, synonyms), row_words_query(c), facet_query(c), needs_query(c)), c.hits)
               for c in concepts]
    out: list[Match] = []
    for ci in cities:
        found: dict[int, Match] = {}
        for parts, known in queries:
            for docnum, (score, strength, need) in _concept_hits(ci, parts, known).items():
                m = found.get(docnum)
                if m is None:
                    m = found[docnum] = Match(ci, docnum, ci.facets_of(docnum))
                m.covered += 1
                m.strength += strength
                m.score += score
                if need and m.facets[0] == "consultation_desk":
                    m.desk_for_need = True
        out.extend(found.values())
    return out
