"""やさしい日本語 kept to its guideline (issue 30.3): short sentences, です・ます, no double negatives, no
honorific or written-style forms — over the whole catalog and the schedule and answer wording."""
from __future__ import annotations

from datetime import date

import pytest

from tsunagu.data.lang_columns import easy_problems
from tsunagu.data.schedule import next_dates, parse
from tsunagu.data.schedule_say import date_label_in, describe_in
from tsunagu.site.pages import catalogs

# The rules `tsunagu check` holds description_easy to (data/lang_columns.py): one set, for catalogs and records.
problems = easy_problems


def easy_catalog() -> list[tuple[str, str]]:
    return [(m.id, m.string) for m in catalogs.read("easy") if m.id and isinstance(m.string, str)]


def test_the_check_catches_what_the_guideline_forbids():
    assert problems("行かないわけではない。")
    assert problems("この窓口ではご相談を受け付けておりますので、お気軽にお問い合わせください。")
    assert problems("きょうは 雨だ。あしたも 雨だ。")  # not です・ます
    assert not problems("相談する ところです。電話してください。")


def test_easy_catalog_keeps_the_guideline():
    bad = {msgid: p for msgid, text in easy_catalog() if (p := problems(text))}
    assert not bad, bad


@pytest.mark.parametrize("text", ["第1・3火曜 10:00〜12:00、祝日は休み", "毎週月・水 13:30〜15:00",
                                  "隔週木曜 10:00〜11:30（2026年4月2日から）", "毎月15日 午前", "第2・4金曜 10時〜12時"])
def test_schedules_in_easy_japanese_keep_the_guideline(text):
    said = describe_in(parse(text), "easy")
    assert said and not problems(said), (said, problems(said))
    for o in next_dates(parse(text), date(2026, 12, 6)):
        assert not problems(date_label_in(o, "easy"))


def test_the_issue_s_example():
    assert describe_in(parse("第1・3火曜 10:00〜12:00"), "easy") == "毎月 第1・第3 火曜日 10時から 12時まで"
    assert describe_in(parse("第1・3火曜 10:00〜12:00"), "en") == "every month on the 1st and 3rd Tuesday, 10:00–12:00"
