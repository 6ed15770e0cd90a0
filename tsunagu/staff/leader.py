"""Which process is the publisher: the one holding a lock in (or beside) the staff database.

Every server and every worker may start a publisher, but only the holder of this lock publishes; the
others wait and try again, so there is exactly one whatever the number of workers or servers.
PostgreSQL: a session advisory lock on a connection kept open for as long as the process publishes
(the server drops it the moment that process dies or its connection breaks). SQLite: an flock on a
file beside the database (SQLite serves one machine; the kernel drops it when the process dies).
"""
from __future__ import annotations

import fcntl
import logging
from pathlib import Path
from typing import IO, Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("tsunagu.staff")
LOCK_KEY = 0x7473_7075  # any constant of our own (the migration lock uses another)


class PublisherLock:
    def __init__(self, store):
        self.store = store
        self._conn: Any = None
        self._file: IO[str] | None = None
        self._memory = False

    @property
    def _sqlite_path(self) -> Path | None:
        engine = self.store.engine
        if engine.dialect.name != "sqlite":
            return None
        db = engine.url.database or ""
        return Path(f"{db}.publisher-lock") if db and db != ":memory:" else None

    def acquire(self) -> bool:
        """Take the lock if no one holds it; never waits."""
        if self.held():
            return True
        if self.store.engine.dialect.name == "postgresql":
            return self._acquire_pg()
        path = self._sqlite_path
        if path is None:
            self._memory = True  # an in-memory database lives in one process: it is its own publisher
            return True
        fh = open(path, "w")  # noqa: SIM115 - kept open for as long as the lock is held
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            return False
        self._file = fh
        return True

    def _acquire_pg(self) -> bool:
        try:
            conn = self.store.engine.connect()
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar())
            conn.commit()  # the lock is the session's, not the transaction's: no transaction stays open
        except SQLAlchemyError:
            log.warning("公開の担当を決めるロックを取れませんでした（データベースに接続できません）")
            return False
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def held(self) -> bool:
        """Still ours? On PostgreSQL a broken connection has lost the lock: someone else may have it now."""
        if self._file is not None or self._memory:
            return True
        if self._conn is None:
            return False
        try:
            self._conn.execute(text("SELECT 1"))
            self._conn.commit()
            return True
        except SQLAlchemyError:
            self._drop()
            return False

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        try:
            conn.invalidate()
            conn.close()
        except SQLAlchemyError:
            pass

    def release(self) -> None:
        self._memory = False
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                self._conn.commit()
                self._conn.close()
            except SQLAlchemyError:
                self._drop()
            self._conn = None
