"""Receiving a suggestion, reading its status, and the reviewer's decisions.

Submission order matters: blocks and duplicates first (nothing stored), then the limits, counted in the
same transaction as the one row they admit. The receipt's status token is returned once and only its hash is kept.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from tsunagu.staff import audit, counters
from tsunagu.staff.db import rows_updated
from tsunagu.staff.models import utcnow

from . import abuse
from .forms import fingerprint, text_fingerprint
from .models import Suggestion
from .screening import screen

CONTACT_DAYS = 90
STATUS_LABELS = {"received": "受け付けました（確認待ち）",
                 "held": "受け付けました（お知らせが集中しているため、確認までふだんより時間がかかります）", "accepting": "受け付けました（確認待ち）", "accepted": "採用しました", "not_used": "採用しませんでした",
                 "spam": "採用しませんでした"}


@dataclass
class Outcome:
    kind: str  # stored | duplicate | refused | replayed
    ticket: str = ""
    status_token: str = ""
    message: str = ""
    held: bool = False  # stored past the city's hourly cap: kept for review, later than usual


def status_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _ticket() -> str:
    # Random digits (not a sequence): a number says nothing about how many others were sent.
    return f"{utcnow():%y%m%d}-{secrets.randbelow(10**6):06d}"


def submit(store, *, city: str, record_id: str, kind: str, values: dict, nonce: str, client: str, ip: str,
           limits: abuse.Limits | None = None) -> Outcome:
    try:
        return _submit(store, city, record_id, kind, dict(values), nonce, client, ip, limits or abuse.Limits())
    except IntegrityError:
        # the same form sent twice at the same instant (nonce), or a ticket drawn twice: no second row
        return Outcome("replayed")


def _submit(store, city, record_id, kind, values, nonce, client, ip, limits: abuse.Limits) -> Outcome:
    text_fp = text_fingerprint(values)
    fp = fingerprint(city, record_id, kind, values)
    nonce_hash = hashlib.sha256(nonce.encode()).hexdigest()
    with store.tx() as s:
        if s.scalar(select(Suggestion.id).where(Suggestion.form_nonce == nonce_hash)):
            return Outcome("replayed")
        if abuse.is_blocked(s, text_fp, client, values):
            audit.record(s, "suggest_blocked", city=city, target=record_id or "(新規)", ip=ip)
            return Outcome("refused", message="このお知らせは受け付けられませんでした（以前に迷惑な送信と判断された内容です）")
        if abuse.is_duplicate(s, fp):
            return Outcome("duplicate")
        status, wait = abuse.admit(s, client, city, limits)  # counted in this transaction, with the insert
        if wait:
            return Outcome("refused", message=wait)
        contact = values.pop("contact", "")
        token = secrets.token_urlsafe(24)
        row = Suggestion(ticket=_ticket(), status_hash=status_hash(token), city=city, record_id=record_id, kind=kind,
                         fields=values, flags=screen(kind, values), contact=contact, client=client,
                         fingerprint=fp, form_nonce=nonce_hash, status=status)
        s.add(row)
        s.flush()
        audit.record(s, f"suggest_{status}", actor="public", city=city, target=f"{record_id or '(新規)'} S#{row.id}",
                     detail={"ticket": row.ticket, "flags": len(row.flags)})
        return Outcome("stored", row.ticket, token, held=status == "held")


def by_token(store, token: str) -> Suggestion | None:
    if not token or len(token) > 100:
        return None
    with store.tx() as s:
        return s.scalar(select(Suggestion).where(Suggestion.status_hash == status_hash(token)))


def pending(s, cities: list[str], status: str = "received", limit: int = 200) -> list[Suggestion]:
    q = select(Suggestion).where(Suggestion.city.in_(cities)).order_by(Suggestion.id.desc()).limit(limit)
    if status != "all":
        q = q.where(Suggestion.status == status)
    return list(s.scalars(q))


def resolve(store, suggestion_id: int, status: str, *, reviewer, note: str, ip: str, cr_id: int | None = None,
            block_text: bool = False, expected: str = "received") -> bool:
    """Claimed with one conditional UPDATE (two reviewers cannot both decide). False if already decided."""
    with store.tx() as s:
        if rows_updated(s, update(Suggestion).where(Suggestion.id == suggestion_id, Suggestion.status == expected).values(
                status=status, public_note=note, resolved_at=utcnow(), reviewer_id=reviewer.id, change_request_id=cr_id)) != 1:
            return False
        row = s.get(Suggestion, suggestion_id)
        if block_text:
            abuse.block(s, row, text_fingerprint(row.fields), reviewer.name)
        audit.record(s, f"suggest_{status}", actor=reviewer.name, city=row.city,
                     target=f"{row.record_id or '(新規)'} S#{row.id}", ip=ip, detail={"ticket": row.ticket, "note": note})
        return True


def purge_contacts(store, days: int = CONTACT_DAYS, now=None) -> int:
    """Delete senders' contacts `days` after their suggestion was resolved. Returns how many."""
    now = now or utcnow()
    with store.tx() as s:
        done = rows_updated(s, update(Suggestion).where(
            Suggestion.resolved_at.is_not(None), Suggestion.resolved_at < now - timedelta(days=days),
            Suggestion.contact != "").values(contact="", contact_deleted_at=now))
        abuse.prune_blocks(s)
        counters.prune(s)
        if done:
            audit.record(s, "suggest_contacts_deleted", actor="cli", detail={"count": done, "days": days})
        return done
