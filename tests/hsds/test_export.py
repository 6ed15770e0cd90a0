"""`tsunagu export hsds` as a data user meets it: a package frictionless finds valid against Open Referral's own
Table Schemas, with the rows the API serves, the private home kept to its town and the sources in every row."""
from __future__ import annotations

import csv
import json

import pytest
from frictionless import validate

from tsunagu.cli import main

pytestmark = pytest.mark.bundled_data

CITIES = ("zushi", "kamakura", "nagano", "shimonoseki")


def export(settings, city, out) -> int:
    return main(["--data-dir", str(settings.data_dir), "--build-dir", str(settings.build_dir),
                 "export", "hsds", "--city", city, "--out", str(out)])


def rows(folder, name) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def packages(settings, tmp_path_factory):
    root = tmp_path_factory.mktemp("hsds-packages")
    for city in CITIES:
        assert export(settings, city, root / city) == 0
    return root


@pytest.mark.parametrize("city", CITIES)
def test_each_city_package_is_valid_for_frictionless(packages, city):
    report = validate(packages / city / "datapackage.json")
    errors = [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]
    print(f"\nfrictionless {city}: valid={report.valid} tables={report.stats['tasks']} errors={report.stats['errors']}")
    assert report.valid, errors[:10] or report.to_dict()
    descriptor = json.loads((packages / city / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["tsunagu"] and descriptor["license"]["type"] == "CC-BY-SA-4.0"


@pytest.mark.parametrize("city", CITIES)
def test_the_package_holds_what_the_api_serves(packages, client, city):
    api = client.get(f"/api/hsds/{city}/services", params={"per_page": 100}).json()
    services = rows(packages / city, "services.csv")
    assert len(services) == api["total_items"]
    assert {s["id"] for s in services} >= {s["id"] for s in api["contents"]}
    assert all(json.loads(s["tsunagu_sources"]) for s in services)  # a source in every row
    facilities = [loc for loc in rows(packages / city, "locations.csv") if loc["tsunagu_id"]]
    assert facilities and all(json.loads(loc["tsunagu_sources"]) for loc in facilities)


def test_the_private_home_is_a_town_in_the_package_too(packages, app):
    home = next(r for r in app.state.holder.current.catalog.in_city("zushi") if not r.location_public)
    locations = rows(packages / "zushi", "locations.csv")
    (place,) = [loc for loc in locations if loc["tsunagu_private_home"] == "true"]
    assert place["tsunagu_town"] == home.town and place["latitude"] == place["longitude"] == ""
    assert place["id"] not in {a["location_id"] for a in rows(packages / "zushi", "addresses.csv")}
    assert str(home.lat) not in (packages / "zushi" / "locations.csv").read_text(encoding="utf-8")


def test_an_unknown_city_is_refused_with_the_cities_it_has(settings, tmp_path, capsys):
    assert export(settings, "osaka", tmp_path / "out") == 2
    assert "zushi" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
