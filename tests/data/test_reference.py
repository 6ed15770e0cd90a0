"""data/reference.py: cities.yaml and the town, facility and station tables are parsed once per
data folder and shared by the loader, the validator, the area-rule check, the address engine and
the search index builder."""
from __future__ import annotations

import os
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

from tsunagu.build import check_all
from tsunagu.data import reference
from tsunagu.data.loader import load_cities
from tsunagu.geo.engine import GeoEngine
from tsunagu.search.indexer import district_names
from tsunagu.search.places import compile_places

pytestmark = pytest.mark.bundled_data

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    """A fresh copy of the bundled data: its own folder, so no earlier test has read it yet."""
    dst = tmp_path / "data"
    shutil.copytree(ROOT / "data", dst, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dst


_OPENED: list[Counter] = []  # a counter while a test is counting


def _count_opens(event: str, args: tuple) -> None:
    # An audit hook sees every open() by any code; it cannot be removed, so it only counts
    # while a test has put a counter in _OPENED.
    if event == "open" and _OPENED and isinstance(args[0], (str, os.PathLike)):
        _OPENED[0][Path(args[0]).name] += 1


sys.addaudithook(_count_opens)


def test_a_check_and_a_build_open_each_table_once(data, tmp_path):
    opened: Counter = Counter()
    _OPENED.append(opened)
    try:
        problems = check_all(data)  # loader, row validator, area-rule check
        engine = GeoEngine(data)  # gazetteer: cities, towns, facilities, stations
        compile_places(data, tmp_path / "places.json")  # search: district and town names
        district_names(data)
        load_cities(data)
    finally:
        _OPENED.clear()
    assert not problems.errors
    assert {name: opened[Path(name).name] for name in reference.FILES} == dict.fromkeys(reference.FILES, 1)
    ref = reference.load(data)
    assert ref.reads == dict.fromkeys(reference.FILES, 1)
    # …and every part saw the same tables
    assert set(engine.gaz.cities) == {c["slug"] for c in ref.cities} == set(load_cities(data))
    assert len(engine.gaz.facilities) == len({f["properties"]["common_id"] for f in ref.facilities
                                              if str(f["properties"]["city_code"]) in engine.gaz.by_code5})


def test_an_edited_file_is_read_again(data):
    first = reference.load(data)
    assert reference.load(data) is first
    path = data / reference.CITIES
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("逗子市", "逗子市", 1) + "\n# edited\n", encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    second = reference.load(data)
    assert second is not first
    assert [c["slug"] for c in second.cities] == [c["slug"] for c in first.cities]


def test_missing_tables_are_empty_for_the_validator_and_an_error_for_the_address_engine(data):
    (data / reference.TOWNS).unlink()
    ref = reference.load(data)
    assert ref.town_names({"14208": "zushi"}) == {}
    with pytest.raises(OSError):
        ref.town_rows  # noqa: B018  # the gazetteer cannot work without towns: it must say so
