"""Suggestion storage on SQLite and a real PostgreSQL: one row per form and per text, races decided once,
the spam block, the 90-day contact deletion, and the migration on top of the staff console's."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tsunagu.staff.models import utcnow
from tsunagu.suggest import service
from tsunagu.suggest.models import Suggestion

from .conftest import add

pytestmark = pytest.mark.bundled_data

VALUES = {"schedule": "第3火曜に変わりました", "how": "joins", "contact": "090-0000-0000"}


def submit(store, nonce: str, values=None, client="c1", city="zushi", record="zushi-salon-02"):
    return service.submit(store, city=city, record_id=record, kind="correction", values=dict(values or VALUES),
                          nonce=nonce, client=client, ip="127.0.0.1")


def rows(store) -> list[Suggestion]:
    with store.tx() as s:
        return list(s.scalars(sa.select(Suggestion).order_by(Suggestion.id)))


def test_tables_come_from_the_new_migration(store):
    names = set(sa.inspect(store.engine).get_table_names())
    assert {"suggestions", "suggestion_blocks", "change_requests", "alembic_version"} <= names
    with store.engine.connect() as conn:
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    # later revisions stack on s0001: the database is at the one head, and s0001 is below it
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from tsunagu.staff.db import MIGRATIONS
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    assert version == script.get_current_head()
    assert "s0001" in {r.revision for r in script.walk_revisions()}


def test_one_row_per_form_and_per_text(store):
    first = submit(store, "n1")
    assert first.kind == "stored" and first.ticket and len(first.status_token) >= 32
    assert submit(store, "n1", {**VALUES, "schedule": "別の内容"}).kind == "replayed"
    assert submit(store, "n2", {**VALUES, "contact": ""}).kind == "duplicate"
    assert submit(store, "n3", {**VALUES, "schedule": "第３火曜に　変わりました"}).kind == "duplicate"  # width, spaces
    assert submit(store, "n4", {**VALUES, "schedule": "第4火曜です"}).kind == "stored"
    stored = rows(store)
    assert len(stored) == 2 and stored[0].contact == "090-0000-0000" and "contact" not in stored[0].fields
    assert service.by_token(store, first.status_token).id == stored[0].id
    other = "y" if first.status_token.endswith("x") else "x"  # a token ending in x is 1 in 64
    assert service.by_token(store, first.status_token[:-1] + other) is None


def test_simultaneous_sends_of_one_form_store_one_row(store):
    with ThreadPoolExecutor(8) as pool:
        kinds = list(pool.map(lambda _: submit(store, "same-nonce").kind, range(8)))
    assert kinds.count("stored") == 1 and set(kinds) <= {"stored", "replayed", "duplicate"}
    assert len(rows(store)) == 1


def test_two_reviewers_cannot_both_decide(store):
    rev = add(store, "rev", "reviewer")
    other = add(store, "rev2", "reviewer")
    submit(store, "n1")
    sid = rows(store)[0].id
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda who: service.resolve(store, sid, "not_used", reviewer=who, note="", ip=""),
                                (rev, other)))
    assert sorted(results) == [False, True]


def test_spam_blocks_the_text_and_the_sender(store):
    rev = add(store, "rev", "reviewer")
    spam = {**VALUES, "schedule": "激安 https://spam.example.net/x"}
    submit(store, "n1", spam)
    assert service.resolve(store, rows(store)[0].id, "spam", reviewer=rev, note="", ip="", block_text=True)
    assert submit(store, "n2", spam, client="other", record="zushi-salon-03").kind == "refused"
    assert submit(store, "n3", {**VALUES, "schedule": "see www.spam.example.net"}, client="other").kind == "refused"
    assert submit(store, "n4", {**VALUES, "schedule": "まったく別の正しい内容"}, client="c1").kind == "refused"
    assert submit(store, "n5", {**VALUES, "schedule": "まったく別の正しい内容"}, client="c2").kind == "stored"


def test_contacts_are_deleted_90_days_after_resolution(store):
    rev = add(store, "rev", "reviewer")
    for n in ("a", "b", "c"):
        submit(store, n, {**VALUES, "schedule": f"内容 {n}"})
    a, b, _c = rows(store)
    for row in (a, b):
        service.resolve(store, row.id, "not_used", reviewer=rev, note="", ip="")
    with store.tx() as s:
        s.get(Suggestion, a.id).resolved_at = utcnow() - timedelta(days=90, minutes=1)
        s.get(Suggestion, b.id).resolved_at = utcnow() - timedelta(days=89)
    assert service.purge_contacts(store) == 1
    after = {r.id: r for r in rows(store)}
    assert after[a.id].contact == "" and after[a.id].contact_deleted_at is not None
    assert after[b.id].contact and after[_c.id].contact  # not yet due; not resolved
    assert service.purge_contacts(store) == 0
