"""A publish is a job that finishes (issue 26.2): the publisher is a process of its own (`tsunagu publish`), one
in all by a lock, and a publisher killed with SIGKILL in the middle of a build is finished by the next one —
the change goes live exactly once, nothing stays 「公開の準備中」, no half-made build folder is left, and the
record can be edited again."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from publish_fixtures import read_rows
from sqlalchemy import select

from tsunagu import builds
from tsunagu.staff import changes, csvstore
from tsunagu.staff.accounts import add_account
from tsunagu.staff.db import open_store
from tsunagu.staff.leader import PublisherLock
from tsunagu.staff.models import Account, AuditEntry, ChangeRequest

pytestmark = pytest.mark.bundled_data

PASSWORD = "tsunagu-publish-job-passphrase-42"
NAMES = {"zushi": "逗子市"}


def env_of(site) -> dict:
    return {**os.environ, "TSUNAGU_DATA_DIR": str(site.data), "TSUNAGU_BUILD_DIR": str(site.build_dir),
            "TSUNAGU_VAR_DIR": str(site.settings.var_dir), "TSUNAGU_TILE_URL": "", "TSUNAGU_DATABASE_URL": ""}


def start(site, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tsunagu.cli", *args], env=env_of(site),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_for(predicate, timeout: float, every: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(every)
    raise AssertionError(f"not within {timeout} s")


def people(site):
    store = open_store(site.settings)
    with store.tx() as s:
        add_account(s, "ed", PASSWORD, "editor", ["zushi"], "逗子市社会福祉協議会", {"zushi"})
        add_account(s, "rev", PASSWORD, "reviewer", ["zushi"], "逗子市", {"zushi"})
    with store.tx() as s:
        ed, rev = (s.scalar(select(Account).where(Account.name == n)) for n in ("ed", "rev"))
    return store, ed, rev


def approve_edit(store, site, editor, reviewer, record_id: str, **values) -> int:
    """Propose and approve as the console does: from the row the published build shows."""
    source = csvstore.edit_dir(site.settings)
    version = csvstore.row_version(csvstore.find_row(source, "zushi", record_id)[1])
    settings = type(site.settings)(**{**site.settings.__dict__, "data_dir": source})
    cr = changes.propose(changes.Context(store, settings, editor, "127.0.0.1", NAMES), "zushi", record_id, values,
                         version)
    changes.review(changes.Context(store, settings, reviewer, "127.0.0.1", NAMES), cr.id, "approve", "")
    return cr.id


def state_of(store, cr_id: int) -> str:
    with store.tx() as s:
        return s.get(ChangeRequest, cr_id).publish_state


def tmp_builds(site) -> list[str]:
    folder = builds.builds_dir(site.build_dir)
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] if folder.exists() else []


def test_a_publisher_killed_during_the_build_is_finished_by_the_next_one(site_copy):
    store, ed, rev = people(site_copy)
    salon = next(r for r in read_rows(site_copy.resources_csv) if r["kind"] == "salon")
    cr_id = approve_edit(store, site_copy, ed, rev, salon["id"], phone="046-873-9876")
    first = start(site_copy, "publish")
    try:
        wait_for(lambda: state_of(store, cr_id) == "building" and tmp_builds(site_copy), timeout=60)
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    assert state_of(store, cr_id) == "building" and tmp_builds(site_copy)  # what issue 26 found stuck forever
    assert "046-873-9876" not in (site_copy.served() / "records.json").read_text(encoding="utf-8")

    started = time.monotonic()
    second = start(site_copy, "publish")
    try:
        wait_for(lambda: state_of(store, cr_id) == "live", timeout=120, every=0.1)
        settle_seconds = time.monotonic() - started
        served = site_copy.served()
        assert "046-873-9876" in (served / "records.json").read_text(encoding="utf-8")
        assert tmp_builds(site_copy) == []
        rows = [r for r in read_rows(site_copy.resources_csv) if r["id"] == salon["id"]]
        assert len(rows) == 1 and rows[0]["phone"] == "046-873-9876"
        with store.tx() as s:
            cr = s.get(ChangeRequest, cr_id)
            live = s.scalars(select(AuditEntry).where(AuditEntry.action == "publish_live",
                                                      AuditEntry.target == f"{salon['id']} #{cr_id}")).all()
        assert cr.build_id == served.name and len(live) == 1  # published exactly once
        build_seconds = json.loads(live[0].detail)["build_seconds"]
        # the record is editable again: no 409 for a change "still on its way"
        again = approve_edit(store, site_copy, ed, rev, salon["id"], phone="046-873-1234")
        wait_for(lambda: state_of(store, again) == "live", timeout=120, every=0.1)
    finally:
        stop(second)
    print(f"live {settle_seconds:.1f} s after the restart, of which the rebuild took {build_seconds:.1f} s")
    # The measure is 30 s on this kind of machine; what settling adds to the unavoidable rebuild (start,
    # lock, settle) is held to 15 s so that a machine busy with other builds does not fail the test by itself.
    assert settle_seconds - build_seconds < 15
    assert settle_seconds < 30 or build_seconds > 15


def free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid: int) -> dict[int, str]:
    """The processes `pid` started, with their command lines (Linux /proc)."""
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            out[int(entry)] = cmd
    return out


def test_serve_with_two_workers_runs_one_publisher_beside_them(site_copy):
    store, ed, rev = people(site_copy)
    port = free_port()
    server = start(site_copy, "serve", "--port", str(port), "--workers", "2")
    try:
        wait_for(lambda: _healthy(port), timeout=120, every=0.5)
        wait_for(lambda: announced(store), timeout=30, every=0.2)
        publishers = [pid for pid, cmd in children(server.pid).items() if cmd.split()[-1:] == ["publish"]]
        assert len(publishers) == 1, children(server.pid)
        assert PublisherLock(store).acquire() is False  # held: no second publisher can start, here or elsewhere
        salon = next(r for r in read_rows(site_copy.resources_csv) if r["kind"] == "salon")
        cr_id = approve_edit(store, site_copy, ed, rev, salon["id"], phone="046-873-5555")
        wait_for(lambda: state_of(store, cr_id) == "live", timeout=60, every=0.2)
        assert announced(store) == 1
    finally:
        stop(server)
    assert all(not os.path.exists(f"/proc/{pid}") for pid in publishers)  # stopped with the server


def announced(store) -> int:
    """How many processes have taken the publisher's part (each says so in the audit log)."""
    with store.tx() as s:
        return len(s.scalars(select(AuditEntry).where(AuditEntry.action == "publisher_started")).all())


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False
