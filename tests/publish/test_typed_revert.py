"""A revert typed as a new change never marks a record verified (issue 26.9). Before: an editor who typed the
old phone number back over a wrong one published an ordinary edit — `last_verified` became today and the
editor's organisation was added to the sources, as if the record had just been checked."""
from __future__ import annotations

from publish_fixtures import read_rows
from test_revert import WRONG, contexts

from tsunagu.staff.changes import propose, review
from tsunagu.staff.csvstore import row_version
from tsunagu.staff.publisher import Publisher


def test_typing_the_old_value_back_restores_the_record_as_it_was(site_copy):
    store, ed, rev1, _ = contexts(site_copy)
    before = next(r for r in read_rows(site_copy.resources_csv) if r["kind"] == "salon")
    publisher = Publisher(store, site_copy.settings, {"zushi": "逗子市"})
    wrong = propose(ed, "zushi", before["id"], {"phone": WRONG}, row_version(before))
    review(rev1, wrong.id, "approve", "")
    assert publisher.publish_queued()
    live = next(r for r in read_rows(site_copy.resources_csv) if r["id"] == before["id"])
    typed = propose(ed, "zushi", before["id"], {"phone": before["phone"]}, row_version(live))
    review(rev1, typed.id, "approve", "")
    assert publisher.publish_queued()
    after = next(r for r in read_rows(site_copy.resources_csv) if r["id"] == before["id"])
    assert after["last_verified"] == before["last_verified"] != live["last_verified"]
    assert after == before  # the phone, the sources and the last-verified date as they were
    assert typed.action == "revert" and f"#{wrong.id}" in typed.review_note  # the reviewer is told so


def test_a_new_value_is_still_an_edit_that_marks_the_record_verified(site_copy):
    store, ed, rev1, _ = contexts(site_copy)
    before = next(r for r in read_rows(site_copy.resources_csv) if r["kind"] == "salon")
    publisher = Publisher(store, site_copy.settings, {"zushi": "逗子市"})
    first = propose(ed, "zushi", before["id"], {"phone": WRONG}, row_version(before))
    review(rev1, first.id, "approve", "")
    assert publisher.publish_queued()
    live = next(r for r in read_rows(site_copy.resources_csv) if r["id"] == before["id"])
    other = propose(ed, "zushi", before["id"], {"phone": "046-111-2222"}, row_version(live))
    assert other.action == "edit"
