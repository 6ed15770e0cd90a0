"""Serving what is used (issue 25.2): a reload after a change of rows keeps the geo engine it already has
(the reference data is the same), a change of reference data makes a new one, /healthz names the build
either way. The bound on open search indexes (Settings.city_cache) is tested in tests/search/test_city_cache.py."""
from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from publish_fixtures import read_rows, write_rows

from tsunagu.build import build
from tsunagu.settings import Settings
from tsunagu.site.app import create_app

pytestmark = pytest.mark.bundled_data


def serves(client, build_id: str, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.get("/healthz").json()["build"] == build_id:
            return True
        time.sleep(0.1)
    return False


def test_a_row_change_reloads_without_loading_the_geo_tables_again(site_copy):
    with TestClient(create_app(site_copy.settings)) as client:
        engine = client.app.state.holder.current.geo
        rows = read_rows(site_copy.resources_csv)
        desk = next(r for r in rows if r["kind"] == "consultation_desk")
        desk["name"] = "名前を変えた相談窓口"
        write_rows(site_copy.resources_csv, rows)
        rows_changed = build(site_copy.settings)
        assert serves(client, rows_changed.name)
        assert client.app.state.holder.current.geo is engine
        page = client.get(f"/zushi/resources/{desk['id']}")
        assert page.status_code == 200 and "名前を変えた相談窓口" in page.text
        assert client.get("/zushi/desk", params={"address": "逗子市逗子5丁目"}).status_code == 200

        rules = site_copy.data / "areas" / "zushi.yaml"
        rules.write_text(rules.read_text(encoding="utf-8") + "\n# 参照データの変更\n", encoding="utf-8")
        rules_changed = build(site_copy.settings)
        assert serves(client, rules_changed.name)
        assert client.app.state.holder.current.geo is not engine


def test_the_city_cache_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("TSUNAGU_CITY_CACHE", "2")
    assert Settings.from_env().city_cache == 2
    monkeypatch.setenv("TSUNAGU_CITY_CACHE", "0")
    assert Settings.from_env().city_cache == 1  # at least the city being asked for
