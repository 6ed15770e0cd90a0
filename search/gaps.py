"""Search gaps: which words residents typed that found nothing, so staff can add them.

Anonymised by design: only the city and the normalised query text are kept, with a count
and the first and last day (no time of day, no IP, no cookie, nothing about the visitor).
Runs of 4 or more digits (a phone number, a house number) are masked, since a worried
person may type more than a word.

One SQLite file under `settings.var_dir` (never in a build: builds are read-only). Several
uvicorn workers may write at once: WAL mode, a busy timeout, and one UPSERT per gap. A
failure to count is logged and never breaks the search.

Speed: a page never waits for the count. `record_later` hands it to one writer thread per
process and returns (the pages run on the event loop; threads writing at once waited on
SQLite's lock, up to 200 ms a search under load). The writer keeps its connection open
(opening one, creating the table and the fsync of a full-durability commit cost ~20 ms) and
commits with `synchronous=NORMAL`: in WAL mode that cannot corrupt the file. An OS crash may
lose the last few counts, which a gap count can afford; the app flushes the queue when it stops.
"""
from __future__ import annotations

import logging
import queue
import re
import sqlite3
import threading
from datetime import date
from pathlib import Path

from .analysis import normalize
from .query import MAX_QUERY_CHARS

GAPS_FILE = "search_gaps.sqlite3"
_DIGITS = re.compile(r"\d{4,}")
log = logging.getLogger("tsunagu.search.gaps")
_local = threading.local()  # .connections: {path: sqlite3.Connection} of this thread
FLUSH_SECONDS = 5.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS search_gaps (
    city TEXT NOT NULL,
    query TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 1,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    PRIMARY KEY (city, query)
)
"""


def anonymise(text: str) -> str:
    """The stored form: normalised, spaces collapsed, long digit runs masked, cut."""
    text = " ".join(normalize(text).split())
    return _DIGITS.sub("#", text)[:MAX_QUERY_CHARS]


class GapLog:
    def __init__(self, var_dir: Path):
        self.path = Path(var_dir) / GAPS_FILE

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=5.0)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute(_SCHEMA)
        return con

    def _writer(self) -> sqlite3.Connection:
        """This thread's open connection to the file (made on first use)."""
        conns = getattr(_local, "connections", None)
        if conns is None:
            conns = _local.connections = {}
        con = conns.get(self.path)
        if con is None or not self.path.exists():  # first use, or the file was removed
            con = conns[self.path] = self._connect()
            con.execute("PRAGMA synchronous=NORMAL")
        return con

    def _drop_writer(self) -> None:
        con = getattr(_local, "connections", {}).pop(self.path, None)
        if con is not None:
            con.close()

    def record(self, city: str, text: str, today: date | None = None) -> bool:
        """Count one search that found nothing. Returns False (and logs) if it could not."""
        return self.record_many([(city, text, today or date.today())]) == 1

    def record_many(self, searches: list[tuple[str, str, date]]) -> int:
        """Count (city, text, day) searches in one transaction; how many were counted (0 if it failed)."""
        rows = [(city, query, day.isoformat(), day.isoformat())
                for city, text, day in searches if city and (query := anonymise(text))]
        if not rows:
            return 0
        try:
            con = self._writer()
            with con:
                con.executemany(
                    "INSERT INTO search_gaps (city, query, count, first_day, last_day) VALUES (?, ?, 1, ?, ?) "
                    "ON CONFLICT(city, query) DO UPDATE SET count = count + 1, last_day = excluded.last_day",
                    rows)
        except (sqlite3.Error, OSError):
            log.warning("could not count %d search gaps in %s", len(rows), self.path, exc_info=True)
            self._drop_writer()  # the next gap opens a fresh connection
            return 0
        return len(rows)

    def record_later(self, city: str, text: str, today: date | None = None) -> None:
        """Queue one count for the writer thread and return at once."""
        _writer.put((self, city, text, today or date.today()))

    def top(self, city: str | None = None, limit: int = 50) -> list[dict]:
        """The most frequent gaps, most counted first (counts this process queued included)."""
        flush_gaps()
        if not self.path.exists():
            return []
        con = self._connect()
        try:
            sql = "SELECT city, query, count, first_day, last_day FROM search_gaps"
            args: tuple = ()
            if city:
                sql += " WHERE city = ?"
                args = (city,)
            sql += " ORDER BY count DESC, last_day DESC, city, query LIMIT ?"
            rows = con.execute(sql, (*args, int(limit))).fetchall()
        finally:
            con.close()
        return [dict(zip(("city", "query", "count", "first_day", "last_day"), r, strict=True)) for r in rows]


class _Writer:
    """The one thread per process that writes queued counts, in the order they came."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def put(self, item: tuple[GapLog, str, str, date] | threading.Event) -> None:
        if self._thread is None:
            with self._start:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="search-gaps", daemon=True)
                    self._thread.start()
        self._queue.put(item)

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while True:  # whatever else is waiting goes into the same transaction
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            pending: dict[Path, tuple[GapLog, list[tuple[str, str, date]]]] = {}  # by file
            for item in batch:
                if isinstance(item, threading.Event):
                    _write(pending)
                    item.set()  # everything queued before it is written
                else:
                    pending.setdefault(item[0].path, (item[0], []))[1].append(item[1:])
            _write(pending)

    def flush(self, timeout: float) -> bool:
        if self._thread is None:
            return True
        done = threading.Event()
        self.put(done)
        return done.wait(timeout)


def _write(pending: dict[Path, tuple[GapLog, list[tuple[str, str, date]]]]) -> None:
    for gap_log, searches in pending.values():
        try:
            gap_log.record_many(searches)
        except Exception:  # the writer thread must outlive any one bad batch
            log.exception("could not count %d search gaps in %s", len(searches), gap_log.path)
    pending.clear()


_writer = _Writer()


def flush_gaps(timeout: float = FLUSH_SECONDS) -> bool:
    """Wait until every count queued so far is written (the app calls this when it stops)."""
    return _writer.flush(timeout)
