"""One way for tests to make a site of their own: settings in a temp folder, never the repository's.

Every test app gets a private `var/` (staff database, search-gap counts, leases) and starts no publisher
thread unless the test asks for one (`publisher=True`). The bundled data is used only through a copy,
by tests marked `bundled_data`.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

from tsunagu.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_DATA = ROOT / "data"


def copy_data(dest: Path) -> Path:
    """The bundled data/ without its code (a real copy: a build snapshots data/ into itself)."""
    shutil.copytree(BUNDLED_DATA, dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dest


def test_settings(tmp: Path, *, data_dir: Path | None = None, build_dir: Path | None = None,
                  publisher: bool = False, **kw: Any) -> Settings:
    """Settings rooted in `tmp`: data/ (a copy of the bundled data unless given), build/ and var/ there."""
    tmp.mkdir(parents=True, exist_ok=True)
    if data_dir is None:
        data_dir = copy_data(tmp / "data")
    kw.setdefault("sheets_per_minute", 10_000)  # one test client makes many sheets; the limit has its own test
    return Settings(data_dir=data_dir, build_dir=build_dir or tmp / "build", var_dir=tmp / "var",
                    staff_publisher=publisher, **kw)


test_settings.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test pytest should collect


def data_with_rows(tmp_path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """The small broken-data fixture with 逗子's resources replaced by `rows` (and the geo files check reads)."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "data" / "fixtures" / "broken", data)
    (data / "corrections.csv").write_text("resource_id,field,as_printed,corrected,certainty,note\n", encoding="utf-8")
    with (data / "resources" / "zushi.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rows])
    (data / "geo").mkdir()
    for name in ("city_boundaries_n03_2022.geojson", "shelters_gsi_2025.geojson", "town_points_geolonia.csv"):
        shutil.copy(ROOT / "data" / "geo" / name, data / "geo" / name)
    return data
