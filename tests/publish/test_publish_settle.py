"""Settling what a dead publisher left (issue 26.2), each state a kill or an outage can leave, on real builds:
the build went live but the database never heard (PostgreSQL down as the build finished); killed before data/
was written; data/ edited by hand in between. No request stays 「公開の準備中」."""
from __future__ import annotations

import pytest
from publish_fixtures import read_rows, write_rows
from sqlalchemy import select

from tsunagu.build import build
from tsunagu.staff import changes, csvstore, settle
from tsunagu.staff.accounts import add_account
from tsunagu.staff.db import open_store
from tsunagu.staff.models import Account, AuditEntry, ChangeRequest
from tsunagu.staff.publisher import Publisher

pytestmark = pytest.mark.bundled_data

PASSWORD = "tsunagu-publish-settle-passphrase-42"
NAMES = {"zushi": "逗子市"}


def approved(site, phone: str):
    store = open_store(site.settings)
    with store.tx() as s:
        add_account(s, "ed", PASSWORD, "editor", ["zushi"], "逗子市社会福祉協議会", {"zushi"})
        add_account(s, "rev", PASSWORD, "reviewer", ["zushi"], "逗子市", {"zushi"})
    with store.tx() as s:
        ed, rev = (s.scalar(select(Account).where(Account.name == n)) for n in ("ed", "rev"))
    salon = next(r for r in read_rows(site.resources_csv) if r["kind"] == "salon")
    cr = changes.propose(changes.Context(store, site.settings, ed, "127.0.0.1", NAMES), "zushi", salon["id"],
                         {"phone": phone}, csvstore.row_version(salon))
    changes.review(changes.Context(store, site.settings, rev, "127.0.0.1", NAMES), cr.id, "approve", "")
    return store, cr.id, salon


def request(store, cr_id: int) -> ChangeRequest:
    with store.tx() as s:
        return s.get(ChangeRequest, cr_id)


def actions(store) -> list[str]:
    with store.tx() as s:
        return [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def counting(builds: list):
    def run(settings):
        builds.append(1)
        return build(settings)
    return run


def test_a_build_that_went_live_unrecorded_is_marked_live_without_building_again(site_copy):
    store, cr_id, _ = approved(site_copy, "046-873-4444")
    publisher = Publisher(store, site_copy.settings, NAMES, maintenance_seconds=0)
    publisher._apply_all()
    served = build(site_copy.settings)  # live; then the database went away before the request was marked
    assert request(store, cr_id).publish_state == "building"
    builds: list = []
    Publisher(store, site_copy.settings, NAMES, build_fn=counting(builds)).publish_queued()
    cr = request(store, cr_id)
    assert (cr.publish_state, cr.build_id, builds) == ("live", served.name, [])


def test_killed_before_data_was_written_the_change_is_applied_again_and_published(site_copy):
    store, cr_id, salon = approved(site_copy, "046-873-5555")
    with store.tx() as s:  # what the publisher records before it writes data/
        cr = s.get(ChangeRequest, cr_id)
        cr.publish_state, cr.previous_row, cr.written_row = "building", salon, {**salon, "phone": "046-873-5555"}
    builds: list = []
    build_id = Publisher(store, site_copy.settings, NAMES, build_fn=counting(builds)).publish_queued()
    cr = request(store, cr_id)
    assert (cr.publish_state, cr.build_id, len(builds)) == ("live", build_id, 1)
    assert "046-873-5555" in (site_copy.served() / "records.json").read_text(encoding="utf-8")
    assert actions(store)[-2:] == ["publish_requeued", "publish_live"]


def test_a_row_edited_by_hand_meanwhile_goes_back_to_review_not_overwritten(site_copy):
    store, cr_id, salon = approved(site_copy, "046-873-6666")
    Publisher(store, site_copy.settings, NAMES)._apply_all()  # written to data/, then killed
    rows = read_rows(site_copy.resources_csv)
    next(r for r in rows if r["id"] == salon["id"])["phone"] = "046-873-7777"  # a clerk's hand edit
    write_rows(site_copy.resources_csv, rows)
    Publisher(store, site_copy.settings, NAMES).publish_queued()
    cr = request(store, cr_id)
    assert (cr.publish_state, cr.status, cr.problems) == ("refused", "pending", settle.INTERRUPTED)
    assert next(r for r in read_rows(site_copy.resources_csv) if r["id"] == salon["id"])["phone"] == "046-873-7777"
