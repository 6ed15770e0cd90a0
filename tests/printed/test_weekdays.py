"""Salons by weekday: the grouping takes any `weekdays_of`; the default never guesses."""
from __future__ import annotations

from dataclasses import dataclass

from tsunagu.site.printed import weekdays
from tsunagu.site.printed.weekdays import UNKNOWN_LABEL, group_by_weekday


@dataclass
class Item:
    name: str
    schedule: str


ITEMS = [Item("朝の体操", "毎週火曜と金曜 10時"), Item("お茶会", "第2月曜"), Item("手芸", "月に1回"), Item("囲碁", "")]


def table_parser(text: str) -> list[int] | None:
    """A stand-in parser written for the test: a fixed table, as the real one's contract says."""
    return {"毎週火曜と金曜 10時": [4, 1], "第2月曜": [0]}.get(text)


def test_default_puts_every_salon_under_weekday_unknown():
    groups = group_by_weekday(ITEMS)
    assert [g.label for g in groups] == [UNKNOWN_LABEL]
    assert [it.name for it in groups[0].items] == ["朝の体操", "お茶会", "手芸", "囲碁"]


def test_injected_parser_groups_monday_first_and_lists_a_twice_weekly_salon_twice():
    groups = group_by_weekday(ITEMS, table_parser)
    assert [(g.label, [it.name for it in g.items]) for g in groups] == [
        ("月曜日", ["お茶会"]), ("火曜日", ["朝の体操"]), ("金曜日", ["朝の体操"]), (UNKNOWN_LABEL, ["手芸", "囲碁"])]


def test_the_module_level_hook_is_the_one_place_to_wire_the_parser(monkeypatch):
    monkeypatch.setattr(weekdays, "WEEKDAYS_OF", table_parser)
    assert weekdays.weekdays_of("第2月曜") == [0]
    assert group_by_weekday(ITEMS)[0].label == "月曜日"
    assert weekdays.weekdays_of("") is None
