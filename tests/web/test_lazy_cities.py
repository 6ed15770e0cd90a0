"""A server loads a city's records on the city's first request and keeps at most Settings.city_cache cities
(issue 25.2): nothing is read before a visitor asks, the least recently used city is dropped beyond the bound
and read again, the same, when asked; two requests for one unloaded city read it once."""
from __future__ import annotations

import dataclasses
import json
import shutil
import threading
import time

import pytest
from fastapi.testclient import TestClient

from tsunagu.build.output import CatalogHead, RecordsFile, write_sliced
from tsunagu.catalog import Catalog, CityRecords
from tsunagu.site.app import create_app

pytestmark = pytest.mark.bundled_data


def test_a_city_is_loaded_on_its_first_request_and_not_before(settings):
    with TestClient(create_app(settings)) as client:
        catalog = client.app.state.holder.current.catalog
        total = client.get("/healthz").json()["resources"]
        assert catalog.lazy and catalog.loaded() == []  # neither start-up nor /healthz reads a city
        assert total == sum(len(json.loads((settings.current_build / "records" / f"{slug}.json").read_text("utf-8")))
                            for slug in catalog.cities)
        page = client.get("/zushi/search", params={"q": "サロン"})
        assert page.status_code == 200 and "サロン" in page.text
        assert catalog.loaded() == ["zushi"]  # only the city asked for
        desk = catalog.desks("zushi")[0]
        assert client.get(f"/zushi/resources/{desk.id}").status_code == 200
        assert catalog.loaded() == ["zushi"] and catalog.loads == 1


def test_the_least_recently_used_city_is_dropped_and_read_again_the_same(settings):
    small = dataclasses.replace(settings, city_cache=2)
    with TestClient(create_app(small)) as client:
        catalog = client.app.state.holder.current.catalog
        first = client.get("/zushi/").text
        client.get("/kamakura/")
        client.get("/nagano/")
        assert catalog.loaded() == ["kamakura", "nagano"]  # 逗子, asked first, was dropped
        assert client.get("/zushi/").text == first  # read again: the same page
        assert catalog.loaded() == ["nagano", "zushi"] and catalog.loads == 4


class SlowCatalog(Catalog):
    """The real catalog, reading a city slowly enough that a second request comes while it reads."""

    def _read_city(self, slug: str) -> CityRecords:
        time.sleep(0.3)
        return super()._read_city(slug)


def test_two_requests_for_one_unloaded_city_read_it_once(settings):
    catalog = SlowCatalog(settings.current_build.resolve(), max_cities=4)
    got: list = []
    start = threading.Barrier(2)

    def ask() -> None:
        start.wait()
        got.append(catalog.in_city("kamakura"))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert catalog.loads == 1 and got[0] is got[1] and len(got[0]) == catalog.count("kamakura") > 0


def test_a_record_whose_id_does_not_start_with_its_city_is_found(settings, tmp_path):
    build = tmp_path / "b"
    shutil.copytree(settings.current_build.resolve(), build)
    records = RecordsFile.read(build)
    row = next(r for r in records.resources if r["city"] == "zushi")
    row["id"] = "kamakura-yet-in-zushi"  # names another city by its prefix
    rows = {slug: [r for r in records.resources if r["city"] == slug] for slug in records.cities}
    write_sliced(build, records, rows)
    catalog = Catalog(build)
    assert catalog.lazy and catalog.resources["kamakura-yet-in-zushi"].city == "zushi"
    assert catalog.loaded() == ["zushi"]  # its city only: the header named it


def test_a_records_file_changed_after_the_build_is_read_whole(settings, tmp_path):
    build = tmp_path / "b"
    shutil.copytree(settings.current_build.resolve(), build)
    payload = json.loads((build / "records.json").read_text(encoding="utf-8"))
    payload["resources"][0]["name"] = "あとから書き換えた名前"
    (build / "records.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    assert CatalogHead.read(build) is None  # the per-city files were cut from another records.json
    catalog = Catalog(build)
    first = payload["resources"][0]
    assert not catalog.lazy and catalog.get(first["city"], first["id"]).name == "あとから書き換えた名前"


def test_the_home_and_about_pages_name_every_city_without_loading_one(settings):
    """They name each city's first desk and whether its phone is known: the build worked that out, so a
    visit to the home page does not read every city (at national scale, 1,741 of them)."""
    with TestClient(create_app(settings)) as client:
        catalog = client.app.state.holder.current.catalog
        home = client.get("/?lang=ja").text
        about = client.get("/about/english").text
        assert catalog.loaded() == []
        for city in catalog.cities.values():
            assert city.name in home and f'href="/{city.slug}/' in about
        zushi = catalog.contacts["zushi"]
        assert len(zushi.general) > 1  # 逗子's 包括 split the city by address: the page sends to the finder
        assert "住所によって担当が分かれる" in home
        first = catalog.contacts["kamakura"].general[0]
        assert f'href="/kamakura/resources/{first.id}"' in home and first.name in home
        # the same list as the records say, once a city is loaded
        assert [d.id for d in catalog.desks("zushi") if d.area not in ("", "city")] == [d.id for d in zushi.general]
