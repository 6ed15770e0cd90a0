"""A description that says a fact is missing follows the fields (issue 28.5)."""
from __future__ import annotations

import csv

import pytest
from world import copy_data

from tsunagu.build import check_all
from tsunagu.data.missing_facts import contradictions, reconcile

TEXT = "住民が主体となって開く集いの場です。日時・連絡先は計画に記載がありません。"


def test_nothing_supplied_keeps_the_sentence():
    assert reconcile(TEXT, set()) == TEXT and contradictions(TEXT, set()) == []


def test_a_supplied_schedule_narrows_it_to_what_is_still_missing():
    assert reconcile(TEXT, {"schedule"}) == "住民が主体となって開く集いの場です。連絡先は計画に記載がありません。"
    assert reconcile(TEXT, {"phone"}) == "住民が主体となって開く集いの場です。日時は計画に記載がありません。"


def test_both_supplied_drop_it():
    assert reconcile(TEXT, {"schedule", "phone"}) == "住民が主体となって開く集いの場です。"
    assert contradictions(TEXT, {"schedule", "phone"}) == ["日時・連絡先は計画に記載がありません。"]


@pytest.mark.bundled_data
def test_check_names_the_row_and_column_without_refusing(tmp_path):
    """`tsunagu check` (and so the console) says which description is left contradicting a supplied field."""
    data = copy_data(tmp_path / "data")
    path = data / "resources" / "zushi.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    row_no = next(i for i, r in enumerate(rows, start=2) if "日時・連絡先は計画に記載がありません" in r["description"])
    rows[row_no - 2]["schedule"] = "毎週月曜 10:00〜12:00"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    problems = check_all(data)
    found = [p for p in problems if p.column == "description" and "食い違います" in p.message]
    assert [str(p).split(": ")[0] for p in found] == [f"resources/zushi.csv:{row_no}:description"]
    assert not problems.errors, "a warning: it never blocks a publish"

