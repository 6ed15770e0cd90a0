"""The build folder keeps what servers hold, cleans up after crashes, and lets one build run at a time."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tsunagu import builds as store
from tsunagu.build import BuildFailed, build


def fake_build(build_dir: Path, name: str) -> Path:
    path = store.builds_dir(build_dir) / name
    path.mkdir(parents=True)
    (path / "records.json").write_text("{}", encoding="utf-8")
    return path


def names(build_dir: Path) -> set[str]:
    return {p.name for p in store.builds_dir(build_dir).iterdir()}


def test_prune_keeps_leased_builds_and_the_newest(tmp_path):
    old = [fake_build(tmp_path, f"2026010{i}-000000-1") for i in range(1, 6)]
    store.switch_current(tmp_path, old[-1])
    lease = store.Lease(tmp_path)
    lease.hold({old[0].name})  # a server still serving the oldest build
    store.prune(tmp_path, keep=old[-1])
    assert names(tmp_path) == {old[0].name, old[3].name, old[4].name}
    lease.release()
    store.prune(tmp_path, keep=old[-1])
    assert names(tmp_path) == {old[3].name, old[4].name}


def test_a_dead_servers_lease_is_ignored_and_removed(tmp_path):
    builds = [fake_build(tmp_path, f"2026010{i}-000000-1") for i in range(1, 5)]
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    lease = store.Lease(tmp_path)
    lease.hold({builds[0].name})
    body = json.loads(lease.path.read_text(encoding="utf-8"))
    lease.path.write_text(json.dumps({**body, "pid": int(dead.stdout)}), encoding="utf-8")
    store.prune(tmp_path, keep=builds[-1])
    assert builds[0].name not in names(tmp_path)
    assert not lease.path.exists()


def test_another_hosts_lease_counts_while_it_is_fresh(tmp_path):
    builds = [fake_build(tmp_path, f"2026010{i}-000000-1") for i in range(1, 5)]
    leases = tmp_path / "leases"
    leases.mkdir()
    other = leases / "other-host-1-abcd.json"
    other.write_text(json.dumps({"host": "other-host", "pid": 1, "builds": [builds[0].name]}), encoding="utf-8")
    store.prune(tmp_path, keep=builds[-1])
    assert builds[0].name in names(tmp_path)
    stale = time.time() - store.LEASE_TTL_SECONDS - 5
    os.utime(other, (stale, stale))
    store.prune(tmp_path, keep=builds[-1])
    assert builds[0].name not in names(tmp_path)


def test_stale_tmp_folders_older_than_an_hour_are_removed(tmp_path):
    folder = store.builds_dir(tmp_path)
    old_tmp, new_tmp = folder / "20260101-000000-1.tmp", folder / "20260101-000001-2.tmp"
    old_tmp.mkdir(parents=True)
    new_tmp.mkdir()
    hour_ago = time.time() - store.STALE_TMP_SECONDS - 60
    os.utime(old_tmp, (hour_ago, hour_ago))
    assert store.remove_stale_tmp(tmp_path) == [old_tmp.name]
    assert new_tmp.exists() and not old_tmp.exists()


def test_a_second_build_waits_for_the_first_then_refuses(site_copy):
    before = site_copy.served()
    with store.build_lock(site_copy.build_dir, 1), pytest.raises(BuildFailed, match="別のビルド"):
        build(site_copy.settings, lock_wait_seconds=0.5)
    assert site_copy.served() == before


def test_kill_9_during_a_build_leaves_current_served(site_copy):
    before = site_copy.served()
    cmd = [sys.executable, "-m", "tsunagu.cli", "--data-dir", str(site_copy.data),
           "--build-dir", str(site_copy.build_dir), "build"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    folder = store.builds_dir(site_copy.build_dir)
    deadline = time.monotonic() + 120
    while not any(p.name.endswith(".tmp") for p in folder.iterdir()):
        assert proc.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)  # let it write into the folder
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert site_copy.served() == before and (before / "records.json").exists()
    leftovers = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1
    # An hour later the next build (even one the gate refuses) clears it away.
    hour_ago = time.time() - store.STALE_TMP_SECONDS - 60
    os.utime(leftovers[0], (hour_ago, hour_ago))
    (site_copy.data / "cities.yaml").write_text("- slug: [", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(site_copy.settings)
    assert not leftovers[0].exists()
    assert site_copy.served() == before


def _mount_tmpfs(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True, check=False).returncode == 0


@pytest.fixture
def small_disk(site_copy, tmp_path):
    """The site's build folder moved onto a real 12 MB file system (root only: CI runs as root)."""
    mnt = tmp_path / "disk"
    if not _mount_tmpfs(mnt, "size=12m"):
        pytest.skip("mounting a tmpfs needs root")
    served = site_copy.served()
    subprocess.run(["cp", "-a", str(site_copy.build_dir / "builds"), str(mnt)], check=True)
    store.switch_current(mnt, store.builds_dir(mnt) / served.name)
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_full_disk_is_refused_in_japanese_and_current_stays(site_copy, small_disk):
    from dataclasses import replace
    settings = replace(site_copy.settings, build_dir=small_disk)
    before = store.served_build(small_disk)
    with pytest.raises(BuildFailed, match="ディスクの空きがありません"):
        build(settings)
    assert store.served_build(small_disk) == before
    assert not [p for p in store.builds_dir(small_disk).iterdir() if p.name.endswith(".tmp")]


def test_a_read_only_build_folder_is_refused_in_japanese(site_copy, small_disk):
    from dataclasses import replace
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    settings = replace(site_copy.settings, build_dir=small_disk)
    before = store.served_build(small_disk)
    with pytest.raises(BuildFailed, match="書き込めません"):
        build(settings)
    assert store.served_build(small_disk) == before
