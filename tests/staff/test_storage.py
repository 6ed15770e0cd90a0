"""Accounts, sessions, CSRF tokens, change requests and the audit log, on SQLite and a real PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from tsunagu.staff import accounts, audit, changes, csvstore, sessions
from tsunagu.staff.changes import ChangeError, Context
from tsunagu.staff.models import AuditEntry, ChangeRequest, StaffSession
from tsunagu.staff.publisher import Publisher

from .conftest import PASSWORD, add

pytestmark = pytest.mark.bundled_data

CITY_NAMES = {"zushi": "逗子市", "kamakura": "鎌倉市", "nagano": "長野市", "shimonoseki": "下関市"}


def ctx(store, settings, account, ip="192.0.2.1") -> Context:
    return Context(store, settings, account, ip, CITY_NAMES)


def actions(store) -> list[str]:
    with store.tx() as s:
        return [e.action for e in reversed(audit.entries(s))]


def test_the_audit_log_refuses_updates_and_deletes(store):
    with store.tx() as s:
        audit.record(s, "login", actor="alice", ip="192.0.2.1")
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match=r"append-only|not authorized"), store.tx() as s:
            s.execute(sa.text(statement))
    with store.tx() as s:
        assert [(e.actor, e.action) for e in s.scalars(sa.select(AuditEntry))] == [("alice", "login")]


def test_migrations_run_again_without_change(store):
    from tsunagu.staff.db import migrate
    migrate(store.engine)
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from tsunagu.staff.db import MIGRATIONS
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(cfg).get_current_head()  # one head: no two branches of migrations
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == head


def test_accounts_keep_only_an_argon2_hash_and_refuse_bad_input(store):
    account = add(store, "alice", "editor")
    assert account.password_hash.startswith("$argon2id$") and PASSWORD not in account.password_hash
    bad = [("alice", PASSWORD, "editor", ["zushi"], "もう登録"),
           ("bob", "short", "editor", ["zushi"], "12 文字以上"),
           ("bob", "iloveyou1234", "editor", ["zushi"], "推測されやすい"),  # a breached password
           ("bob", PASSWORD, "owner", ["zushi"], "役割"),
           ("bob", PASSWORD, "editor", ["osaka"], "osaka"),
           ("Bob Smith", PASSWORD, "editor", ["zushi"], "名前")]
    for name, password, role, cities, message in bad:
        with pytest.raises(accounts.AccountError, match=message), store.tx() as s:
            accounts.add_account(s, name, password, role, cities, "", set(CITY_NAMES))
    with store.tx() as s:
        assert [a.name for a in accounts.list_accounts(s)] == ["alice"]


def test_five_failures_lock_the_account_even_against_the_right_password(store):
    add(store, "alice", "editor")
    for _ in range(accounts.MAX_FAILURES):
        assert accounts.sign_in(store, "alice", "wrong password!", "192.0.2.9").account is None
    result = accounts.sign_in(store, "alice", PASSWORD, "192.0.2.9")
    assert result.account is None and "15 分間" in result.message
    assert accounts.sign_in(store, "nobody", PASSWORD, "192.0.2.9").message == "名前かパスワードが違います"
    assert actions(store) == ["account_add"] + ["login_failed"] * 5 + ["login_locked", "login_failed"]


def test_many_failures_from_one_address_are_throttled_whatever_the_name(store):
    add(store, "alice", "editor")
    for i in range(accounts.MAX_FAILURES_PER_ADDRESS):
        accounts.sign_in(store, f"guess{i}", "wrong password!", "198.51.100.7")
    result = accounts.sign_in(store, "alice", PASSWORD, "198.51.100.7")
    assert result.account is None and "接続元" in result.message
    assert accounts.sign_in(store, "alice", PASSWORD, "192.0.2.1").account is not None
    assert actions(store)[-2:] == ["login_throttled", "login"]


def test_sessions_time_out_and_end_when_the_account_is_disabled(store):
    account = add(store, "alice", "editor")
    with store.tx() as s:
        idle = sessions.new_session(s, account.id, "192.0.2.1")
        other = sessions.new_session(s, account.id, "192.0.2.1")
    with store.tx() as s:
        s.get(StaffSession, sessions._digest(idle)).last_seen -= timedelta(minutes=sessions.IDLE_MINUTES + 1)
    with store.tx() as s:
        assert sessions.load_session(s, idle) == (None, "expired")
        assert sessions.load_session(s, other)[0] is not None
        assert sessions.load_session(s, "made-up-token") == (None, "")
    with store.tx() as s:
        accounts.disable_account(s, "alice")
    with store.tx() as s:
        assert sessions.load_session(s, other) == (None, "")


def test_csrf_tokens_work_once_and_only_for_their_session(store):
    with store.tx() as s:
        mine, theirs = sessions.new_session(s, None, ""), sessions.new_session(s, None, "")
    with store.tx() as s:
        session = sessions.load_session(s, mine)[0]
        other = sessions.load_session(s, theirs)[0]
        token = sessions.issue_csrf(s, session)
    with store.tx() as s:
        assert sessions.spend_csrf(s, other, token) == "invalid"
        assert sessions.spend_csrf(s, session, token) == ""
    with store.tx() as s:
        assert sessions.spend_csrf(s, session, token) == "replayed"
        assert sessions.spend_csrf(s, session, "") == "missing"


def _edit(store, settings, author, record="zushi-salon-02", **values):
    version = csvstore.row_version(csvstore.find_row(settings.data_dir, "zushi", record)[1])
    return changes.propose(ctx(store, settings, author), "zushi", record, values, version)


def test_an_approved_change_is_written_with_provenance_and_nothing_else_moves(store, staff_settings):
    editor, reviewer = add(store, "ed", "editor"), add(store, "rev", "reviewer")
    path = csvstore.resource_csv(staff_settings.data_dir, "zushi")
    before = path.read_text(encoding="utf-8").splitlines()
    cr = _edit(store, staff_settings, editor, phone="０４６－８７３－１１１１", fee="100円")
    assert [(c["field"], c["before"], c["after"]) for c in cr.changes] == [("phone", "", "046-873-1111"), ("fee", "", "100円")]
    with pytest.raises(ChangeError, match="確認者か管理者だけ") as not_reviewer:
        changes.review(ctx(store, staff_settings, editor), cr.id, "approve", "")
    assert not_reviewer.value.status == 403
    changes.review(ctx(store, staff_settings, reviewer), cr.id, "approve", "電話で確認")
    with pytest.raises(ChangeError, match="もう処理") as twice:
        changes.review(ctx(store, staff_settings, reviewer), cr.id, "approve", "")
    assert twice.value.status == 409
    assert path.read_text(encoding="utf-8").splitlines() == before  # approval alone writes nothing
    Publisher(store, staff_settings, CITY_NAMES)._apply_all()
    after = path.read_text(encoding="utf-8").splitlines()
    # A new column (fee) is appended to the header; the other rows only gain an empty cell.
    assert after[0] == before[0] + ",fee" and len(after) == len(before)
    assert [i for i, (a, b) in enumerate(zip(before[1:], after[1:], strict=True)) if a + "," != b] == [1]
    row = csvstore.find_row(staff_settings.data_dir, "zushi", "zushi-salon-02")[1]
    today = __import__("datetime").date.today().isoformat()
    assert row["phone"] == "046-873-1111" and row["fee"] == "100円" and row["last_verified"] == today
    assert row["source"].endswith(f";supplied:逗子市社会福祉協議会（{today}）")
    from tsunagu.build import check_all
    assert not check_all(staff_settings.data_dir).errors
    assert actions(store)[-4:] == ["change_proposed", "review_refused", "change_approved", "review_refused"]


def test_a_reviewer_cannot_approve_their_own_change(store, staff_settings):
    author, other = add(store, "rev1", "reviewer"), add(store, "rev2", "reviewer")
    cr = _edit(store, staff_settings, author, phone="046-873-1111")
    with pytest.raises(ChangeError, match="自分が出した変更") as own:
        changes.review(ctx(store, staff_settings, author), cr.id, "approve", "")
    assert own.value.status == 403 and actions(store)[-1] == "review_refused"
    changes.review(ctx(store, staff_settings, other), cr.id, "reject", "電話番号の出典を書いてください")
    with store.tx() as s:
        assert s.get(ChangeRequest, cr.id).status == "rejected"


def test_a_change_made_from_an_old_version_is_refused_not_overwritten(store, staff_settings):
    editor, reviewer = add(store, "ed", "editor"), add(store, "rev", "reviewer")
    first = _edit(store, staff_settings, editor, phone="046-873-1111")
    second = _edit(store, staff_settings, editor, phone="046-873-2222")  # same starting version
    changes.review(ctx(store, staff_settings, reviewer), first.id, "approve", "")
    Publisher(store, staff_settings, CITY_NAMES)._apply_all()
    with pytest.raises(ChangeError, match="別の変更") as late:
        changes.review(ctx(store, staff_settings, reviewer), second.id, "approve", "")
    assert late.value.status == 409
    assert csvstore.find_row(staff_settings.data_dir, "zushi", "zushi-salon-02")[1]["phone"] == "046-873-1111"
    with store.tx() as s:
        assert s.get(ChangeRequest, second.id).status == "pending"


def test_bad_values_are_refused_with_the_checks_own_message_and_nothing_is_stored(store, staff_settings):
    editor = add(store, "ed", "editor")
    cases = [({"phone": "000-0000-0000x"}, "phone", "電話番号"),
             ({"description": "改行\x00なし"}, "description", "制御文字"),
             ({"address": "鎌倉市御成町18-10"}, "address", "鎌倉市の住所"),
             ({"url": "javascript:alert(1)"}, "url", "http"),
             ({"fee": "x" * 3000}, "fee", "長すぎ")]
    for values, column, message in cases:
        with pytest.raises(ChangeError) as err:
            _edit(store, staff_settings, editor, **values)
        assert err.value.status == 400
        assert [c for c, _ in err.value.field_errors] == [column] and message in err.value.field_errors[0][1]
    with store.tx() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(ChangeRequest)) == 0
    assert actions(store).count("change_invalid") == len(cases)


def test_an_editor_cannot_touch_another_city(store, staff_settings):
    editor = add(store, "ed", "editor")
    with pytest.raises(ChangeError, match="鎌倉市の記録は扱えません") as err:
        changes.propose(ctx(store, staff_settings, editor), "kamakura", "kamakura-desk-kurashi", {"phone": "0467-00-0000"}, "")
    assert err.value.status == 403 and actions(store)[-1] == "forbidden_city"


def test_a_private_home_keeps_its_town_only(store, staff_settings):
    editor = add(store, "ed", "editor")
    cr = _edit(store, staff_settings, editor, location_public="false", address="逗子市逗子3-1-1")
    new = changes.apply_changes(csvstore.find_row(staff_settings.data_dir, "zushi", "zushi-salon-02")[1], cr.changes)
    assert new["location_public"] == "false" and new["address"] == "" and new["venue"] == ""


def test_only_a_citys_single_admin_may_approve_their_own_change(store, staff_settings):
    admin = add(store, "solo", "admin", cities=("nagano",))
    rows = csvstore.read_table(csvstore.resource_csv(staff_settings.data_dir, "nagano"))[1]
    record = rows[0]["id"]
    version = csvstore.row_version(rows[0])
    cr = changes.propose(ctx(store, staff_settings, admin), "nagano", record, {"fee": "無料"}, version)
    changes.review(ctx(store, staff_settings, admin), cr.id, "approve", "ひとりの管理者")
    cr2 = changes.propose(ctx(store, staff_settings, admin), "nagano", record, {"fee": "100円"}, version)
    add(store, "second", "reviewer", cities=("nagano",))
    with pytest.raises(ChangeError, match="自分が出した変更"):
        changes.review(ctx(store, staff_settings, admin), cr2.id, "approve", "")


def test_a_failed_build_puts_the_row_back_and_requeues_the_change(store, staff_settings, tmp_path):
    editor, reviewer = add(store, "ed", "editor"), add(store, "rev", "reviewer")
    path = csvstore.resource_csv(staff_settings.data_dir, "zushi")
    before = path.read_text(encoding="utf-8")
    cr = _edit(store, staff_settings, editor, phone="046-873-1111")
    changes.review(ctx(store, staff_settings, reviewer), cr.id, "approve", "")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the build folder should be")
    from dataclasses import replace
    publisher = Publisher(store, replace(staff_settings, build_dir=blocked), CITY_NAMES)
    assert publisher.publish_queued() is None
    assert path.read_text(encoding="utf-8") == before
    with store.tx() as s:
        row = s.get(ChangeRequest, cr.id)
        assert (row.status, row.publish_state) == ("pending", "refused") and "失敗" in row.problems
    assert actions(store)[-1] == "publish_refused"


def test_an_edit_without_new_columns_changes_exactly_one_line(store, staff_settings):
    editor, reviewer = add(store, "ed", "editor"), add(store, "rev", "reviewer")
    path = csvstore.resource_csv(staff_settings.data_dir, "zushi")
    before = path.read_text(encoding="utf-8").splitlines()
    cr = _edit(store, staff_settings, editor, phone="046-873-1111")
    changes.review(ctx(store, staff_settings, reviewer), cr.id, "approve", "")
    Publisher(store, staff_settings, CITY_NAMES)._apply_all()
    after = path.read_text(encoding="utf-8").splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [2] and len(after) == len(before)


def test_a_new_record_is_added_with_the_supplier_as_its_source(store, staff_settings):
    editor, reviewer = add(store, "ed", "editor"), add(store, "rev", "reviewer")
    form = {"name": "桜山ふれあいサロン", "kind": "salon", "town": "桜山三丁目", "location_public": "false",
            "address": "逗子市桜山3-1-1", "schedule": "毎月第1水曜 13:30〜15:00", "targets": "高齢者"}
    cr = changes.propose(ctx(store, staff_settings, editor), "zushi", None, form, "")
    assert cr.action == "add" and cr.record_id.startswith("zushi-salon-")
    changes.review(ctx(store, staff_settings, reviewer), cr.id, "approve", "")
    Publisher(store, staff_settings, CITY_NAMES)._apply_all()
    row = csvstore.find_row(staff_settings.data_dir, "zushi", cr.record_id)[1]
    assert row["name"] == "桜山ふれあいサロン" and row["address"] == "" and row["town"] == "桜山三丁目"
    assert row["source"].startswith("supplied:逗子市社会福祉協議会（")
    from tsunagu.build import check_all
    assert not check_all(staff_settings.data_dir).errors
