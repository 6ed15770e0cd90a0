"""Salons by weekday: the grouping takes any `weekdays_of`; the default never guesses."""
from __future__ import annotations

from dataclasses import dataclass

from tsunagu.guides import weekdays
from tsunagu.guides.weekdays import UNKNOWN_LABEL, group_by_weekday


@dataclass
class Item:
    name: str
    schedule: str


ITEMS = [Item("朝の体操", "毎週火曜と金曜 10時"), Item("お茶会", "第2月曜"), Item("手芸", "月に1回"), Item("囲碁", "")]


def table_parser(text: str) -> list[int] | None:
    """A stand-in parser written for the test: a fixed table, as the real one's contract says."""
    return {"毎週火曜と金曜 10時": [4, 1], "第2月曜": [0]}.get(text)


def test_the_real_parser_groups_what_it_reads_and_never_guesses_the_rest():
    items = [Item("朝の体操", "毎週火・金 10:00〜11:00"), Item("お茶会", "第2月曜"), Item("手芸", "月1回・不定"),
             Item("囲碁", "")]
    groups = group_by_weekday(items)
    assert [(g.label, [it.name for it in g.items]) for g in groups] == [
        ("月曜日", ["お茶会"]), ("火曜日", ["朝の体操"]), ("金曜日", ["朝の体操"]), (UNKNOWN_LABEL, ["手芸", "囲碁"])]


def test_next_dates_skip_holidays_and_unread_text_has_none():
    from datetime import date
    # 2027-01-11 is 成人の日 (a Monday): a Monday salon closed on holidays meets next on the 18th.
    assert weekdays.next_dates_of("毎週月曜 10:00〜12:00 祝日は休み", date(2027, 1, 10), 2) == [
        date(2027, 1, 18), date(2027, 1, 25)]
    assert weekdays.next_dates_of("月1回・不定", date(2027, 1, 10), 2) == []


def test_injected_parser_groups_monday_first_and_lists_a_twice_weekly_salon_twice():
    groups = group_by_weekday(ITEMS, table_parser)
    assert [(g.label, [it.name for it in g.items]) for g in groups] == [
        ("月曜日", ["お茶会"]), ("火曜日", ["朝の体操"]), ("金曜日", ["朝の体操"]), (UNKNOWN_LABEL, ["手芸", "囲碁"])]


def test_the_module_level_hook_is_the_one_place_to_wire_the_parser(monkeypatch):
    monkeypatch.setattr(weekdays, "WEEKDAYS_OF", table_parser)
    assert weekdays.weekdays_of("第2月曜") == [0]
    assert group_by_weekday(ITEMS)[0].label == "月曜日"
    assert weekdays.weekdays_of("") is None
