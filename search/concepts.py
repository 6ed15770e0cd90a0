"""Whoosh queries for understood concepts, and the coverage ranking (OR semantics).

Each concept is searched on its own: its words (typed spelling, synonyms, reading, the kana
of a romaji word) and, for a lexicon word, the needs, categories and targets the lexicon
maps it to. A record's rank is, in order:

1. how many concepts it covers (「足腰 運動」: a 体操 salon covers both, 社会を明るくする運動 one);
2. how strongly: a concept matched both by its words and by what the lexicon maps it to
   counts twice (DV相談窓口 before a desk that is only tagged 権利擁護);
3. a consultation desk for a need the query maps to (desks before salons at equal strength);
4. the Whoosh score (name before description, typed word before synonym).
"""
from __future__ import annotations

from dataclasses import dataclass

from whoosh.query import Query, Term
from whoosh.query.compound import DefaultOr as Or

from .query import expanded_word_query, word_query
from .synonyms import Synonyms
from .understand import Concept

FACET_BOOSTS = (("categories", 1.5), ("targets", 1.0), ("needs", 1.0))


def text_query(c: Concept, synonyms: Synonyms) -> Query | None:
    """The concept's words: typed (with synonyms and reading) and, for romaji, its kana."""
    parts = [expanded_word_query(c.key, synonyms)]
    if c.kana:
        parts.append(word_query(c.kana))
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Or(parts)


def facet_query(c: Concept) -> Query | None:
    """Records tagged with what the lexicon maps the word to."""
    if c.row is None:
        return None
    values = {"categories": c.row.categories, "targets": c.row.targets, "needs": c.row.needs}
    terms = [Term(name, v, boost=b) for name, b in FACET_BOOSTS for v in values[name]]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else Or(terms)


@dataclass
class Match:
    ci: object  # the city index
    docnum: int
    facets: tuple
    covered: int = 0
    strength: int = 0
    score: float = 0.0
    desk_for_need: bool = False

    def rank(self) -> tuple:
        return (-self.covered, -self.strength, not self.desk_for_need, -self.score, self.facets[4],
                self.facets[5], self.docnum)


def run_concepts(cities: list, concepts: list[Concept], synonyms: Synonyms) -> list[Match]:
    """Every record matching any concept in these city indexes, with its coverage. A desk
    matched by a concept that maps to a need is a desk for that need."""
    queries = [(text_query(c, synonyms), facet_query(c), bool(c.row and c.row.needs)) for c in concepts]
    out: list[Match] = []
    for ci in cities:
        found: dict[int, Match] = {}
        for tq, fq, has_need in queries:
            here: dict[int, list] = {}
            for q in (tq, fq):
                if q is not None:
                    for docnum, s in ci.run(q):
                        entry = here.setdefault(docnum, [0.0, 0])
                        entry[0] += s
                        entry[1] += 1
            for docnum, (s, strength) in here.items():
                m = found.get(docnum)
                if m is None:
                    m = found[docnum] = Match(ci, docnum, ci.facets_of(docnum))
                m.covered += 1
                m.strength += strength
                m.score += s
                if has_need and m.facets[0] == "consultation_desk":
                    m.desk_for_need = True
        out.extend(found.values())
    return out
