"""Read schedules through the API, as a client meets them: the bundled plans print none the parser can read, so
this serves a copy of the build in which a few 逗子 salons have schedules (as tests/web/test_schedule_pages.py
does), and checks each whole service against the official compiled service schema."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from frictionless import validate
from world import test_settings

from tsunagu.cli import main
from tsunagu.hsds.schemas import validator
from tsunagu.site.app import create_app

pytestmark = pytest.mark.bundled_data

SCHEDULES = {
    "zushi-salon-01": "毎週月曜 10:00〜12:00 祝日は休み",
    "zushi-salon-02": "第2・4木曜 13:30〜15:30",
    "zushi-salon-05": "第2土曜（夏休みあり）",
    "zushi-salon-09": "奇数月の第3水曜 13:30〜15:00",
}


@pytest.fixture(scope="module")
def sched_client(settings, tmp_path_factory):
    root = tmp_path_factory.mktemp("hsds-schedules")
    build = root / "builds" / "b1"
    shutil.copytree(settings.current_build.resolve(), build)
    (root / "current").symlink_to(Path("builds") / "b1")
    records = json.loads((build / "records.json").read_text(encoding="utf-8"))
    for r in records["resources"]:
        r["schedule"] = SCHEDULES.get(r["id"], r["schedule"])
    (build / "records.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    with TestClient(create_app(test_settings(root, data_dir=settings.data_dir, build_dir=root, tile_url=""))) as c:
        yield c, root


def schedules(served, record_id: str) -> list[dict]:
    body = served[0].get(f"/api/hsds/zushi/services/{record_id}").json()
    assert not [e.message for e in validator("service.json").iter_errors(body)]
    return body["schedules"]


def test_a_read_schedule_is_recurrence_fields_in_a_valid_service(sched_client):
    (monday,) = schedules(sched_client, "zushi-salon-01")
    assert (monday["freq"], monday["byday"], monday["opens_at"], monday["closes_at"]) == ("WEEKLY", "MO", "10:00",
                                                                                          "12:00")
    assert monday["tsunagu_exceptions"][0]["label"] == "祝日は休み" and "祝日は休み" in monday["description"]
    (thursdays,) = schedules(sched_client, "zushi-salon-02")
    assert (thursdays["freq"], thursdays["byday"]) == ("MONTHLY", "2TH,4TH")


def test_a_partly_read_schedule_and_odd_months_stay_words(sched_client):
    (partial,) = schedules(sched_client, "zushi-salon-05")
    assert partial["description"] == SCHEDULES["zushi-salon-05"] and "freq" not in partial
    (odd,) = schedules(sched_client, "zushi-salon-09")
    assert "freq" not in odd and odd["tsunagu_bymonth"] == "1,3,5,7,9,11"


def test_read_schedules_export_as_valid_table_rows(sched_client, settings, tmp_path):
    """Table Schema's `time` is hh:mm:ss and `number` a number: the package's schedules.csv still validates."""
    assert main(["--data-dir", str(settings.data_dir), "--build-dir", str(sched_client[1]),
                 "export", "hsds", "--city", "zushi", "--out", str(tmp_path)]) == 0
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, [e.message for task in report.tasks for e in task.errors][:5]
    rows = (tmp_path / "schedules.csv").read_text(encoding="utf-8")
    assert "10:00:00,12:00:00" in rows and "2TH,4TH" in rows
