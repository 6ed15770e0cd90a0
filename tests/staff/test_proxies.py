"""Trust only the proxies you name (issue 26.4): X-Forwarded-For changes nothing unless the peer is listed
in TSUNAGU_TRUSTED_PROXIES — not even from 127.0.0.1, where uvicorn believed it by default and any local
program could pick the address the sign-in limits count."""
from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from tsunagu.settings import Settings
from tsunagu.site.http.proxies import client_address, networks
from tsunagu.staff import accounts
from tsunagu.staff.models import AuditEntry

from .conftest import PASSWORD, add
from .pg import free_port

pytestmark = pytest.mark.bundled_data
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.mark.parametrize("peer, chain, trusted, client", [
    ("127.0.0.1", "203.0.113.9", "", "127.0.0.1"),  # nothing trusted by default, not even loopback
    ("192.0.2.50", "203.0.113.9", "127.0.0.1", "192.0.2.50"),  # a peer that is not a listed proxy
    ("127.0.0.1", "203.0.113.9", "127.0.0.1", "203.0.113.9"),  # nginx on the same machine
    ("127.0.0.1", "198.51.100.1, 203.0.113.9", "127.0.0.1", "203.0.113.9"),  # a client's own header is not read
    ("10.0.0.2", "203.0.113.9, 10.0.0.7", "10.0.0.0/8", "203.0.113.9"),  # two listed proxies in a row
    ("127.0.0.1", "not-an-address", "127.0.0.1", "127.0.0.1"),
    ("::1", "[2001:db8::5]:443", "::1", "2001:db8::5"),
])
def test_the_client_is_the_first_address_that_is_not_a_listed_proxy(peer, chain, trusted, client):
    assert client_address(peer, chain, networks(trusted.split(",") if trusted else [])) == client


def test_the_setting_is_read_from_the_environment_and_defaults_to_none(monkeypatch):
    assert Settings().trusted_proxies == ()
    monkeypatch.setenv("TSUNAGU_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
    assert Settings.from_env().trusted_proxies == ("127.0.0.1", "10.0.0.0/8")
    with pytest.raises(ValueError, match="アドレスとして読めません"):
        networks(["proxy.example"])


@contextmanager
def served(settings: Settings, tmp: Path, trusted: str = ""):
    """`tsunagu serve` as an operator runs it, on a free loopback port; stopped by its own pid."""
    port = free_port()
    env = {**os.environ, "TSUNAGU_DATA_DIR": str(settings.data_dir), "TSUNAGU_BUILD_DIR": str(settings.build_dir),
           "TSUNAGU_VAR_DIR": str(settings.var_dir), "TSUNAGU_STAFF_PUBLISHER": "0", "TSUNAGU_TRUSTED_PROXIES": trusted,
           "TSUNAGU_PUBLIC_URL": "http://127.0.0.1"}
    log = (tmp / f"serve-{port}.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "tsunagu.cli", "serve", "--port", str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the server did not start: {(tmp / f'serve-{port}.log').read_text()[-2000:]}")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def sign_in(base: str, name: str, password: str, forwarded: str) -> httpx.Response:
    with httpx.Client(base_url=base, headers={"X-Forwarded-For": forwarded}) as c:
        token = TOKEN.findall(c.get("/staff/login").text)[0]
        return c.post("/staff/login", data={"csrf_token": token, "name": name, "password": password})


def audited_addresses(store) -> set[str]:
    with store.tx() as s:
        return set(s.scalars(sa.select(AuditEntry.ip).where(AuditEntry.action.like("login%"))))


@pytest.fixture
def sqlite_site(settings, tmp_path, data_dir):
    from world import test_settings

    from tsunagu.staff import db
    s = test_settings(tmp_path, data_dir=data_dir, build_dir=settings.build_dir)
    store = db.open_store(s)
    add(store, "alice", "editor")
    yield s, store
    db._stores.pop(db.database_url(s), None)
    store.engine.dispose()


def test_a_spoofed_header_from_loopback_changes_nothing(sqlite_site, tmp_path):
    s, store = sqlite_site
    with served(s, tmp_path) as base:
        for i in range(accounts.MAX_FAILURES_PER_ADDRESS):
            assert sign_in(base, f"guess{i}", "wrong password!", f"203.0.113.{i + 1}").status_code == 401
        refused = sign_in(base, "alice", PASSWORD, "198.51.100.77")  # a new header: still the same address
    assert refused.status_code == 429 and "接続元" in refused.text
    assert audited_addresses(store) == {"127.0.0.1"}


def test_behind_a_listed_proxy_the_forwarded_client_is_counted(sqlite_site, tmp_path):
    s, store = sqlite_site
    with served(dataclasses.replace(s), tmp_path, trusted="127.0.0.1") as base:
        assert sign_in(base, "alice", "wrong password!", "203.0.113.9").status_code == 401
        # what a client wrote itself stays on the left; the proxy appended the address it saw
        assert sign_in(base, "alice", "wrong password!", "192.0.2.66, 203.0.113.10").status_code == 401
    assert audited_addresses(store) == {"203.0.113.9", "203.0.113.10"}
