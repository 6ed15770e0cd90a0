"""Row versions hash the row's own values (issue 26.3): a column that another record's change adds to the city's
file (fee, how_to_join …) changes no other row's version, so other pending changes are not refused as conflicts."""
from __future__ import annotations

import pytest

from tsunagu.staff import changes, csvstore
from tsunagu.staff.changes import Context
from tsunagu.staff.models import ChangeRequest
from tsunagu.staff.publisher import Publisher

from .conftest import add

pytestmark = pytest.mark.bundled_data

NAMES = {"zushi": "逗子市", "kamakura": "鎌倉市", "nagano": "長野市", "shimonoseki": "下関市"}


def propose(store, settings, account, record_id: str, **values) -> ChangeRequest:
    version = csvstore.row_version(csvstore.find_row(settings.data_dir, "zushi", record_id)[1])
    return changes.propose(Context(store, settings, account, "192.0.2.1", NAMES), "zushi", record_id, values, version)


def test_a_column_added_for_one_record_is_no_conflict_for_another(store, staff_settings):
    editor, reviewer = add(store, "ed", "editor"), add(store, "rev", "reviewer")
    as_reviewer = Context(store, staff_settings, reviewer, "192.0.2.1", NAMES)
    waiting = propose(store, staff_settings, editor, "zushi-salon-02", phone="046-873-1111")
    fee = propose(store, staff_settings, editor, "zushi-salon-03", fee="100円")  # a column no row had
    changes.review(as_reviewer, fee.id, "approve", "")
    Publisher(store, staff_settings, NAMES)._apply_all()
    header = csvstore.read_table(csvstore.resource_csv(staff_settings.data_dir, "zushi"))[0]
    assert header[-1] == "fee"
    changes.review(as_reviewer, waiting.id, "approve", "")  # before: 409 「別の変更が公開されました」
    Publisher(store, staff_settings, NAMES)._apply_all()
    with store.tx() as s:
        assert s.get(ChangeRequest, waiting.id).publish_state == "building"
    assert csvstore.find_row(staff_settings.data_dir, "zushi", "zushi-salon-02")[1]["phone"] == "046-873-1111"


def test_a_request_made_before_versions_left_out_empty_cells_still_applies():
    row = {"id": "zushi-salon-02", "name": "サロン", "phone": ""}
    legacy = csvstore._legacy_version(row)
    assert legacy != csvstore.row_version(row) and csvstore.version_matches(row, legacy)
    assert not csvstore.version_matches({**row, "name": "別の名前"}, legacy)
