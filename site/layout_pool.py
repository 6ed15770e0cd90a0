"""Expensive pages can't starve cheap ones (issue 26.7): the personal sheet's layout (WeasyPrint, 0.3–1.7 s of
CPU each, holding the GIL for much of it) runs at most WORKERS at a time, with at most QUEUE waiting and at most
PER_MINUTE a minute from one client address; over a limit the visitor gets a clear 「混み合っています」 page at
once (429 with Retry-After) instead of every page of the site slowing down behind a queue of layouts.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

WORKERS = 1  # two cores: one layout at a time leaves the other for every other page
QUEUE = 4  # layouts that may wait for the slot; the fifth is told to come back
PER_MINUTE = 20  # one address (Settings.sheets_per_minute); a person makes a few sheets, a script hundreds
WAIT_SECONDS = 20.0
RETRY_AFTER = 10


class Busy(Exception):
    def __init__(self, reason: str):  # "queue" | "rate"
        super().__init__(reason)
        self.reason = reason


class LayoutPool:
    def __init__(self, workers: int = WORKERS, queue: int = QUEUE, per_minute: int = PER_MINUTE,
                 wait_seconds: float = WAIT_SECONDS):
        self.slots = threading.BoundedSemaphore(workers) if workers else threading.Semaphore(0)
        self.queue, self.per_minute, self.wait_seconds = queue, per_minute, wait_seconds
        self._lock = threading.Lock()
        self._waiting = 0
        self._recent: dict[str, deque[float]] = {}

    def _admit(self, client: str, now: float) -> None:
        with self._lock:
            seen = self._recent.setdefault(client, deque())
            while seen and now - seen[0] > 60:
                seen.popleft()
            if len(seen) >= self.per_minute:
                raise Busy("rate")
            if self._waiting >= self.queue:
                raise Busy("queue")
            seen.append(now)
            self._waiting += 1
            if len(self._recent) > 10_000:  # forget idle addresses: the table must not grow without bound
                for key in [k for k, v in self._recent.items() if not v or now - v[-1] > 60]:
                    del self._recent[key]

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        """Hold a layout slot for the block, or raise Busy at once (rate, full queue) or after waiting."""
        self._admit(client, time.monotonic())
        try:
            got = self.slots.acquire(timeout=self.wait_seconds)
        finally:
            with self._lock:
                self._waiting -= 1
        if not got:
            raise Busy("queue")
        try:
            yield
        finally:
            self.slots.release()
