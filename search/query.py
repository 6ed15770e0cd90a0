"""Turn what a resident typed into Whoosh Query objects — never through a query parser.

User text is only ever split into words and n-grams here; AND/OR/NOT, `*`, `?`,
quotes, parentheses, colons and backslashes are plain characters (most of them are
not even word characters, so they simply do not produce n-grams). We build `Term`,
`And` and `Or` objects ourselves, so there is no syntax to get wrong.

A word matches a document when its bigrams occur in order, next to each other, in one
field (name, place, body) — a phrase query over the positions — or, if its reading has at
least 3 kana, when the bigrams of its reading do so in a reading field. The 3-kana floor stops 囲碁 (いご) matching every 介護 (かいご).
Words of a query must all match (AND); synonyms of a word are ORed in, scored lower.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from whoosh.query import And, NullQuery, Phrase, Query, Term
from whoosh.query.compound import DefaultOr as Or

# Or is Whoosh's DefaultOr (a tree of union matchers), never the automatic choice: on
# small indexes Whoosh "preloads" an Or into an array over every document in the index,
# which reads the whole country even when the query is scoped to one city.

from .analysis import ngrams, normalize, reading_key, runs, strip_controls
from .reading import to_reading
from .synonyms import Synonyms

MAX_QUERY_CHARS = 100
MAX_WORDS = 10  # more words than this add nothing but cost
MIN_READING_KANA = 3
SYNONYM_BOOST = 0.6  # a synonym's hit ranks below a hit on the word actually typed

TEXT_FIELDS = (("name", 4.0), ("place", 1.5), ("body", 1.0))
READING_FIELDS = (("name_yomi", 3.0), ("yomi", 0.8))
LONG_MESSAGE = f"検索語が長すぎるため、最初の{MAX_QUERY_CHARS}文字で検索しました"


@dataclass
class CleanQuery:
    text: str  # what is searched (and shown back): controls removed, spaces collapsed, cut
    words: list[str] = field(default_factory=list)  # normalised words with something to match
    message: str | None = None


def clean_query(q) -> CleanQuery:
    """Controls out, whitespace collapsed, cut to MAX_QUERY_CHARS (with a message)."""
    if q is None:
        q = ""
    if not isinstance(q, str):
        q = str(q)
    # lone surrogates (possible from broken form posts) cannot be encoded: drop them
    q = q.encode("utf-8", "ignore").decode("utf-8")
    text = " ".join(strip_controls(q.replace("\t", " ").replace("\n", " ").replace("\r", " ")).split())
    message = None
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rstrip()
        message = LONG_MESSAGE
    # Words are runs of letters/kana/kanji/digits: spaces and punctuation (including
    # every query-syntax character) only separate words.
    words: list[str] = []
    for w in runs(normalize(text)):
        if w not in words:
            words.append(w)
    return CleanQuery(text, words[:MAX_WORDS], message)


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _all_of(fieldname: str, grams: list[str], boost: float) -> Query:
    """All grams, unordered (used by the loose fallback)."""
    grams = _dedupe(grams)
    terms = [Term(fieldname, g) for g in grams]
    return And(terms, boost=boost) if len(terms) > 1 else Term(fieldname, grams[0], boost=boost)


def _phrase(fieldname: str, grams: list[str], boost: float) -> Query:
    """The grams in order, next to each other: the word itself, not its bigrams scattered
    over the field (いご + かい in いごとしょうぎのかい must not match かいご)."""
    if len(grams) == 1:
        return Term(fieldname, grams[0], boost=boost)
    return Phrase(fieldname, grams, boost=boost)


def _loosen(fieldname: str, grams: list[str], boost: float) -> Query:
    """All but one of the grams (any one may be missing): for typos and extra characters."""
    if len(grams) <= 2:
        return Or([Term(fieldname, g) for g in grams], boost=boost * 0.5)
    if len(grams) > 12:  # a long word: halves are enough to find near misses
        half = len(grams) // 2
        return Or([_all_of(fieldname, grams[:half], 1.0), _all_of(fieldname, grams[half:], 1.0)],
                  boost=boost * 0.5)
    return Or([_all_of(fieldname, grams[:i] + grams[i + 1:], 1.0) for i in range(len(grams))],
              boost=boost * 0.5)


def reading_grams(word: str) -> list[str]:
    """Bigrams of the word's reading, or [] when the reading is too short to be safe."""
    try:
        key = reading_key(to_reading(word))
    except Exception:  # never let the reading (an extra) break a search
        return []
    kana = sum(1 for ch in key if "\u3041" <= ch <= "\u309f")
    if kana < MIN_READING_KANA:
        return []
    return ngrams(key)


def word_query(word: str, *, loose: bool = False, boost: float = 1.0) -> Query | None:
    grams = ngrams(word)
    if not grams:
        return None
    make = _loosen if loose else _phrase
    branches: list[Query] = []
    if len(grams) == 1 and len(grams[0]) == 1:  # a 1-character word: the unigram field
        branches.append(Term("name1", grams[0], boost=4.0))
        branches += [Term(f, grams[0], boost=b) for f, b in TEXT_FIELDS[1:]]
    else:
        branches += [make(f, grams, b) for f, b in TEXT_FIELDS]
    rgrams = reading_grams(word)
    if rgrams:
        branches += [make(f, rgrams, b) for f, b in READING_FIELDS]
    return Or(branches, boost=boost)


def expanded_word_query(word: str, synonyms: Synonyms, *, loose: bool = False) -> Query | None:
    """The word OR its synonyms (synonyms scored lower)."""
    parts = [word_query(word, loose=loose)]
    parts += [word_query(v, loose=loose, boost=SYNONYM_BOOST) for v in synonyms.expand(word)]
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Or(parts)


def build_query(words: list[str], synonyms: Synonyms, *, loose: bool = False) -> Query:
    """All words (strict) or any word with near matches allowed (loose)."""
    parts = [q for q in (expanded_word_query(w, synonyms, loose=loose) for w in words) if q is not None]
    if not parts:
        return NullQuery
    if len(parts) == 1:
        return parts[0]
    return Or(parts) if loose else And(parts)
