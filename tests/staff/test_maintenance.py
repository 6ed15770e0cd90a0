"""Nothing left stuck (issue 31.4): `tsunagu maintenance` returns a suggestion a dead server left "accepting" to
the reviewers' queue, ends expired sessions, deletes contacts due for deletion and prunes old builds — each
action in the audit log, and a second run changes nothing."""
from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tsunagu import builds
from tsunagu.cli import main
from tsunagu.staff import maintenance, sessions
from tsunagu.staff.models import AuditEntry, ChangeRequest, StaffSession, utcnow
from tsunagu.suggest.models import Suggestion

from .conftest import add

pytestmark = pytest.mark.bundled_data  # the staff fixtures copy data/


def suggestion(s, status: str, **kw) -> Suggestion:
    row = Suggestion(ticket=secrets.token_hex(5), status_hash=secrets.token_hex(32), city="zushi",
                     record_id="zushi-salon-02", kind="correction", fields={"other": "電話番号が変わりました"},
                     flags=[], fingerprint=secrets.token_hex(32), form_nonce=secrets.token_hex(32), status=status, **kw)
    s.add(row)
    s.flush()
    return row


def audit_lines(store) -> list[tuple[str, str]]:
    with store.tx() as s:
        return [(e.action, e.target) for e in s.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))]


def fake_builds(build_dir, n: int) -> list[str]:
    names = [f"20261201-00000{i}-1-abcd" for i in range(n)]
    for name in names:
        folder = builds.builds_dir(build_dir) / name
        folder.mkdir(parents=True)
        (folder / "records.json").write_text("{}", encoding="utf-8")
    builds.switch_current(build_dir, builds.builds_dir(build_dir) / names[-1])
    return names


def run_cli(settings) -> int:
    import os
    os.environ["TSUNAGU_VAR_DIR"] = str(settings.var_dir)  # the CLI reads its settings from the environment
    if settings.database_url:
        os.environ["TSUNAGU_DATABASE_URL"] = settings.database_url
    try:
        return main(["--data-dir", str(settings.data_dir), "--build-dir", str(settings.build_dir), "maintenance"])
    finally:
        os.environ.pop("TSUNAGU_VAR_DIR")
        os.environ.pop("TSUNAGU_DATABASE_URL", None)


def test_maintenance_leaves_nothing_stuck_and_a_second_run_changes_nothing(store, staff_settings):
    editor, reviewer = add(store, "ed", "editor"), add(store, "rev", "reviewer")
    names = fake_builds(staff_settings.build_dir, 5)
    with store.tx() as s:
        stuck = suggestion(s, "accepting")  # the server died between claiming it and proposing the change
        cr = ChangeRequest(city="zushi", record_id="zushi-salon-03", action="edit", author_id=editor.id, changes=[],
                           status="approved", publish_state="live", reviewer_id=reviewer.id)
        s.add(cr)
        s.flush()
        half = suggestion(s, "accepting", change_request_id=cr.id)  # died after approval, before "accepted"
        old = suggestion(s, "not_used", contact="090-1234-5678", resolved_at=utcnow() - timedelta(days=91))
        fresh = suggestion(s, "not_used", contact="090-8765-4321", resolved_at=utcnow() - timedelta(days=3))
        sessions.new_session(s, editor.id, "192.0.2.1")
        s.flush()
        for row in s.scalars(sa.select(StaffSession)):
            row.last_seen = utcnow() - timedelta(hours=2)
        sessions.new_session(s, reviewer.id, "192.0.2.2")  # in use: stays
    assert run_cli(staff_settings) == 0
    with store.tx() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(StaffSession)) == 1
        assert (s.get(Suggestion, old.id).contact, s.get(Suggestion, fresh.id).contact) == ("", "090-8765-4321")
        assert s.get(Suggestion, stuck.id).status == "accepting"  # seen once: an accept may be under way
    kept = sorted(p.name for p in builds.builds_dir(staff_settings.build_dir).iterdir())
    assert kept == names[-2:] and builds.served_build(staff_settings.build_dir).name == names[-1]

    later = utcnow() + maintenance.ACCEPTING_GRACE + timedelta(minutes=1)
    assert maintenance.stuck_suggestions(store, "maintenance", now=later) == 2
    with store.tx() as s:
        assert s.get(Suggestion, stuck.id).status == "received"  # back in the reviewers' queue
        assert s.get(Suggestion, half.id).status == "accepted"  # its change was approved: on its way
    log = audit_lines(store)
    for action in ("sessions_ended", "suggest_contacts_deleted", "builds_pruned", "suggest_accepting_returned",
                   "suggest_accepting_settled"):
        assert sum(1 for a, _ in log if a == action) == 1, action
    assert run_cli(staff_settings) == 0
    assert maintenance.stuck_suggestions(store, "maintenance", now=later) == 0
    assert audit_lines(store) == log  # idempotent: nothing more to do, nothing more written


def test_a_database_that_is_down_gets_a_clear_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    from .pg import free_port
    monkeypatch.setenv("TSUNAGU_DATABASE_URL", f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none")
    monkeypatch.setenv("TSUNAGU_VAR_DIR", str(tmp_path / "var"))
    for command in (["maintenance"], ["publish", "--once"]):
        assert main(["--build-dir", str(tmp_path / "build"), *command]) == 2
        err = capsys.readouterr().err
        assert "スタッフ用のデータベースを開けません" in err and "Traceback" not in err
