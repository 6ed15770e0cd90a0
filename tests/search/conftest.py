"""Fixtures for the search tests: the tiny fixture directory indexed into a real on-disk index."""
from __future__ import annotations

from pathlib import Path

import pytest
from search_fixtures import DATA_DIR, FIXTURE

from tsunagu.search.indexer import build_index
from tsunagu.search.searcher import Searcher


@pytest.fixture(scope="session")
def fixture_index(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("search") / "index"
    build_index(FIXTURE, path, DATA_DIR)
    return path


@pytest.fixture(scope="session")
def searcher(fixture_index) -> Searcher:
    return Searcher(fixture_index, DATA_DIR)
