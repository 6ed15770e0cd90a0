"""The index's plumbing: atomic writes, pickled schema, threads, and the normaliser."""
from __future__ import annotations

import pickle
import threading

import pytest
from search_fixtures import DATA_DIR, FIXTURE

from tsunagu.search import analysis, indexer
from tsunagu.search.analysis import normalize, reading_key
from tsunagu.search.indexer import build_index, make_schema
from tsunagu.search.searcher import Searcher

pytestmark = pytest.mark.bundled_data


@pytest.mark.parametrize("typed,canonical", [
    ("ｻﾛﾝ", "さろん"), ("サロン", "さろん"), ("ポールウォーキング", "ぽるうおきんぐ"),
    ("ぽーるうぉーきんぐ", "ぽるうおきんぐ"), ("亀ヶ岡", "亀が岡"), ("亀ケ岡", "亀が岡"), ("亀ヵ岡", "亀が岡"),
    ("ケアプラザ", "けあぷらざ"), ("髙橋", "高橋"), ("齋藤", "斎藤"), ("渡邊", "渡辺"), ("渡邉", "渡辺"),
    ("澤田", "沢田"), ("棧橋", "桟橋"), ("山﨑", "山崎"), ("ＡＢＣ１２３", "abc123"),
])
def test_normalize(typed, canonical):
    assert normalize(typed) == canonical


def test_reading_key_collapses_long_vowels():
    assert reading_key("しょくどう") == reading_key("ショクドー") == reading_key("しょくどお")
    assert reading_key("まーじゃん") == reading_key("マージャン")


def test_tokenizer_is_picklable_and_importable():
    schema = make_schema()
    again = pickle.loads(pickle.dumps(schema))
    assert again["name"].analyzer == schema["name"].analyzer
    assert analysis.NgramTokenizer.__module__ == "tsunagu.search.analysis"
    assert [t.text for t in analysis.NgramTokenizer()("サロン桜山")] == ["さろ", "ろん", "ん桜", "桜山"]


def test_rebuild_replaces_the_index(tmp_path):
    path = tmp_path / "index"
    build_index(FIXTURE[:3], path, DATA_DIR)
    assert Searcher(path, DATA_DIR).search(None, "").total == 3
    build_index(FIXTURE, path, DATA_DIR)
    assert Searcher(path, DATA_DIR).search(None, "").total == len(FIXTURE)
    assert [p.name for p in tmp_path.iterdir()] == ["index"]


def test_failed_build_keeps_the_old_index(tmp_path, monkeypatch):
    path = tmp_path / "index"
    build_index(FIXTURE[:3], path, DATA_DIR)
    calls = {"n": 0}
    real = indexer.document

    def failing(*args, **kw):
        calls["n"] += 1
        if calls["n"] > 5:
            raise RuntimeError("disk full (simulated)")
        return real(*args, **kw)

    monkeypatch.setattr(indexer, "document", failing)
    with pytest.raises(RuntimeError):
        build_index(FIXTURE, path, DATA_DIR)
    assert [p.name for p in tmp_path.iterdir()] == ["index"]  # no temp folder left behind
    assert Searcher(path, DATA_DIR).search(None, "").total == 3  # the old index is intact
    with pytest.raises(RuntimeError):
        build_index(FIXTURE, tmp_path / "fresh", DATA_DIR)
    assert not (tmp_path / "fresh").exists()  # never a half index


def test_shared_searcher_across_threads(searcher):
    queries = ["かめがおか", "さくらやま", "こども食堂", "ｻﾛﾝ", "ぽーるうぉーきんぐ", "包括", "まーじゃん", "亀が丘"]
    expected = {q: [h.id for h in searcher.search("zushi", q).hits] for q in queries}
    errors: list = []

    def work(offset):
        try:
            for i in range(40):
                q = queries[(i + offset) % len(queries)]
                got = [h.id for h in searcher.search("zushi", q).hits]
                assert got == expected[q], q
        except Exception as exc:  # noqa: BLE001 - collected: an exception in a thread would be lost
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_empty_directory_gives_an_empty_working_index(tmp_path):
    build_index([], tmp_path / "index", DATA_DIR)
    s = Searcher(tmp_path / "index", DATA_DIR)
    for city in ("zushi", None):
        resp = s.search(city, "サロン")
        assert resp.total == 0 and resp.hits == []
        assert s.search(city, "").total == 0
