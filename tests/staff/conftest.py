"""Staff fixtures: a private copy of data/, a fresh database per test (SQLite file or a real PostgreSQL)."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from world import copy_data, test_settings

from tsunagu.settings import Settings

from .pg import ThrowawayPostgres, pg_bin

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


@pytest.fixture(scope="session")
def postgres():
    if pg_bin() is None:
        pytest.fail("PostgreSQL is missing: the storage tests need Debian's postgresql "
                    "(`make test` installs it: apt-get install postgresql)", pytrace=False)
    server = ThrowawayPostgres()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return copy_data(tmp_path / "data")


def _settings(tmp_path: Path, data_dir: Path, url: str = "") -> Settings:
    return test_settings(tmp_path, data_dir=data_dir, database_url=url)


@pytest.fixture(params=["sqlite", "postgresql"])
def staff_settings(request, tmp_path, data_dir) -> Settings:
    """Settings on a fresh, empty database of each kind."""
    url = ""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").create_database(f"tsunagu_{next(_counter)}")
    settings = _settings(tmp_path, data_dir, url)
    yield settings
    from tsunagu.staff import db
    store = db._stores.pop(db.database_url(settings), None)
    if store is not None:
        store.engine.dispose()


@pytest.fixture
def store(staff_settings):
    from tsunagu.staff.db import open_store
    return open_store(staff_settings)


def add(store, name: str, role: str, cities=("zushi",), org: str = "逗子市社会福祉協議会"):
    from tsunagu.staff import accounts
    with store.tx() as s:
        return accounts.add_account(s, name, PASSWORD, role, list(cities), org,
                                    {"zushi", "kamakura", "nagano", "shimonoseki"})
