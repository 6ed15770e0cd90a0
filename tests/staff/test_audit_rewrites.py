"""An audit log the app cannot rewrite (issue 26.6), tried every way on SQLite and a real PostgreSQL.

Before: `INSERT OR REPLACE` over an existing id replaced an entry on SQLite (the DELETE trigger does not
fire for REPLACE), and on PostgreSQL the app's role owned the table, so TRUNCATE and
ALTER TABLE … DISABLE TRIGGER went through.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from world import test_settings

from tsunagu.staff import accounts, audit, db
from tsunagu.staff.models import AuditEntry

from .conftest import PASSWORD, add

pytestmark = pytest.mark.bundled_data
APP_LOGIN = "tsunagu_web"  # what an operator creates: a login role that is a member of tsunagu_app

SQLITE_REWRITES = [
    "UPDATE audit_log SET actor = 'mallory'",
    "DELETE FROM audit_log",
    "DELETE FROM main.audit_log WHERE id = 1",
    "INSERT OR REPLACE INTO audit_log (id, at, actor, action, city, target, detail, ip) "
    "VALUES (1, '2026-01-01', 'mallory', 'login', '', '', '', '')",
    "REPLACE INTO audit_log (id, at, actor, action, city, target, detail, ip) "
    "VALUES (1, '2026-01-01', 'mallory', 'login', '', '', '', '')",
    "INSERT INTO audit_log (id, at, actor, action, city, target, detail, ip) "
    "VALUES (1, '2026-01-01', 'mallory', 'login', '', '', '', '') ON CONFLICT (id) DO UPDATE SET actor = 'mallory'",
    "DROP TRIGGER audit_no_update",
    "DROP TRIGGER audit_no_replace",
    "DROP TABLE audit_log",
    "ALTER TABLE audit_log RENAME TO audit_old",
    "CREATE TRIGGER audit_swallow BEFORE INSERT ON audit_log BEGIN SELECT RAISE(IGNORE); END",
    "CREATE TEMP TRIGGER audit_swallow BEFORE INSERT ON main.audit_log BEGIN SELECT RAISE(IGNORE); END",
    "PRAGMA writable_schema = 1",
    "PRAGMA recursive_triggers = 0",
    "ATTACH DATABASE ':memory:' AS other",
]

PG_REWRITES = [
    "UPDATE audit_log SET actor = 'mallory'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
    "INSERT INTO audit_log (id, at, actor, action, city, target, detail, ip) "
    "VALUES (1, now(), 'mallory', 'login', '', '', '', '')",
    "INSERT INTO audit_log (id, at, actor, action, city, target, detail, ip) "
    "VALUES (1, now(), 'mallory', 'login', '', '', '', '') ON CONFLICT (id) DO UPDATE SET actor = 'mallory'",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "ALTER TABLE audit_log DISABLE TRIGGER audit_no_change",
    "DROP TRIGGER audit_no_change ON audit_log",
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql",
    "DROP TABLE audit_log",
    "ALTER TABLE audit_log RENAME TO audit_old",
    "ALTER TABLE audit_log OWNER TO CURRENT_USER",
    "SET session_replication_role = replica",
    "SELECT setval('audit_log_id_seq', 1, false)",
    "CREATE TRIGGER audit_swallow BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def app_store(request, tmp_path, data_dir):
    """The store as the app opens it. On PostgreSQL the tables belong to the migration role (here the
    server's superuser) and the app signs in as a login role that is only a member of tsunagu_app."""
    if request.param == "sqlite":
        settings = test_settings(tmp_path, data_dir=data_dir)
    else:
        server = request.getfixturevalue("postgres")
        owner = server.create_database(f"audit_{tmp_path.name[-30:].lower().replace('-', '_')}")
        _admin(server, f"DO $$ BEGIN CREATE ROLE {APP_LOGIN} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        settings = test_settings(tmp_path, data_dir=data_dir, migration_database_url=owner,
                                 database_url=owner.replace("postgres@", f"{APP_LOGIN}@"))
    store = db.open_store(settings)  # migrates as the owner, which creates tsunagu_app and its grants
    if request.param == "postgresql":
        _admin(request.getfixturevalue("postgres"), f"GRANT tsunagu_app TO {APP_LOGIN}")
    yield request.param, store
    db._stores.pop(db.database_url(settings), None)
    store.engine.dispose()


def _admin(server, statement: str) -> None:
    import psycopg
    with psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(statement)


def test_every_rewrite_of_the_audit_log_is_refused(app_store):
    kind, store = app_store
    with store.tx() as s:
        audit.record(s, "login", actor="alice", ip="192.0.2.1")
    with store.tx() as s:
        before = [(e.id, e.actor, e.action) for e in s.scalars(sa.select(AuditEntry))]
    went_through = []
    for statement in SQLITE_REWRITES if kind == "sqlite" else PG_REWRITES:
        try:
            with store.tx() as s:
                s.execute(sa.text(statement))
        except DBAPIError:
            continue
        went_through.append(statement)
    assert went_through == []
    with store.tx() as s:
        assert [(e.id, e.actor, e.action) for e in s.scalars(sa.select(AuditEntry))] == before
    with store.tx() as s:  # and the log still takes new entries
        audit.record(s, "login", actor="bob", ip="192.0.2.2")
        assert s.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == len(before) + 1


def test_the_app_still_does_its_work_with_those_rights(app_store):
    """Accounts, sign-in with its counters, sessions: everything the app writes, written as the app role."""
    _, store = app_store
    add(store, "alice", "editor")
    assert accounts.sign_in(store, "alice", "wrong password!", "192.0.2.9").account is None
    assert accounts.sign_in(store, "alice", PASSWORD, "192.0.2.9").account is not None
    with store.tx() as s:
        actions = [e.action for e in s.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["account_add", "login_failed", "login"]


def test_postgres_app_role_may_only_read_and_add_to_the_log(postgres, app_store):
    kind, store = app_store
    if kind != "postgresql":
        pytest.skip("roles are PostgreSQL's")
    with store.tx() as s:  # PostgreSQL answers a non-owner's GRANT with a warning and grants nothing
        s.execute(sa.text("GRANT UPDATE, DELETE, TRUNCATE ON audit_log TO CURRENT_USER"))
    with store.engine.connect() as conn:
        rights = {p: conn.execute(sa.text("SELECT has_table_privilege('audit_log', :p)"), {"p": p}).scalar()
                  for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")}
        owner = conn.execute(sa.text("SELECT tableowner = current_user FROM pg_tables WHERE tablename = 'audit_log'"))
        assert owner.scalar() is False
    assert rights == {"SELECT": True, "INSERT": True, "UPDATE": False, "DELETE": False, "TRUNCATE": False,
                      "TRIGGER": False, "REFERENCES": False}
