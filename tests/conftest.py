"""Shared fixtures: one real build of the bundled data, made for this test session in a temp folder.

Tests never read `build/current`: another build may be switching it while they run.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tsunagu.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    from tsunagu.build import build
    s = Settings(build_dir=tmp_path_factory.mktemp("build"))
    build(s)
    return s


@pytest.fixture(scope="session")
def app(settings):
    from tsunagu.site.app import create_app
    return create_app(settings)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient
    with TestClient(app) as c:
        yield c
