"""Schedule parser: plain-Japanese description, HSDS shape, check messages, weekdays, garbage."""
from __future__ import annotations

import random
from datetime import date

import pytest

from tsunagu.data.problems import ProblemList
from tsunagu.data.schedule import check, describe, next_dates, parse, weekdays_of


def test_describe_in_plain_japanese():
    assert describe(parse("第1・3火曜 10時〜12時、祝日は休み")) == "毎月 第1・第3 火曜日 10:00〜12:00（祝日は休み）"
    assert describe(parse("奇数月の第2土曜")) == "奇数月の 第2 土曜日"
    assert describe(parse("隔週木曜（2026年1月8日から）")) == "隔週 木曜日（2026年1月8日から）"
    assert describe(parse("平日 8:30〜17:15 年末年始休み")) == "毎週 月〜金曜日 08:30〜17:15（年末年始（12月29日〜1月3日）は休み）"
    assert describe(parse("月末の金曜 午後")) == "毎月 最終 金曜日 午後"
    assert describe(parse("第6火曜")) == ""  # an impossible rule is never described as if it were one


def test_hsds_shape_keeps_the_source_and_the_unread_part():
    s = parse("第2・4金曜日 9:30〜11:30（夏休みあり）")
    h = s.hsds()
    assert h["source"] == "第2・4金曜日 9:30〜11:30（夏休みあり）"
    assert h["status"] == "partial"
    assert h["schedules"] == [{"freq": "MONTHLY", "interval": 1, "byday": "2FR,4FR", "bymonth": None,
                               "bymonthday": None, "opens_at": "09:30", "closes_at": "11:30", "dtstart": None,
                               "part_of_day": None}]
    assert h["notes"] == ["夏休みあり"]
    assert h["timezone"] == "Asia/Tokyo"
    # partly read: no date is presented as fact
    assert next_dates(s, date(2026, 12, 1)) == []


def test_monday_salon_in_the_week_of_coming_of_age_day():
    occ = next_dates(parse("毎週月曜 10:00〜12:00 祝日は休み"), date(2027, 1, 5))
    assert [o.label() for o in occ] == ["1月11日（月・祝）10:00〜12:00", "1月18日（月）10:00〜12:00",
                                        "1月25日（月）10:00〜12:00", "2月1日（月）10:00〜12:00"]
    assert [o.skipped for o in occ] == ["祝日のため休み", "", "", ""]


def test_a_holiday_the_text_does_not_close_on_is_marked_not_skipped():
    occ = next_dates(parse("第1金曜日 13:00〜15:00"), date(2026, 12, 1))
    assert occ[1].label() == "1月1日（金・祝）13:00〜15:00" and not occ[1].skipped


def test_weekdays_of_for_the_printed_guides():
    assert weekdays_of("第1・3火曜、毎週金曜") == [1, 4]
    assert weekdays_of("第2土曜（夏休みあり）") == [5]  # partly read still meets on Saturdays
    assert weekdays_of("毎月15日") is None
    assert weekdays_of("月1回・不定") is None
    assert weekdays_of("第6火曜") is None
    assert weekdays_of("") is None


def messages(text: str) -> list[str]:
    problems = ProblemList()
    check(problems, "resources/zushi.csv", 7, text)
    return [str(p) for p in problems]


def test_check_errors_name_file_row_column_and_what_to_fix():
    assert messages("第6火曜") == ["resources/zushi.csv:7:schedule: 「第6火曜」: 第6週はありません。第1〜第5か「最終」で書いてください"]
    assert messages("毎週火曜 25:00") == [
        "resources/zushi.csv:7:schedule: 日時「毎週火曜 25:00」の「25:00」: 25時という時刻はありません（0:00〜24:00 で書いてください。例: 10:00〜12:00）"]
    assert messages("毎週火曜 13:00〜12:00") == [
        "resources/zushi.csv:7:schedule: 日時「毎週火曜 13:00〜12:00」の「13:00〜12:00」: 終わりの時刻が始まりの時刻より前です（例: 13:00〜15:00）"]
    assert "「第」のあとは1〜5の数字か「最終」にしてください" in messages("第ゼロ火曜")[0]


def test_check_warnings_quote_the_part_not_understood():
    (w,) = messages("第2土曜（夏休みあり）")
    assert w.startswith("resources/zushi.csv:7:schedule: 警告: 日時「第2土曜（夏休みあり）」のうち「夏休みあり」が読み取れないため")
    (w,) = messages("月1回・不定")
    assert "「月1回・不定」は曜日・時刻として読み取れないため、書かれたとおりに表示します" in w
    (w,) = messages("隔週木曜")
    assert "隔週の起点の日が書かれていない" in w
    assert messages("") == [] and messages("毎週火曜 10:00〜12:00") == []


@pytest.mark.parametrize("text", ["第ゼロ", "99時", "🎉🎉🎉", "x" * 5000, "第" * 300, "毎週" * 100, "1時〜" * 50,
                                  "隔週木曜（2026年2月30日から）", "毎月0日", "0月の第1火曜"])
def test_garbage_gives_a_message_never_an_exception_nor_a_date(text):
    s = parse(text)
    assert s.status != "parsed" or next_dates(s, date(2026, 12, 1))
    problems = ProblemList()
    check(problems, "f.csv", 2, text)
    assert problems, "garbage must produce a warning or an error"


def test_random_text_never_raises():
    rng = random.Random(11)
    alphabet = "第一二三1234567890・、／月火水木金土日曜毎週隔月末最終時分半午前後正〜-:祝休年始奇偶数の日🎉a "
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        s = parse(text)
        describe(s)
        next_dates(s, date(2026, 12, 1))


def test_long_text_is_not_read():
    s = parse("毎週火曜 " + "あ" * 400)
    assert s.status == "text" and s.rules == ()
