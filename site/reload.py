"""Hot reload: serve one build at a time, move to a new one between requests, never lose one in use.

Each request is pinned to the AppState that was current when it arrived (PinState middleware) and
keeps it until its response has been sent, so it never sees half of two builds. A watcher thread
polls `build/current`; when it moves, the new build is loaded off the request path and swapped in
with one reference assignment. The old state drains: it is closed, and dropped from this process's
lease, when its last request ends. The lease (tsunagu.builds.Lease) tells `tsunagu build` which
builds a live server still needs, so prune never deletes them. Every worker process does this on
its own.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from tsunagu import builds as store
from tsunagu.settings import Settings

from .state import AppState

log = logging.getLogger("tsunagu.reload")


class StateHolder:
    def __init__(self, settings: Settings, load: Callable[[Path], AppState]):
        self.settings = settings
        self._load = load
        self.reloads = 0  # builds swapped in since start (for /metrics)
        self.failed_loads = 0  # builds that could not be loaded (the served one stayed)
        self._lock = threading.Lock()
        self._users: dict[int, int] = {}
        self._draining: dict[int, AppState] = {}
        self._failed: str | None = None
        self.lease = store.Lease(settings.build_dir)
        self.current = self._open(self._target())

    # -- per request ----------------------------------------------------------------------------
    def acquire(self) -> AppState:
        with self._lock:
            state = self.current
            self._users[id(state)] = self._users.get(id(state), 0) + 1
            return state

    def release(self, state: AppState) -> None:
        with self._lock:
            left = self._users.get(id(state), 1) - 1
            if left:
                self._users[id(state)] = left
                return
            self._users.pop(id(state), None)
            drained = self._draining.pop(id(state), None)
            if drained is not None:
                self._hold_lease()
        if drained is not None:
            _close(drained)

    # -- reload ---------------------------------------------------------------------------------
    def _target(self) -> Path:
        target = store.served_build(self.settings.build_dir)
        if target is None:
            raise RuntimeError(f"ビルドがありません: {self.settings.current_build}。先に `tsunagu build` を実行してください")
        return target

    def _open(self, target: Path) -> AppState:
        """Lease the build first, then load it: prune can no longer remove it under us."""
        with self._lock:
            self._hold_lease(extra=target.name)
        if not (target / "records.json").exists():  # pruned between resolving and leasing
            raise FileNotFoundError(target)
        return self._load(target)

    def _hold_lease(self, extra: str | None = None) -> None:
        held = {s.build_id for s in (getattr(self, "current", None), *self._draining.values()) if s is not None}
        if extra:
            held.add(extra)
        self.lease.hold(held)

    def poll(self) -> bool:
        """Swap to the build `current` points to, if it moved. True when a swap happened."""
        self.lease.refresh()
        target = store.served_build(self.settings.build_dir)
        if target is None or target.name == self.current.build_id or target.name == self._failed:
            return False
        try:
            new = self._open(target)
        except Exception:  # a broken or vanished build must never take the served one down
            log.exception("build %s could not be loaded; still serving %s", target.name, self.current.build_id)
            self._failed = target.name
            self.failed_loads += 1
            with self._lock:
                self._hold_lease()
            return False
        with self._lock:
            old, self.current = self.current, new
            idle = id(old) not in self._users
            if not idle:
                self._draining[id(old)] = old
            self._hold_lease()
        if idle:
            _close(old)
        self.reloads += 1
        log.info("now serving build %s (was %s)", new.build_id, old.build_id)
        return True

    def close(self) -> None:
        _close(self.current)
        self.lease.release()


def _close(state: AppState) -> None:
    try:
        state.searcher.close()
    except Exception:  # closing is best effort: the files may already be gone
        log.debug("closing searcher of %s failed", state.build_id, exc_info=True)


class Watcher:
    """A daemon thread that polls `current` every `interval` seconds until stopped."""

    def __init__(self, holder: StateHolder, interval: float):
        self.holder = holder
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tsunagu-reload", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.holder.poll()
            except Exception:  # the watcher must outlive any single failure
                log.exception("reload check failed")


class PinState:
    """ASGI middleware: pin the current AppState for the whole request, response body included."""

    def __init__(self, app, holder: StateHolder):
        self.app = app
        self.holder = holder

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = self.holder.acquire()
        scope.setdefault("state", {})["tsunagu"] = state
        try:
            await self.app(scope, receive, send)
        finally:
            self.holder.release(state)
