"""Schedules on the site: the resource page's dates, the .ics file, the API, the 曜日・今週・午前午後 filters.

The fixture copies the real build into a temporary folder and gives five 逗子 salons schedule text
(the bundled plans print none that can be read), then serves it with the real app.
"""
from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from bs4 import BeautifulSoup
from world import test_settings

from tsunagu.data.model import Resource
from tsunagu.data.schedule import next_dates, parse
from tsunagu.site.pages.schedule_filter import ScheduleFilter, matches
from tsunagu.site.pages.schedule_view import next_seven_days, schedule_view, tokyo_today

pytestmark = pytest.mark.bundled_data

SCHEDULES = {
    "zushi-salon-01": "毎週月曜 10:00〜12:00 祝日は休み",
    "zushi-salon-02": "第2・4木曜 13:30〜15:30",
    "zushi-salon-05": "第2土曜（夏休みあり）",
    "zushi-salon-09": "毎日 9:00〜11:00",
    "zushi-salon-04": "毎週水曜 午後",  # a private home: the .ics names the town only
}


@pytest.fixture(scope="module")
def sched_client(settings, tmp_path_factory):
    from fastapi.testclient import TestClient

    from tsunagu.site.app import create_app
    root = tmp_path_factory.mktemp("schedbuild")
    build = root / "builds" / "b1"
    shutil.copytree(settings.current_build.resolve(), build)
    (root / "current").symlink_to(Path("builds") / "b1")
    records = json.loads((build / "records.json").read_text(encoding="utf-8"))
    for r in records["resources"]:
        if r["id"] in SCHEDULES:
            r["schedule"] = SCHEDULES[r["id"]]
    (build / "records.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    app = create_app(test_settings(root, data_dir=settings.data_dir, build_dir=root, tile_url=""))
    with TestClient(app) as c:
        yield c


def soup(resp):
    assert resp.status_code == 200, resp.text[:300]
    return BeautifulSoup(resp.text, "html.parser")


def page_dates(client, rid: str) -> list[str]:
    page = soup(client.get(f"/zushi/resources/{rid}"))
    return [t["datetime"] for t in page.select(".schedule-dates time")]


def test_resource_page_says_when_in_plain_japanese_with_the_next_dates(sched_client):
    page = soup(sched_client.get("/zushi/resources/zushi-salon-02"))
    text = page.get_text(" ")
    assert "毎月 第2・第4 木曜日 13:30〜15:30" in text
    expected = next_dates(parse(SCHEDULES["zushi-salon-02"]), tokyo_today())
    assert page.select_one(".schedule-next").get_text(strip=True) == f"次回: {expected[0].label()}"
    assert [li.get_text(strip=True) for li in page.select(".schedule-dates li")] == [o.label() for o in expected]
    assert len(expected) == 3
    assert "日時は変わることがあります。出かける前に確認を" in text  # no phone in the data
    assert page.find("a", href="/zushi/resources/zushi-salon-02.ics")


def test_partly_read_schedule_shows_the_text_and_no_date(sched_client):
    page = soup(sched_client.get("/zushi/resources/zushi-salon-05"))
    text = page.get_text(" ")
    assert "第2土曜（夏休みあり）" in text
    assert "「夏休みあり」が読み取れないため、次回の日付は出していません" in text
    assert not page.select(".schedule-next") and not page.select(".schedule-dates")
    assert not page.find("a", href="/zushi/resources/zushi-salon-05.ics")
    assert sched_client.get("/zushi/resources/zushi-salon-05.ics").status_code == 404


def test_text_only_schedule_is_shown_as_written(client):
    page = soup(client.get("/zushi/resources/zushi-svc-food-drive"))
    assert "福祉会館ではいつでも受け付け" in page.get_text(" ")
    assert not page.select(".schedule-next")


def test_a_skipped_holiday_is_said_on_the_page():
    r = Resource(id="x", city="zushi", kind="salon", name="月曜サロン", schedule=SCHEDULES["zushi-salon-01"])
    view = schedule_view(r, today=date(2027, 1, 5))
    assert view.next_label == "次回: 1月18日（月）10:00〜12:00"
    assert (view.dates[0].label, view.dates[0].skipped) == ("1月11日（月・祝）10:00〜12:00", "祝日のため休み")


@pytest.mark.parametrize("rid", ["zushi-salon-01", "zushi-salon-02", "zushi-salon-09", "zushi-salon-04"])
def test_ics_reparsed_and_expanded_gives_the_pages_dates(sched_client, rid):
    resp = sched_client.get(f"/zushi/resources/{rid}.ics")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(resp.content)
    if rid != "zushi-salon-04":  # 「毎週水曜 午後」 has no time: all-day events, no time zone needed
        assert any(c.name == "VTIMEZONE" and c["TZID"] == "Asia/Tokyo" for c in cal.walk())
    today = tokyo_today()
    events = recurring_ical_events.of(cal).between(today, today + timedelta(days=120))
    days = sorted({e["DTSTART"].dt.isoformat()[:10] for e in events})  # date or datetime in Asia/Tokyo
    shown = page_dates(sched_client, rid)
    assert shown and days[:len(shown)] == shown
    if rid == "zushi-salon-04":
        assert str(cal.walk("VEVENT")[0]["LOCATION"]) == "逗子七丁目"  # the town only, never the home


def test_ics_excludes_holidays_with_exdate(sched_client):
    cal = icalendar.Calendar.from_ical(sched_client.get("/zushi/resources/zushi-salon-01.ics").content)
    (event,) = cal.walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["MO"]
    assert str(event["DTSTART"].params.get("TZID")) == "Asia/Tokyo"
    exdays = {d.dt.date() for ex in ([event["EXDATE"]] if not isinstance(event["EXDATE"], list) else event["EXDATE"])
              for d in ex.dts}
    import jpholiday
    mondays = [d for d in (tokyo_today() + timedelta(days=i) for i in range(365)) if d.weekday() == 0]
    assert {d for d in mondays if jpholiday.is_holiday(d)} <= exdays
    assert all(jpholiday.is_holiday(d) for d in exdays)


def test_api_exposes_the_structure_and_the_next_dates(sched_client):
    data = sched_client.get("/api/v1/zushi/resources/zushi-salon-02").json()
    s = data["schedule_structured"]
    assert s["source"] == "第2・4木曜 13:30〜15:30" and s["status"] == "parsed"
    assert s["schedules"][0]["byday"] == "2TH,4TH" and s["schedules"][0]["opens_at"] == "13:30"
    assert [d["date"] for d in data["next_dates"]] == page_dates(sched_client, "zushi-salon-02")
    assert sched_client.get("/api/v1/zushi/resources/zushi-salon-03").json()["schedule_structured"] is None


def result_ids(page) -> list[str]:
    return [li["id"][2:] for li in page.select("li.resource-item")]


def test_search_weekday_facet_and_filters(sched_client):
    page = soup(sched_client.get("/zushi/search", params={"kind": "salon", "day": "th"}))
    ids = result_ids(page)
    assert set(ids) == {"zushi-salon-02", "zushi-salon-09"}
    options = {o["value"]: o.get_text() for o in page.select("#when-day option")}
    assert options["th"] == "木曜日（2件）" and options["mo"] == "月曜日（2件）" and options["sa"] == "土曜日（2件）"
    assert "1" not in [o.get("value") for o in page.select("#when-day option[selected]")]
    pm = result_ids(soup(sched_client.get("/zushi/search", params={"kind": "salon", "ampm": "pm"})))
    assert set(pm) == {"zushi-salon-02", "zushi-salon-04"}
    am = result_ids(soup(sched_client.get("/zushi/search", params={"kind": "salon", "ampm": "am"})))
    assert set(am) == {"zushi-salon-01", "zushi-salon-09"}


def test_open_within_seven_days_uses_the_dates_the_pages_show(sched_client):
    today = tokyo_today()
    _, last = next_seven_days(today)
    expected = {rid for rid, text in SCHEDULES.items()
                if any(not o.skipped and o.day <= last for o in next_dates(parse(text), today))}
    page = soup(sched_client.get("/zushi/search", params={"kind": "salon", "week": "1"}))
    ids = result_ids(page)
    assert set(ids) == expected and "zushi-salon-09" in expected and "zushi-salon-05" not in ids
    label = page.select_one("label[for=when-week]").get_text()
    assert label.startswith("7日以内にひらく") and f"{today.month}月{today.day}日" in label
    assert f"{last.month}月{last.day}日" in label


def test_on_a_sunday_the_seven_day_choice_still_finds_mondays_salon():
    sunday = date(2026, 12, 6)
    salon = Resource(id="s", city="zushi", kind="salon", name="月曜サロン", schedule="毎週月曜 10:00〜12:00")
    assert matches(salon, ScheduleFilter(week=True), sunday)
    assert not matches(salon, ScheduleFilter(week=True, day="tu"), sunday)


def test_near_page_filters_by_weekday(sched_client):
    page = soup(sched_client.get("/zushi/near", params={"address": "逗子5丁目", "day": "th"}))
    assert set(result_ids(page)) == {"zushi-salon-02", "zushi-salon-09"}
    assert page.select_one("#when-day option[selected]")["value"] == "th"


def test_unknown_filter_values_are_ignored_not_errors(sched_client):
    resp = sched_client.get("/zushi/search", params={"kind": "salon", "day": "<x>", "ampm": "night", "week": "🎉"})
    assert resp.status_code == 200
    assert len(result_ids(soup(resp))) > 5


def test_api_search_filters_by_weekday_and_gives_next_dates(sched_client):
    data = sched_client.get("/api/v1/zushi/search", params={"kind": "salon", "day": "th"}).json()
    assert {r["id"] for r in data["results"]} == {"zushi-salon-02", "zushi-salon-09"} and data["total"] == 2
    row = next(r for r in data["results"] if r["id"] == "zushi-salon-02")
    assert [d["date"] for d in row["next_dates"]] == page_dates(sched_client, "zushi-salon-02")


@pytest.mark.parametrize("text", ["第2月曜 10:00〜12:00 祝日の場合は翌日", "毎週月曜 10:00〜12:00 祝日は休み",
                                  "第1・3水曜 13:30〜15:00、毎月15日 10時〜11時 年末年始休み", "隔週木曜 2026年1月8日から",
                                  "奇数月の第2土曜 8月は休み", "最終金曜 14:00〜16:00"])
def test_ics_from_a_fixed_day_matches_the_page_dates_including_holidays(text):
    """Around 成人の日 2027 (1月11日): the .ics, expanded independently, gives the held days the page lists."""
    from tsunagu.site.pages.calendar_ics import build_ics
    today = date(2027, 1, 5)
    r = Resource(id="t", city="zushi", kind="salon", name="テスト", schedule=text)
    cal = icalendar.Calendar.from_ical(build_ics(r, "会館", today))
    held = [o for o in next_dates(parse(text), today) if not o.skipped]
    events = recurring_ical_events.of(cal).between(today, held[-1].day + timedelta(days=1))
    assert sorted(e["DTSTART"].dt.isoformat()[:10] for e in events) == [o.day.isoformat() for o in held]


def test_a_meeting_moved_from_a_holiday_says_so():
    r = Resource(id="x", city="zushi", kind="salon", name="月曜サロン", schedule="第2月曜 10:00〜12:00 祝日の場合は翌日")
    view = schedule_view(r, today=date(2027, 1, 5))
    assert [(d.label, d.skipped) for d in view.dates[:2]] == [
        ("1月11日（月・祝）10:00〜12:00", "祝日のため翌日に"), ("1月12日（火）10:00〜12:00（1月11日が祝日のため）", "")]
    assert view.next_label == "次回: 1月12日（火）10:00〜12:00（1月11日が祝日のため）"


def test_api_near_filters_by_weekday_and_gives_next_dates(sched_client):
    data = sched_client.get("/api/v1/zushi/near", params={"address": "逗子5丁目", "day": "th", "limit": "10"}).json()
    assert {r["id"] for r in data["results"]} == {"zushi-salon-02", "zushi-salon-09"}
    assert all(r["next_dates"] for r in data["results"])
    plain = sched_client.get("/api/v1/zushi/near", params={"address": "逗子5丁目", "limit": "10"}).json()
    assert len(plain["results"]) == 10


def test_the_api_with_a_weekday_filter_searches_once_and_agrees_with_the_page(sched_client, monkeypatch):
    """Issue 23: with a 曜日 filter the API searched one page and then every hit again; the page and the API
    now run one search (site/pages/search_run.py) and list the same records in the same order."""
    searcher = sched_client.app.state.holder.current.searcher
    calls: list = []
    real = searcher.search
    monkeypatch.setattr(searcher, "search", lambda *a, **kw: calls.append(kw.get("page")) or real(*a, **kw))
    params = {"q": "サロン", "day": "th"}
    body = sched_client.get("/api/v1/zushi/search", params=params).json()
    assert "zushi-salon-02" in [r["id"] for r in body["results"]]  # 第2・4木曜
    assert calls == [1], "every hit in one search (100 a call; this list is shorter)"
    calls.clear()
    page = soup(sched_client.get("/zushi/search", params=params))
    assert calls == [1]
    links = [a["href"].rsplit("/", 1)[1] for a in page.select("main a[href^='/zushi/resources/']")]
    assert list(dict.fromkeys(links))[:len(body["results"])] == [r["id"] for r in body["results"]]


def test_a_description_never_says_the_schedule_it_shows_is_missing(sched_client):
    """Issue 28.5: with a schedule supplied, 「日時・連絡先は計画に記載がありません。」 narrows to the phone."""
    text = soup(sched_client.get("/zushi/resources/zushi-salon-01")).find("main").get_text()
    assert "日時・連絡先は計画に記載がありません" not in text
    assert "連絡先は計画に記載がありません。" in text and "毎週月曜" in text


def test_ics_location_names_the_place_and_its_address(sched_client):
    """Issue 28.8: the calendar entry said the place without its address."""
    page = soup(sched_client.get("/zushi/resources/zushi-salon-01"))
    address = next((dd.get_text(strip=True) for dt in page.select("dt") if dt.get_text(strip=True) == "住所"
                    for dd in [dt.find_next_sibling("dd")]), "")
    assert address and address != "計画に記載なし", "the fixture salon's venue has an address"
    cal = icalendar.Calendar.from_ical(sched_client.get("/zushi/resources/zushi-salon-01.ics").content)
    assert address in str(cal.walk("VEVENT")[0]["LOCATION"])
