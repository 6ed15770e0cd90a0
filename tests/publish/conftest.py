"""Fixtures: the small 逗子 data set built once per session, and private copies for tests that change it."""
from __future__ import annotations

import shutil

import pytest
from publish_fixtures import Site, make_mini_data
from world import test_settings

from tsunagu import builds as store


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory) -> Site:
    from tsunagu.build import build
    root = tmp_path_factory.mktemp("mini")
    data = make_mini_data(root / "data")
    settings = test_settings(root, data_dir=data, tile_url="")
    build(settings)
    return Site(data, settings.build_dir, settings)


@pytest.fixture
def site_copy(mini_build, tmp_path) -> Site:
    """A private data folder and build folder, `current` pointing at a copy of the session's build."""
    data = tmp_path / "data"
    shutil.copytree(mini_build.data, data)
    build_dir = tmp_path / "build"
    served = mini_build.served()
    assert served is not None
    copy = store.builds_dir(build_dir) / served.name
    shutil.copytree(served, copy, symlinks=True)
    store.switch_current(build_dir, copy)
    settings = test_settings(tmp_path, data_dir=data, build_dir=build_dir, tile_url="", reload_seconds=0.2)
    return Site(data, build_dir, settings)
