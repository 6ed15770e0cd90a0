"""Shared fixtures: one real build of a copy of the bundled data, made for this test session in a temp folder.

Tests never read or write the repository's `build/`, `var/` or `data/`: another build may be switching
`build/current` while they run, and a developer's staff database and data are theirs. A test that needs the
bundled data (a copy of it, through the `settings` fixture or `world.copy_data`) is marked `bundled_data`;
collection refuses one that uses the session build without saying so, and the session fails if anything in
the repository's `data/`, `var/` or `build/` changed while it ran.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tsunagu.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


# Fixtures that read the bundled data: the session's build of it, the geo engine over its geodata, the
# search tests' index (their lexicon is the bundled one) and the staff tests' copies of data/.
BUNDLED_FIXTURES = {"settings", "app", "client", "browser_app", "base_url", "engine", "zushi_desks",
                    "fixture_index", "searcher", "data_dir", "staff_settings", "store"}
REPO_STATE = ("data", "var", "build")


def pytest_collection_modifyitems(config, items):
    unmarked = sorted({item.nodeid.split("::")[0] for item in items
                       if BUNDLED_FIXTURES & set(getattr(item, "fixturenames", ()))
                       and item.get_closest_marker("bundled_data") is None})
    if unmarked:
        raise pytest.UsageError("these test files use the bundled data without the `bundled_data` marker: "
                                + ", ".join(unmarked))


def repo_state() -> dict[str, tuple[int, int]]:
    """Every file under the repository's data/, var/ and build/ (build/typecheck aside: `make lint`'s)."""
    state = {}
    for top in REPO_STATE:
        for path in (ROOT / top).rglob("*"):
            rel = path.relative_to(ROOT).as_posix()
            if "__pycache__" in rel or rel.startswith("build/typecheck") or not path.is_file():
                continue
            st = path.stat()
            state[rel] = (st.st_size, st.st_mtime_ns)
    return state


@pytest.fixture(scope="session", autouse=True)
def repository_untouched():
    """Fails the session if a test wrote to the repository's data/, var/ or build/."""
    before = repo_state()
    yield
    after = repo_state()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"tests changed the repository's own files: {changed[:20]}"


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    """A build of a copy of the bundled data; its own var/, no publisher thread."""
    from world import test_settings

    from tsunagu.build import build
    s = test_settings(tmp_path_factory.mktemp("bundled"))
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
