"""Exactly one publisher (issue 26.2), on SQLite and PostgreSQL: two publishers started against one database (two
servers, or two workers) — one takes the lock and publishes, the other waits; when the first stops, the second
takes over and publishes the next approval."""
from __future__ import annotations

import time

import pytest

from tsunagu.staff import changes, csvstore
from tsunagu.staff.changes import Context
from tsunagu.staff.models import ChangeRequest
from tsunagu.staff.publisher import STANDBY_SECONDS, Publisher

from .conftest import add

pytestmark = pytest.mark.bundled_data  # the staff fixtures copy data/

NAMES = {"zushi": "逗子市", "kamakura": "鎌倉市", "nagano": "長野市", "shimonoseki": "下関市"}


def approved(store, settings, editor, reviewer, phone: str) -> int:
    row = csvstore.find_row(settings.data_dir, "zushi", "zushi-salon-02")[1]
    cr = changes.propose(Context(store, settings, editor, "192.0.2.1", NAMES), "zushi", "zushi-salon-02",
                         {"phone": phone}, csvstore.row_version(row))
    changes.review(Context(store, settings, reviewer, "192.0.2.1", NAMES), cr.id, "approve", "")
    return cr.id


def live(store, cr_id: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with store.tx() as s:
            if s.get(ChangeRequest, cr_id).publish_state == "live":
                return True
        time.sleep(0.1)
    return False


def test_of_two_publishers_one_publishes_and_the_other_takes_over(store, staff_settings):
    editor, reviewer = add(store, "ed", "editor"), add(store, "rev", "reviewer")
    built: list[str] = []

    def builder(who: str):
        # Which publisher built is what this test is about; a real build is tests/publish/test_publish_job.py's.
        def build(settings):
            built.append(who)
            path = settings.build_dir / f"build-{len(built)}"
            path.mkdir(parents=True)
            return path
        return build

    first = Publisher(store, staff_settings, NAMES, build_fn=builder("first"), maintenance_seconds=0)
    second = Publisher(store, staff_settings, NAMES, build_fn=builder("second"), maintenance_seconds=0)
    first.start()
    time.sleep(0.5)
    second.start()
    try:
        assert live(store, approved(store, staff_settings, editor, reviewer, "046-873-1111"), timeout=20)
        assert built == ["first"] and first.is_leader and not second.is_leader
        first.stop()
        assert live(store, approved(store, staff_settings, editor, reviewer, "046-873-2222"),
                    timeout=STANDBY_SECONDS + 15)
        assert built == ["first", "second"] and second.is_leader
    finally:
        first.stop()
        second.stop()
