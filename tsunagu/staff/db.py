"""The staff database: SQLite under var_dir by default, PostgreSQL when TSUNAGU_DATABASE_URL says so.

`open_store(settings)` creates the database if needed and runs Alembic to the newest schema,
so `make serve` and the CLI need no set-up step.
"""
from __future__ import annotations

import fcntl
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Update, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from tsunagu.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATE_LOCK_ID = 0x7473_6E67  # any constant: one migrator at a time per PostgreSQL database


def database_url(settings: Settings) -> str:
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{Path(settings.var_dir).resolve() / 'staff.sqlite3'}"


def make_engine(url: str, *, guard_audit: bool = False) -> Engine:
    """`guard_audit`: the app's own engine, whose SQLite connections may not rewrite the audit log."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")  # readers never wait for the one writer
            cur.execute("PRAGMA busy_timeout=15000")
            cur.close()
            if guard_audit:
                dbapi_conn.set_authorizer(audit_guard)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; several workers starting at once take turns."""
    from alembic import command  # lazy: adds 0.1 s to importing this module
    from alembic.config import Config  # lazy: adds 0.1 s to importing this module
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with _sqlite_file_lock(engine), engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATE_LOCK_ID})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@contextmanager
def _sqlite_file_lock(engine: Engine):
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield
        return
    with open(f"{path}.migrate-lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Store:
    """One engine and session factory per process."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def tx(self) -> Iterator[Session]:
        """A unit of work: committed if the block ends normally, rolled back otherwise."""
        with self.sessions() as s, s.begin():
            yield s

    def session(self) -> Session:
        return self.sessions()


def rows_updated(s: Session, statement: Update) -> int:
    """Run an UPDATE; how many rows it changed (a conditional UPDATE claims a row at most once)."""
    # Session.execute is typed for any statement; an UPDATE always answers with a CursorResult.
    return cast("CursorResult[Any]", s.execute(statement)).rowcount


_stores: dict[str, Store] = {}
_lock = threading.Lock()


def open_store(settings: Settings) -> Store:
    url = database_url(settings)
    with _lock:
        if url not in _stores:
            # Migrations run on an engine of their own (the owner's, if one is set): the app's engine never
            # holds a connection that was allowed to create or drop triggers.
            owner = make_engine(settings.migration_database_url or url)
            try:
                migrate(owner)
            finally:
                owner.dispose()
            _stores[url] = Store(make_engine(url, guard_audit=True))
        return _stores[url]


# SQLite has no roles: whoever opens the file may do anything. The app's connections get an authorizer
# (checked when each statement is prepared) that refuses every way of rewriting the audit log through SQL —
# DELETE, UPDATE, dropping or adding its triggers, dropping or renaming the table, ATTACHing the file
# again under another name, writable_schema. What it cannot stop is a process editing the file itself.
_DENY_ON_AUDIT = {sqlite3.SQLITE_DELETE, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DROP_TABLE,
                  sqlite3.SQLITE_DROP_TEMP_TABLE, sqlite3.SQLITE_CREATE_TRIGGER, sqlite3.SQLITE_CREATE_TEMP_TRIGGER,
                  sqlite3.SQLITE_DROP_TRIGGER, sqlite3.SQLITE_DROP_TEMP_TRIGGER}


def audit_guard(action: int, arg1: str | None, arg2: str | None, _db: str | None, _source: str | None) -> int:
    if action in _DENY_ON_AUDIT and "audit_log" in (arg1, arg2):
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_ALTER_TABLE and arg2 == "audit_log":
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_ATTACH or (action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in
                                            ("writable_schema", "recursive_triggers", "trusted_schema")):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK
