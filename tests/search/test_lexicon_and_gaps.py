"""The need lexicon as data (checked like every data file, read from the build) and the gap counter."""
from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
from datetime import date

import pytest
from search_fixtures import DATA_DIR, FIXTURE

from tsunagu.search.gaps import GapLog, anonymise
from tsunagu.search.indexer import build_index
from tsunagu.search.lexicon import LEXICON_FILE, check_lexicon
from tsunagu.search.searcher import Searcher

pytestmark = pytest.mark.bundled_data

HEADER = "words,needs,categories,targets,label,note\n"


def _data_dir(tmp_path, lexicon: str):
    d = tmp_path / "data"
    d.mkdir()
    for name in ("vocabulary.yaml", "synonyms.csv", "cities.yaml"):
        shutil.copy(DATA_DIR / name, d / name)
    (d / LEXICON_FILE).write_text(lexicon, encoding="utf-8")
    return d


def test_check_says_file_row_column_and_what_to_fix(tmp_path):
    d = _data_dir(tmp_path, HEADER + "\n".join([
        "もの忘れ;物忘れ,高齢,認知症,,認知症の相談,",  # row 2: fine
        "ぼけ,老人,認知症,,認知症の相談,",  # row 3: unknown need
        "お茶,,お茶会,,集まり,",  # row 4: unknown category
        "茶,,地域交流,,集まり,",  # row 5: one character
        ",,地域交流,,集まり,",  # row 6: no words
        "散歩,,,,,",  # row 7: maps to nothing, no label
        "物忘れ,高齢,,,重複,",  # row 8: a word already on row 2 (warning)
    ]) + "\n")
    problems = check_lexicon(d)
    text = [str(p) for p in problems]
    assert any(t.startswith("need_lexicon.csv:3:needs: 「老人」") for t in text), text
    assert any(t.startswith("need_lexicon.csv:4:categories: 「お茶会」") for t in text), text
    assert any(t.startswith("need_lexicon.csv:5:words: 「茶」は短すぎます") for t in text), text
    assert any(t.startswith("need_lexicon.csv:6:words:") for t in text), text
    assert any(t.startswith("need_lexicon.csv:7:needs:") for t in text), text
    assert any(t.startswith("need_lexicon.csv:7:label:") for t in text), text
    assert [p.row for p in problems if p.severity == "warning"] == [8]
    assert not [p for p in problems if p.row == 2]


def test_tsunagu_check_runs_the_lexicon_check(tmp_path):
    from tsunagu.build import check_all
    d = _data_dir(tmp_path, HEADER + "ぼけ,老人,認知症,,認知症の相談,\n")
    for folder in ("resources", "venues", "areas", "geo"):
        (d / folder).mkdir()
    for name in ("sources.yaml",):
        shutil.copy(DATA_DIR / name, d / name)
    assert any(p.file == LEXICON_FILE and p.column == "needs" for p in check_all(d))


def test_the_searcher_reads_the_lexicon_from_the_build_not_data(tmp_path):
    d = _data_dir(tmp_path, HEADER + "ぴよぴよ;ぴよ語,高齢,認知症,,テスト用の相談,\n")
    build_index(FIXTURE, tmp_path / "index", d)
    shutil.rmtree(d)  # serving never reads data/
    s = Searcher(tmp_path / "index", tmp_path / "no-data-here")
    resp = s.search("zushi", "ぴよ語")
    assert resp.interpreted["understood"] == [{"word": "ぴよ語", "label": "テスト用の相談"}]
    assert "z-orange" in [h.id for h in resp.hits]
    assert s.search("zushi", "こども食堂").total > 0  # synonyms come from the build too


def test_gaps_are_anonymised_and_counted(tmp_path):
    log = GapLog(tmp_path / "var")
    assert log.top() == []
    assert log.record("zushi", "ｻﾛﾝ  ピアノ", today=date(2026, 12, 1))
    assert log.record("zushi", "サロン ピアノ", today=date(2026, 12, 2))
    assert log.record("kamakura", "電話 0467-23-3000 に かけたい", today=date(2026, 12, 2))
    assert not log.record("zushi", "   ")
    rows = log.top()
    assert rows[0] == {"city": "zushi", "query": "さろん ぴあの", "count": 2, "first_day": "2026-12-01",
                       "last_day": "2026-12-02"}
    assert rows[1]["query"] == "電話 #-23-# に かけたい"
    assert [r["city"] for r in log.top(city="kamakura")] == ["kamakura"]
    assert anonymise("ＴＥＬ０４６８７６６２９９") == "tel#"


def _record_many(path, n):
    log = GapLog(path)
    for _ in range(n):
        assert log.record("zushi", "同時に書く")


def test_several_workers_can_count_at_once(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_record_many, args=(tmp_path, 25)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    assert all(p.exitcode == 0 for p in procs)
    assert GapLog(tmp_path).top()[0]["count"] == 100


def test_search_gaps_command(tmp_path):
    GapLog(tmp_path).record("nagano", "雪おろし", today=date(2026, 12, 1))
    out = subprocess.run([sys.executable, "-m", "tsunagu.cli", "search-gaps", "--city", "nagano"],
                         capture_output=True, text=True, check=False, env={"TSUNAGU_VAR_DIR": str(tmp_path), "PATH": ""})
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[1] == "1\tnagano\t雪おろし\t2026-12-01\t2026-12-01"


def test_a_queued_count_is_written_and_seen(tmp_path):
    log = GapLog(tmp_path)
    log.record_later("zushi", "あとで数える", today=date(2026, 12, 1))
    assert log.top() == [{"city": "zushi", "query": "あとで数える", "count": 1, "first_day": "2026-12-01",
                          "last_day": "2026-12-01"}]


def test_a_locked_gap_file_neither_holds_up_the_page_nor_loses_the_count(settings, tmp_path):
    """Another worker holding the write lock: the page answers while the lock is still held,
    and the count lands once it is released."""
    import sqlite3
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from tsunagu.search.gaps import GAPS_FILE, flush_gaps
    from tsunagu.site.app import create_app
    GapLog(tmp_path).record("zushi", "まえから", today=date(2026, 12, 1))  # the file and its table exist
    other = sqlite3.connect(tmp_path / GAPS_FILE)
    other.execute("BEGIN EXCLUSIVE")
    with TestClient(create_app(replace(settings, var_dir=tmp_path))) as c:
        assert c.get("/zushi/search", params={"q": "ぬらりひょん"}).status_code == 200
        assert other.execute("SELECT count(*) FROM search_gaps").fetchone() == (1,)  # not written yet
        other.rollback()
        other.close()
        assert flush_gaps()
    assert {r["query"] for r in GapLog(tmp_path).top()} == {"まえから", anonymise("ぬらりひょん")}


def test_a_burst_of_queued_counts_adds_up(tmp_path):
    """The writer takes what has queued up in one transaction: none lost, none counted twice."""
    from tsunagu.search.gaps import flush_gaps
    log = GapLog(tmp_path)
    for i in range(300):
        log.record_later("zushi", "たくさん" if i % 3 else "ほかのことば")
    log.record_later("zushi", "   ")  # nothing to count
    assert flush_gaps()
    assert {r["query"]: r["count"] for r in GapLog(tmp_path).top()} == {"たくさん": 200, "ほかのことば": 100}
