"""Schedules as an HSDS client reads them: a fully read text gives recurrence fields that say the same days,
a partly read one gives its words only (never a half rule), and what HSDS has no field for (祝日, 奇数月 without a
start month) stays in the description and the profile's extensions. Each row is checked against the official
schedule schema."""
from __future__ import annotations

from jsonschema import Draft202012Validator

from tsunagu.hsds.ids import hsds_id
from tsunagu.hsds.schedules import schedule_rows
from tsunagu.hsds.schemas import schema

SID = hsds_id("test", "service", "s")
SCHEDULE = schema("service.json")["properties"]["schedules"]["items"]


def rows(text: str) -> list[dict]:
    out = [r.model_dump(exclude_none=True) for r in schedule_rows(text, SID, lambda *p: hsds_id(SID, *map(str, p)))]
    checker = Draft202012Validator(SCHEDULE, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for row in out:
        assert not [e.message for e in checker.iter_errors(row)], row
    return out


def test_second_and_fourth_tuesday_with_holidays_off():
    (row,) = rows("毎月第2・4火曜日 10:00〜12:00（祝日は休み）")
    assert (row["freq"], row["interval"], row["byday"]) == ("MONTHLY", 1, "2TU,4TU")
    assert (row["opens_at"], row["closes_at"], row["timezone"]) == ("10:00", "12:00", 9.0)
    assert "祝日は休み" in row["description"]
    assert row["tsunagu_exceptions"] == [{"type": "holidays", "label": "祝日は休み"}]


def test_every_monday_morning_has_no_invented_time():
    (row,) = rows("毎週月曜日 午前")
    assert (row["freq"], row["byday"]) == ("WEEKLY", "MO")
    assert "opens_at" not in row and "午前" in row["description"]


def test_every_other_week_without_a_start_is_words_only():
    (row,) = rows("隔週木曜 10時から")
    assert row["description"] == "隔週木曜 10時から"
    assert not {"freq", "interval", "byday", "opens_at"} & set(row)
    assert row["tsunagu_schedule_status"] == "一部だけ読み取れた"


def test_odd_months_without_a_start_month_do_not_claim_every_month():
    (row,) = rows("奇数月の第3水曜 13:30〜15:00")
    assert "freq" not in row and row["tsunagu_bymonth"] == "1,3,5,7,9,11"
    assert "奇数月" in row["description"] or "1・3・5" in row["description"]


def test_a_text_nothing_was_read_from_stays_text():
    (row,) = rows("多くのチームが月1回定例会")
    assert row == {"id": row["id"], "service_id": SID, "description": "多くのチームが月1回定例会",
                   "tsunagu_schedule_status": "読み取れない（文字のまま）"}
    assert rows("") == []
