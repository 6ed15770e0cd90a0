"""Counters that hold under concurrency: one row per key, increased by a single statement.

A read in Python followed by a write lets 30 simultaneous requests all read the same number (issue 26:
30 wrong passwords at once left the count at 1–3). Here the database adds one and answers the new
value in the same statement (INSERT … ON CONFLICT DO UPDATE … RETURNING, SQLite ≥ 3.35 and PostgreSQL),
so every caller gets its own number and the N-th caller knows it is the N-th. Called inside the
transaction that acts on the answer, the row stays locked until that transaction ends (PostgreSQL's row
lock; SQLite's single writer), so a cap counts exactly.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from .models import RateCount, utcnow

_BUMP = text(
    "INSERT INTO rate_counts (key, window_start, n) VALUES (:key, :now, 1) "
    "ON CONFLICT (key) DO UPDATE SET "
    # a window that has ended starts again at this attempt
    "n = CASE WHEN rate_counts.window_start <= :cutoff THEN 1 ELSE rate_counts.n + 1 END, "
    "window_start = CASE WHEN rate_counts.window_start <= :cutoff THEN :now ELSE rate_counts.window_start END "
    "RETURNING n")
_GIVE_BACK = text("UPDATE rate_counts SET n = n - 1 WHERE key = :key AND n > 0 AND window_start > :cutoff")


def bump(s: Session, key: str, window: timedelta, now: datetime | None = None) -> int:
    """Count one more for `key` in a window of `window` starting at its first count; the new count."""
    now = now or utcnow()
    return int(s.execute(_BUMP, {"key": key[:200], "now": now, "cutoff": now - window}).scalar_one())


def give_back(s: Session, key: str, window: timedelta, now: datetime | None = None) -> None:
    """Undo one count (an attempt that turned out not to count, e.g. a sign-in with the right password)."""
    now = now or utcnow()
    s.execute(_GIVE_BACK, {"key": key[:200], "cutoff": now - window})


def current(s: Session, key: str, window: timedelta, now: datetime | None = None) -> int:
    now = now or utcnow()
    row = s.get(RateCount, key[:200])
    return row.n if row is not None and row.window_start > now - window else 0


def prune(s: Session, older_than: timedelta = timedelta(days=1)) -> None:
    s.execute(delete(RateCount).where(RateCount.window_start < utcnow() - older_than))
