"""A running server moves to a new build between requests, keeps what it serves, and never answers 5xx."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient
from publish_fixtures import read_rows, write_rows

from tsunagu import builds as store
from tsunagu.build import build
from tsunagu.site.app import create_app, load_build
from tsunagu.site.reload import StateHolder

pytestmark = pytest.mark.bundled_data


def wait_for(predicate, timeout=30.0, every=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out")


def rename_first_salon(site, new_name: str) -> str:
    rows = read_rows(site.resources_csv)
    salon = next(r for r in rows if r["kind"] == "salon")
    salon["name"] = new_name
    write_rows(site.resources_csv, rows)
    return salon["id"]


def test_a_new_build_is_served_without_a_restart(site_copy):
    old = site_copy.served()
    with TestClient(create_app(site_copy.settings)) as client:
        assert client.get("/healthz").json()["build"] == old.name
        rid = rename_first_salon(site_copy, "新しい名前のサロン")
        assert "新しい名前のサロン" not in client.get(f"/zushi/resources/{rid}").text
        new = build(site_copy.settings)
        wait_for(lambda: client.get("/healthz").json()["build"] == new.name)
        page = client.get(f"/zushi/resources/{rid}")
        assert page.status_code == 200 and "新しい名前のサロン" in page.text
        found = client.get("/zushi/search", params={"q": "新しい名前"})
        assert found.status_code == 200 and "新しい名前のサロン" in found.text
        assert old.exists(), "the old build was leased while it was served, so the build kept it"


def test_data_edits_without_a_build_change_nothing_served(site_copy):
    """The server reads the build's snapshot: editing data/ (areas, synonyms) has no effect until a build."""
    address = {"address": "逗子市逗子5丁目"}
    with TestClient(create_app(site_copy.settings)) as client:
        before = client.get("/zushi/desk", params=address).text
    assert "地域包括支援センター" in before
    shutil.rmtree(site_copy.data / "areas")
    (site_copy.data / "synonyms.csv").write_text("broken", encoding="utf-8")
    (site_copy.data / "cities.yaml").write_text("", encoding="utf-8")
    with TestClient(create_app(site_copy.settings)) as client:  # a restart, even
        after = client.get("/zushi/desk", params=address)
        assert after.status_code == 200
        assert after.text.count("地域包括支援センター") == before.count("地域包括支援センター")


def test_a_request_finishes_on_the_build_it_started_on(site_copy):
    holder = StateHolder(site_copy.settings, lambda p: load_build(site_copy.settings, p))
    first = holder.acquire()  # a request in flight
    copy = store.builds_dir(site_copy.build_dir) / "20991231-000000-1-next"
    shutil.copytree(first.build_path, copy)
    store.switch_current(site_copy.build_dir, copy)
    assert holder.poll() is True
    second = holder.acquire()
    assert (first.build_id, second.build_id) == (first.build_path.name, copy.name)
    assert first.catalog.resources and first.searcher.search("zushi", "サロン").total
    assert first.build_id in store.leased_builds(site_copy.build_dir), "still leased while in use"
    holder.release(first)
    assert first.build_id not in store.leased_builds(site_copy.build_dir), "released when its last request ended"
    holder.release(second)
    holder.close()
    assert store.leased_builds(site_copy.build_dir) == set()


def test_a_broken_new_build_is_not_taken_and_nothing_fails(site_copy):
    with TestClient(create_app(site_copy.settings)) as client:
        old = client.get("/healthz").json()["build"]
        broken = store.builds_dir(site_copy.build_dir) / "20991231-000000-1-broken"
        shutil.copytree(site_copy.served(), broken)
        (broken / "records.json").write_text("{not json", encoding="utf-8")
        store.switch_current(site_copy.build_dir, broken)
        time.sleep(1.0)  # several polls
        for path in ("/healthz", "/zushi/", "/zushi/search?q=サロン", "/zushi/areas/"):
            response = client.get(path)
            assert response.status_code == 200, path
        assert client.get("/healthz").json()["build"] == old


def test_healthz_says_so_when_the_served_build_is_gone(site_copy):
    with TestClient(create_app(site_copy.settings)) as client:
        shutil.rmtree(site_copy.served())
        response = client.get("/healthz")
        assert response.status_code == 503 and response.json()["status"] == "error"


def test_file_names_in_paths_are_checked_against_the_build(site_copy):
    with TestClient(create_app(site_copy.settings)) as client:
        assert client.get("/zushi/areas/" + "あ" * 300 + "/map.png").status_code == 404
        assert client.get("/zushi/areas/" + "x" * 300 + ".pdf").status_code == 404
        assert client.get("/zushi/areas/..%2F..%2Frecords/map.png").status_code == 404


def test_prune_never_removes_what_a_server_holds(site_copy):
    with TestClient(create_app(site_copy.settings)) as client:
        held = client.get("/healthz").json()["build"]
        folder = store.builds_dir(site_copy.build_dir)
        # Three newer builds appear (copies: the full pipeline is covered above); the server is
        # deliberately slow to notice (it polls every 0.2 s; prune runs at once).
        for i in range(3):
            newer = folder / f"2099123{i}-000000-1"
            shutil.copytree(site_copy.served(), newer)
            store.switch_current(site_copy.build_dir, newer)
            store.prune(site_copy.build_dir, keep=newer)
        assert (folder / held).exists() or client.get("/healthz").json()["build"] != held
        for q in ("サロン", "包括", "相談"):
            assert client.get("/zushi/search", params={"q": q}).status_code == 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_workers(site_copy):
    port = free_port()
    env = {**os.environ, "TSUNAGU_RELOAD_SECONDS": "0.3", "TSUNAGU_TILE_URL": "",
           "TSUNAGU_VAR_DIR": str(site_copy.settings.var_dir), "TSUNAGU_STAFF_PUBLISHER": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "tsunagu.cli", "--data-dir", str(site_copy.data),
                             "--build-dir", str(site_copy.build_dir), "serve", "--port", str(port), "--workers", "2"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"

    def up():
        try:
            return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False
    try:
        wait_for(up, timeout=90, every=0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_every_worker_of_tsunagu_serve_moves_to_the_new_build(site_copy, two_workers):
    copy = store.builds_dir(site_copy.build_dir) / "20991231-000000-1-next"
    shutil.copytree(site_copy.served(), copy)
    store.switch_current(site_copy.build_dir, copy)
    # Each worker polls on its own; on a loaded machine one may take longer than the poll interval.
    # Wait (bounded) until 30 answers in a row, spread over both workers, all name the new build.
    deadline = time.monotonic() + 30
    with httpx.Client(base_url=two_workers, timeout=10) as http:
        while True:
            seen = {http.get("/healthz", headers={"Connection": "close"}).json()["build"] for _ in range(30)}
            if seen == {copy.name} or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    assert seen == {copy.name}
    leases = list((site_copy.build_dir / "leases").glob("*.json"))
    assert len(leases) == 2, "one lease per worker process"
