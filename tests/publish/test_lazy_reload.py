"""A reload swaps only the cities that changed (issue 25.2): a city whose unit is the same in the new build
keeps the very records the server had loaded; a changed city is dropped and read from the new build on its
next request, which shows the change. /healthz names the new build."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from test_build_units import change_description, make_two_city_data
from test_reload_units import serves
from world import test_settings

from tsunagu.build import build
from tsunagu.build.output import Manifest
from tsunagu.site.app import create_app

pytestmark = pytest.mark.bundled_data


def test_a_reload_keeps_the_unchanged_city_loaded_and_replaces_the_changed_one(tmp_path):
    settings = test_settings(tmp_path, data_dir=make_two_city_data(tmp_path / "data"), tile_url="",
                             reload_seconds=0.2)
    build(settings)
    with TestClient(create_app(settings)) as client:
        old = client.app.state.holder.current.catalog
        assert client.get("/nagano/").status_code == 200 and client.get("/shimonoseki/").status_code == 200
        nagano, shimonoseki = old.in_city("nagano"), old.in_city("shimonoseki")
        rid = change_description(settings.data_dir, "shimonoseki", "再読み込みで変わった説明")
        second = build(settings)
        assert Manifest.read(second).rebuilt == ["shimonoseki"]  # type: ignore[union-attr]
        assert serves(client, second.name)
        new = client.app.state.holder.current.catalog
        assert new is not old and new.loaded() == ["nagano"]  # 下関 waits for its next request
        assert new.in_city("nagano") is nagano  # the same objects: nothing read again
        page = client.get(f"/shimonoseki/resources/{rid}")
        assert page.status_code == 200 and "再読み込みで変わった説明" in page.text
        assert new.in_city("shimonoseki") is not shimonoseki and new.loads == 1
        assert client.get("/healthz").json()["build"] == second.name
