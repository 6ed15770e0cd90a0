"""`tsunagu check` on the schedule column: impossible rules stop the row (file:row:column), unread text warns."""
from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tsunagu.data.loader import load_directory
from tsunagu.data.schedule import parse

pytestmark = pytest.mark.bundled_data

ROOT = Path(__file__).resolve().parents[2]
CELLS = {
    "zushi-salon-01": "第6火曜",  # impossible: error
    "zushi-salon-02": "毎週火曜 13:00〜12:00",  # impossible: error
    "zushi-salon-03": "第2土曜（夏休みあり）",  # partly read: warning
    "zushi-salon-05": "第1・3火曜 10:00〜12:00、祝日は休み",  # read: nothing to say
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("schedcheck") / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("geo", "*.py", "__pycache__"))
    (data / "geo").symlink_to(ROOT / "data" / "geo")
    path = data / "resources" / "zushi.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        row["schedule"] = CELLS.get(row["id"], row["schedule"])
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields)
        writer.writeheader()
        writer.writerows(rows)
    return data


def row_of(data_dir: Path, rid: str) -> int:
    with (data_dir / "resources" / "zushi.csv").open(encoding="utf-8") as fh:
        return next(i for i, row in enumerate(csv.DictReader(fh), start=2) if row["id"] == rid)


def test_impossible_schedules_are_errors_with_file_row_column(data_dir):
    directory = load_directory(data_dir)
    errors = [str(p) for p in directory.problems.errors]
    assert errors == [
        f"resources/zushi.csv:{row_of(data_dir, 'zushi-salon-01')}:schedule: 「第6火曜」: 第6週はありません。第1〜第5か「最終」で書いてください",
        (f"resources/zushi.csv:{row_of(data_dir, 'zushi-salon-02')}:schedule: 日時「毎週火曜 13:00〜12:00」の「13:00〜12:00」: "
        "終わりの時刻が始まりの時刻より前です（例: 13:00〜15:00）"),
    ]
    ids = {r.id for r in directory.resources}
    assert "zushi-salon-01" not in ids and "zushi-salon-02" not in ids and "zushi-salon-05" in ids


def test_unread_text_is_a_warning_quoting_the_part(data_dir):
    warnings = [str(p) for p in load_directory(data_dir).problems if p.severity == "warning" and p.column == "schedule"]
    row = row_of(data_dir, "zushi-salon-03")
    assert f"resources/zushi.csv:{row}:schedule: 警告: 日時「第2土曜（夏休みあり）」のうち「夏休みあり」が読み取れないため、" \
           "次回の日付は出しません。「第1・3火曜 10:00〜12:00、祝日は休み」の形で書いてください" in warnings
    assert not any(f":{row_of(data_dir, 'zushi-salon-05')}:schedule:" in w for w in warnings)


def test_cli_check_fails_on_an_impossible_schedule(data_dir):
    proc = subprocess.run([sys.executable, "-m", "tsunagu.cli", "--data-dir", str(data_dir), "check"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 1
    assert "第6週はありません" in proc.stdout


def test_bundled_schedules_parse_without_errors_and_add_nothing():
    """The plans print 9 schedule texts; none names a weekday or a time, so none gets a date."""
    texts = []
    for path in sorted((ROOT / "data" / "resources").glob("*.csv")):
        with path.open(encoding="utf-8-sig") as fh:
            texts += [row["schedule"] for row in csv.DictReader(fh) if row["schedule"]]
    statuses = [parse(t).status for t in texts]
    assert len(texts) == 9 and not any(parse(t).errors for t in texts)
    assert statuses.count("parsed") == 0
