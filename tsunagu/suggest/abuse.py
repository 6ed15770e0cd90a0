"""Abuse limits without a CAPTCHA: attempts per address (in memory), stored suggestions per address and
per city (in the database, so every server sharing it counts the same), and reviewers' spam blocks."""
from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections import deque
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from tsunagu.staff import counters
from tsunagu.staff.models import utcnow

from .models import Suggestion, SuggestionBlock


@dataclass
class Limits:
    """Stored suggestions an hour, per sender's address and per city (Settings.suggest_per_*_per_hour)."""
    per_client_per_hour: int = 10
    per_city_per_hour: int = 200
    # Past the city's cap, this many more an hour are kept for review as "held" (a flood from many addresses
    # must not close the city to residents); beyond that the sender is asked to wait.
    held_per_city_per_hour: int = 2000


DUPLICATE_DAYS = 30
HOST_RE = re.compile(r"(?:https?://|www\.)([\w.-]+)", re.IGNORECASE)


class AttemptLimiter:
    """A sliding one-minute window per address, kept in memory (cheap enough for a flood)."""

    def __init__(self, per_minute: int = 20, max_clients: int = 100_000):
        self.per_minute = per_minute
        self.max_clients = max_clients
        self._hits: dict[str, deque] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        now = now if now is not None else time.monotonic()
        with self._lock:
            if len(self._hits) > self.max_clients:
                self._hits.clear()  # a flood of addresses must not exhaust memory
            hits = self._hits.setdefault(client, deque())
            while hits and now - hits[0] > 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return False
            hits.append(now)
            return True


HOUR = timedelta(hours=1)
WAIT_CLIENT = "この接続元からのお知らせが 1 時間のうちに多すぎます。時間をおいてから送ってください"
WAIT_CITY = "いまこの市へのお知らせが集中しているため、受け付けを一時止めています。時間をおいてから送ってください"


def admit(s: Session, client: str, city: str, limits: Limits) -> tuple[str, str]:
    """(status for the new row — "received" or "held" — or "", and a wait message when it is not taken).

    Called in the transaction that inserts the row: each counter is raised and read in one statement, and
    stays locked until that transaction ends, so the caps count exactly however many arrive at once. Past
    the city's cap a suggestion is not turned away but held (a flood fills the review queue's held area,
    not the city's door); only past the held cap, or one address's own limit, is the resident asked to wait."""
    if counters.bump(s, f"suggest-client:{client}", HOUR) > limits.per_client_per_hour:
        return "", WAIT_CLIENT
    if counters.bump(s, f"suggest-city:{city}", HOUR) <= limits.per_city_per_hour:
        return "received", ""
    if counters.bump(s, f"suggest-held:{city}", HOUR) <= limits.held_per_city_per_hour:
        return "held", ""
    return "", WAIT_CITY


def is_duplicate(s: Session, fingerprint: str) -> bool:
    since = utcnow() - timedelta(days=DUPLICATE_DAYS)
    same = s.scalar(select(func.count()).select_from(Suggestion).where(
        Suggestion.fingerprint == fingerprint, Suggestion.created_at > since,
        Suggestion.status.in_(("received", "accepted"))))
    return bool(same)


def hosts(values: dict) -> set[str]:
    text = " ".join(unicodedata.normalize("NFKC", v) for v in values.values() if v)
    return {h.lower().strip(".") for h in HOST_RE.findall(text)}


def is_blocked(s: Session, text_fp: str, client: str, values: dict) -> bool:
    keys = [("text", text_fp), ("client", client)] + [("host", h[:200]) for h in hosts(values)]
    for kind, value in keys:
        if s.scalar(select(SuggestionBlock.id).where(SuggestionBlock.kind == kind, SuggestionBlock.value == value).limit(1)):
            return True
    return False


def block(s: Session, suggestion: Suggestion, text_fp: str, by: str) -> None:
    """Block the same words, any web address host they name, and (for 30 days) the sender's address."""
    keys = {("text", text_fp)} | {("host", h[:200]) for h in hosts(suggestion.fields)}
    if suggestion.client:
        keys.add(("client", suggestion.client))
    for kind, value in keys:
        s.add(SuggestionBlock(kind=kind, value=value, created_by=by[:64], suggestion_id=suggestion.id))


def prune_blocks(s: Session, days: int = 30) -> None:
    s.execute(delete(SuggestionBlock).where(SuggestionBlock.kind == "client",
                                            SuggestionBlock.created_at < utcnow() - timedelta(days=days)))
