"""Turn what a resident typed into Whoosh Query objects — never through a query parser.

User text is only ever split into words and n-grams here; AND/OR/NOT, `*`, `?`,
quotes, parentheses, colons and backslashes are plain characters (most of them are
not even word characters, so they simply do not produce n-grams). We build `Term`,
`And` and `Or` objects ourselves, so there is no syntax to get wrong.

A word matches a document when its bigrams occur in order, next to each other, in one
field (name, text) — a phrase query over the positions — or, if its reading has at least
3 kana, when the bigrams of its reading do so in a reading field (name_yomi, yomi). The
3-kana floor stops 囲碁 (いご) matching every 介護 (かいご).

Words of a query must all match (AND); synonyms of a word are ORed in, scored lower.
The loose fallback (used only when that finds nothing) accepts any one word, or a name
with all of a word's bigrams but one (typos).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from whoosh.query import And, NullQuery, Phrase, Query, Term
from whoosh.query.compound import DefaultOr as Or

from .analysis import ngrams, normalize, reading_key, runs, strip_controls
from .reading import to_reading
from .synonyms import Synonyms

# `Or` above is Whoosh's DefaultOr (a tree of union matchers), never its automatic choice:
# on indexes under 5,000 documents Whoosh "preloads" an Or into an array over every
# document, which cost ~10x in the bench.

MAX_QUERY_CHARS = 100
MAX_WORDS = 10  # more words than this add nothing but cost
MIN_READING_KANA = 3
SYNONYM_BOOST = 0.6  # a synonym's hit ranks below a hit on the word actually typed

TEXT_FIELDS = (("name", 4.0), ("text", 1.0))
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
    except Exception:  # noqa: BLE001 - never let the reading (an extra) break a search
        return []
    kana = sum(1 for ch in key if "\u3041" <= ch <= "\u309f")
    if kana < MIN_READING_KANA:
        return []
    return ngrams(key)


def word_query(word: str, *, boost: float = 1.0, readings: bool = True) -> Query | None:
    grams = ngrams(word)
    if not grams:
        return None
    branches: list[Query] = []
    if len(grams) == 1 and len(grams[0]) == 1:  # a 1-character word: the unigram field
        branches.append(Term("name1", grams[0], boost=4.0))
        branches += [Term(f, grams[0], boost=b) for f, b in TEXT_FIELDS[1:]]
    else:
        branches += [_phrase(f, grams, b) for f, b in TEXT_FIELDS]
    rgrams = reading_grams(word) if readings else []
    if rgrams:
        branches += [_phrase(f, rgrams, b) for f, b in READING_FIELDS]
    return Or(branches, boost=boost)


def loose_word_query(word: str) -> Query | None:
    """Near matches for the fallback: names (or name readings) with all bigrams but one.

    Names only: in long fields (descriptions) scattered bigrams match nearly anything.
    Words of fewer than 3 bigrams are not loosened (one bigram of さろん matches too much).
    """
    branches: list[Query] = []
    grams = ngrams(word)
    if len(grams) >= 3:
        branches.append(_loosen("name", grams, 4.0))
    rgrams = reading_grams(word)
    if len(rgrams) >= 3:
        branches.append(_loosen("name_yomi", rgrams, 3.0))
    if not branches:
        return None
    return branches[0] if len(branches) == 1 else Or(branches)


def expanded_word_query(word: str, synonyms: Synonyms) -> Query | None:
    """The word OR its synonyms (synonyms scored lower).

    Synonyms are matched on the written fields only, not on readings: the table already
    lists their kana spellings where they matter, and each reading branch costs a phrase
    matcher per field (the bench showed synonyms tripling the cost of サロン)."""
    parts = [word_query(word)]
    parts += [word_query(v, boost=SYNONYM_BOOST, readings=False) for v in synonyms.expand(word)]
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Or(parts)


def build_query(words: list[str], synonyms: Synonyms, *, loose: bool = False) -> Query:
    """All words, each or a synonym of it (strict); or any word nearly (loose fallback)."""
    if loose:
        # any one word, exactly (so noise words like OR drop out) or nearly (typos)
        parts = [q for w in words for q in (expanded_word_query(w, synonyms) if len(words) > 1 else None,
                                            loose_word_query(w)) if q is not None]
    else:
        parts = [q for q in (expanded_word_query(w, synonyms) for w in words) if q is not None]
    if not parts:
        return NullQuery
    if len(parts) == 1:
        return parts[0]
    return Or(parts) if loose else And(parts)
