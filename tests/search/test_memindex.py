"""The in-memory evaluation (memindex.py) gives what Whoosh gives, and the result cache is invisible.

Whoosh itself is the reference here: every kind of query the searcher builds is run both
ways on the fixture index and must return the same documents with the same scores.
"""
from __future__ import annotations

import pytest
from search_fixtures import DATA_DIR, FIXTURE
from whoosh.query import And, Every, NullQuery, Phrase, Term
from whoosh.query.compound import DefaultOr as Or

from tsunagu.search.concepts import facet_query, needs_query, row_words_query
from tsunagu.search.indexer import build_index
from tsunagu.search.query import LONG_MESSAGE, build_query, clean_query
from tsunagu.search.searcher import Searcher
from tsunagu.search.synonyms import Synonyms

pytestmark = pytest.mark.bundled_data

WORDS = ["サロン", "さろん", "体操", "たいそう", "亀が岡", "かめがおか", "囲碁", "介護", "かいご", "桜山", "子ども食堂",
         "食堂", "麻雀", "ぽーるうぉーきんぐ", "認知症", "相談", "逗子", "ふれあい", "喫茶", "あ", "会", "zzz",
         "さくらやな", "いこいのば", "ボランティア"]


def _whoosh(ci, q, scored=True) -> dict[int, float]:
    return {d: s for s, d in ci.searcher.search(q, limit=None, scored=scored).top_n}


def _same(ci, q) -> None:
    want = _whoosh(ci, q)
    got = dict(ci.memory.run(q))
    assert got.keys() == want.keys(), q
    for d, s in want.items():
        assert got[d] == pytest.approx(s, rel=1e-9, abs=1e-12), (q, d)


@pytest.fixture(scope="module")
def city(searcher):
    with searcher._lock:
        return searcher._city("zushi")


def test_built_queries_match_whoosh(city):
    syn = Synonyms.load(DATA_DIR / "synonyms.csv")
    for w in WORDS:
        words = clean_query(w).words
        _same(city, build_query(words, syn))
        _same(city, build_query(words, syn, loose=True))
    for pair in (["サロン", "桜山"], ["体操", "介護"], ["囲碁", "将棋"], ["かいご", "相談"]):
        _same(city, build_query(clean_query(" ".join(pair)).words, syn))
        _same(city, build_query(clean_query(" ".join(pair)).words, syn, loose=True))


def test_every_query_kind_matches_whoosh(city):
    cases = [
        Term("name", "さろ"), Term("name", "さろ", boost=2.5), Term("name", "not-there"),
        Term("categories", "地域交流", boost=1.5), Term("needs", "高齢"), Term("name1", "会", boost=4.0),
        Phrase("name", ["さろ", "ろん"]), Phrase("name", ["さろ", "ろん"], boost=0.3),
        Phrase("name", ["ろん", "さろ"]),  # the wrong order matches nothing
        Phrase("text", ["かい", "いご"]), Phrase("name", ["さろ", "nothing"]),
        And([Term("name", "さろ"), Term("categories", "地域交流")], boost=2.0),
        Or([Term("name", "さろ"), Term("text", "さろ"), Phrase("yomi", ["さく", "くら"])], boost=0.6),
        Or([Term("name", "さろ")], boost=7.0),  # a one-part compound: Whoosh ignores its boost
        And([Term("name", "さろ")], boost=3.0),
        Or([And([Term("name", "さろ"), Term("name", "ろん")]), Term("needs", "ケアラー")]),
    ]
    for q in cases:
        _same(city, q)
    assert dict(city.memory.run(NullQuery)) == {}
    assert sorted(d for d, _ in city.memory.run(Every(), scored=False)) == sorted(_whoosh(city, Every(), False))


def test_lexicon_row_queries_match_whoosh(searcher, city):
    for w in ("もの忘れ", "足腰", "詐欺", "子育て", "運動", "お茶"):
        for c in searcher.understander.understand(w, "zushi", lambda *_: {}).concepts:
            for q in (row_words_query(c), facet_query(c), needs_query(c)):
                if q is not None:
                    _same(city, q)


def _answer(r) -> tuple:
    return (r.query, r.total, [(h.id, h.score) for h in r.hits], r.facets, r.suggestion, r.message,
            r.interpreted, r.fallback, r.matched)


def test_the_result_cache_answers_as_the_searcher_does(tmp_path):
    build_index(FIXTURE, tmp_path / "index", DATA_DIR)
    plain = Searcher(tmp_path / "index", DATA_DIR, cache=False)
    assert plain._cache is None
    cached = Searcher(tmp_path / "index", DATA_DIR)
    calls = [("zushi", w, {}) for w in WORDS] + [("zushi", "サロン", {"kind": "salon"}), ("zushi", "サロン", {"page": 2}),
                                                  (None, "サロン", {}), ("zushi", "小坪 サロン", {"use_places": False})]
    for _ in range(2):  # the second round comes from the cache
        for city, q, kw in calls:
            assert _answer(cached.search(city, q, **kw)) == _answer(plain.search(city, q, **kw)), (q, kw)
    # a caller changing its answer does not change what the cache gives the next one
    r = cached.search("zushi", "サロン")
    r.hits.clear()
    r.facets["kind"].clear()
    assert _answer(cached.search("zushi", "サロン")) == _answer(plain.search("zushi", "サロン"))
    # a query cut at 100 characters (with a message) is not the same answer as its first 100 characters
    long = "サロン" * 40
    assert LONG_MESSAGE in cached.search("zushi", long).message
    assert LONG_MESSAGE not in (cached.search("zushi", long[:100]).message or "")


def test_a_phrase_answers_the_same_from_its_memo_and_the_memo_stays_bounded(city, monkeypatch):
    from tsunagu.search import memindex
    phrase = Phrase("name", ["さろ", "ろん"], boost=0.7)
    first = dict(city.memory.run(phrase))
    assert first and dict(city.memory.run(phrase)) == first  # the second time from the memo
    _same(city, phrase)
    full = len(city.memory._phrases)
    monkeypatch.setattr(memindex, "MAX_PHRASES", full)
    _same(city, Phrase("text", ["ぷよ", "よぷ", "ぷよ"]))  # past the bound: answered, not kept
    assert len(city.memory._phrases) == full


def test_words_the_index_does_not_have_are_not_kept(city):
    before = len(city.memory._postings)
    assert city.memory.run(Term("name", "ぴよ")) == [] and city.memory.run(Phrase("name", ["ぴよ", "よぷ"])) == []
    assert len(city.memory._postings) == before
    assert city.memory.run(Term("name", "さろ"))
    assert ("name", "さろ") in city.memory._postings
