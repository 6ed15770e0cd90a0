"""The build folder: `builds/<id>`, the `current` link, the build lock, server leases and pruning.

Layout of `build_dir`:
  builds/<id>/        complete builds (never modified once renamed into place)
  builds/<id>.tmp/    a build being written (a crashed build leaves one; the next build removes it)
  units/<city>-<key>/ a city's part of a build, content-addressed (tsunagu/build/units.py); builds link its
                      files, and tsunagu.build prunes the units no remaining build names right after prune()
  current ->          symlink to the served build, switched with os.replace (atomic)
  leases/<lease>.json the builds each running server holds; prune never removes them
  .build.lock         flock: one build at a time
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

KEEP_NEWEST = 2
STALE_TMP_SECONDS = 3600
# A lease is refreshed by its server every few seconds; one not refreshed for this long belongs to
# a server that died (or lives on another host and stopped), so its builds may be pruned.
LEASE_TTL_SECONDS = 120


class BuildBusy(Exception):
    """Another build holds the lock and did not finish in time."""


def builds_dir(build_dir: Path) -> Path:
    return build_dir / "builds"


def new_build_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}-{uuid.uuid4().hex[:4]}"


@contextmanager
def build_lock(build_dir: Path, wait_seconds: float, on_wait=None) -> Iterator[None]:
    """Hold the build lock; wait up to `wait_seconds` for a running build, then raise BuildBusy."""
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / ".build.lock", "a+") as fh:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildBusy() from None
                if on_wait and not told:
                    on_wait()
                    told = True
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def served_build(build_dir: Path) -> Path | None:
    """The build `current` points to, or None when there is none (or it is dangling)."""
    link = build_dir / "current"
    try:
        target = link.resolve(strict=True)
    except (FileNotFoundError, RuntimeError, OSError):
        return None
    return target if (target / "records.json").exists() else None


def switch_current(build_dir: Path, final: Path) -> None:
    link_tmp = build_dir / f".current-{final.name}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(final.relative_to(build_dir), link_tmp)
    os.replace(link_tmp, build_dir / "current")


def remove_stale_tmp(build_dir: Path, now: float | None = None) -> list[str]:
    """Remove `*.tmp` builds and dangling `.current-*` links older than an hour (crashed builds).

    Called with the build lock held, so no live build of this folder owns them.
    """
    now = now or time.time()
    removed = []
    folder = builds_dir(build_dir)
    for p in folder.iterdir() if folder.exists() else []:
        if p.name.endswith(".tmp") and now - p.stat().st_mtime > STALE_TMP_SECONDS:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
    for p in build_dir.glob(".current-*"):
        if p.is_symlink() and now - p.lstat().st_mtime > STALE_TMP_SECONDS:
            p.unlink(missing_ok=True)
    return removed


# -- leases ------------------------------------------------------------------------------------

class Lease:
    """One server process's claim on the builds it serves (the current one and any still draining)."""

    def __init__(self, build_dir: Path):
        self.folder = build_dir / "leases"
        self.path = self.folder / f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}.json"

    def hold(self, build_ids: set[str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        body = {"host": socket.gethostname(), "pid": os.getpid(), "builds": sorted(build_ids), "time": time.time()}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(body), encoding="utf-8")
        os.replace(tmp, self.path)

    def refresh(self) -> None:
        with suppress(FileNotFoundError):
            os.utime(self.path)

    def release(self) -> None:
        self.path.unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def leased_builds(build_dir: Path, now: float | None = None) -> set[str]:
    """Build ids held by live servers. Dead servers' leases are removed on the way."""
    now = now or time.time()
    held: set[str] = set()
    folder = build_dir / "leases"
    for path in folder.glob("*.json") if folder.exists() else []:
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            age = now - path.stat().st_mtime
        except (OSError, ValueError):
            continue
        same_host = body.get("host") == socket.gethostname()
        alive = _pid_alive(int(body.get("pid", 0))) if same_host else age < LEASE_TTL_SECONDS
        if alive:
            held.update(body.get("builds", []))
        else:
            path.unlink(missing_ok=True)
    return held


def prune(build_dir: Path, keep: Path) -> list[str]:
    """Remove old builds, keeping the newest few, `keep`, `current` and every leased build."""
    folder = builds_dir(build_dir)
    done = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.endswith(".tmp"))
    protected = {keep.name} | leased_builds(build_dir) | {p.name for p in done[-KEEP_NEWEST:]}
    current = served_build(build_dir)
    if current is not None:
        protected.add(current.name)
    removed = []
    for old in done:
        if old.name not in protected:
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old.name)
    return removed
