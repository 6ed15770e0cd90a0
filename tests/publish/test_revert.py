"""Reverting an approved change (issue 31.2): an inverse change request, reviewed and published like any
other; the record comes back as it was — its facts, its sources and its last-verified date."""
from __future__ import annotations

import pytest
from publish_fixtures import read_rows

from tsunagu.staff.accounts import add_account
from tsunagu.staff.changes import ChangeError, Context, propose, review
from tsunagu.staff.csvstore import row_version
from tsunagu.staff.db import open_store
from tsunagu.staff.publisher import Publisher
from tsunagu.staff.revert import propose_revert

PASSWORD = "revert-test-passphrase-2026"
WRONG = "046-000-1234"


def contexts(site):
    store = open_store(site.settings)
    with store.tx() as s:
        ed = add_account(s, "ed", PASSWORD, "editor", ["zushi"], "逗子市社会福祉協議会", {"zushi"})
        r1 = add_account(s, "rev1", PASSWORD, "reviewer", ["zushi"], "逗子市", {"zushi"})
        r2 = add_account(s, "rev2", PASSWORD, "reviewer", ["zushi"], "逗子市", {"zushi"})
    names = {"zushi": "逗子市"}
    return store, *(Context(store, site.settings, a, "127.0.0.1", names) for a in (ed, r1, r2))


def test_a_published_change_is_undone_through_review(site_copy):
    store, ed, rev1, rev2 = contexts(site_copy)
    before = next(r for r in read_rows(site_copy.resources_csv) if r["kind"] == "salon")
    cr = propose(ed, "zushi", before["id"], {"phone": WRONG}, row_version(before))
    review(rev1, cr.id, "approve", "")
    publisher = Publisher(store, site_copy.settings, {"zushi": "逗子市"})
    assert publisher.publish_queued()
    live = next(r for r in read_rows(site_copy.resources_csv) if r["id"] == before["id"])
    assert live["phone"] == WRONG and live["last_verified"] != before["last_verified"]
    undo = propose_revert(rev1, cr.id)
    assert {c["field"] for c in undo.changes} >= {"phone", "source", "last_verified"}
    with pytest.raises(ChangeError, match="もう確認待ち"):
        propose_revert(rev2, cr.id)
    review(rev2, undo.id, "approve", "電話番号の誤り")
    assert publisher.publish_queued()
    after = next(r for r in read_rows(site_copy.resources_csv) if r["id"] == before["id"])
    assert after == before  # the phone, the sources and the last-verified date as they were


def test_an_added_record_or_an_unpublished_change_cannot_be_reverted(site_copy):
    store, ed, rev1, _ = contexts(site_copy)
    added = propose(ed, "zushi", None, {"name": "ためしのサロン", "kind": "salon", "district": "zushi",
                                        "location_public": "true"}, "")
    with pytest.raises(ChangeError, match="公開済みの変更だけ"):
        propose_revert(rev1, added.id)
    review(rev1, added.id, "approve", "")
    Publisher(store, site_copy.settings, {"zushi": "逗子市"}).publish_queued()
    with pytest.raises(ChangeError, match="追加した記録は、変更依頼では消せません"):
        propose_revert(rev1, added.id)
    with pytest.raises(ChangeError, match="確認者か管理者だけ"):
        propose_revert(ed, added.id)
