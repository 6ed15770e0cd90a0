"""A new salon with a town gets its district where districts are made of towns (issue 28.4)."""
from __future__ import annotations

import csv

import pytest
from world import copy_data

from tsunagu.data.loader import load_directory

pytestmark = pytest.mark.bundled_data


def add_salon(data, city: str, town: str) -> None:
    path = data / "resources" / f"{city}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    new = dict.fromkeys(fields, "") | {"id": f"{city}-salon-new", "city": city, "kind": "salon",
                                       "name": "新しいサロン", "town": town, "location_public": "false",
                                       "source": "supplied:テスト 2026-12-06"}
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=fields).writerow({k: new.get(k, "") for k in fields})


def test_a_salon_in_a_zushi_town_joins_that_district(tmp_path):
    data = copy_data(tmp_path / "data")
    add_salon(data, "zushi", "久木四丁目")
    directory = load_directory(data)
    assert not directory.problems.errors, directory.problems.errors[:3]
    salon = next(r for r in directory.resources if r.id == "zushi-salon-new")
    assert salon.district == "hisagi"


def test_where_districts_list_no_towns_the_district_stays_unknown(tmp_path):
    data = copy_data(tmp_path / "data")
    add_salon(data, "kamakura", "大船")
    salon = next(r for r in load_directory(data).resources if r.id == "kamakura-salon-new")
    assert salon.district == ""
