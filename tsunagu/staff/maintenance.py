"""`tsunagu maintenance`: nothing left stuck. The publisher also runs it every 10 minutes.

Each action is idempotent (a second run finds nothing to do and writes nothing) and audited when it
does something:
- a suggestion left "accepting" by a server that died mid-accept goes back to the queue (or, if its
  change request was already approved, is marked accepted: the change is on its way);
- sessions past their idle or absolute limit are ended;
- senders' contacts due for deletion are deleted (90 days after resolution);
- old builds are pruned (the current one, the newest few and every build a live server holds stay).
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select, update

from tsunagu import builds
from tsunagu.suggest.models import Suggestion
from tsunagu.suggest.service import purge_contacts

from . import audit, sessions
from .db import rows_updated
from .models import AuditEntry, ChangeRequest, StaffSession, utcnow

# An accept takes well under a second; one seen "accepting" this long ago is stuck. The first run that
# sees it writes a mark in the audit log (the log is shared by every server and outlives any process).
ACCEPTING_GRACE = timedelta(minutes=10)
SEEN = "suggest_accepting_seen"
CANCELLED = "一般からの情報の採用が途中で止まったため取り消しました（お知らせは確認待ちに戻しました）"


def stuck_suggestions(store, actor: str, now=None) -> int:
    now = now or utcnow()
    done = 0
    with store.tx() as s:
        accepting = list(s.scalars(select(Suggestion).where(Suggestion.status == "accepting")))
        for sug in accepting:
            target = f"{sug.record_id or '(新規)'} S#{sug.id}"
            seen = s.scalar(select(AuditEntry.at).where(AuditEntry.action == SEEN, AuditEntry.target == target)
                            .order_by(AuditEntry.id.desc()).limit(1))
            if seen is None or seen < sug.created_at:
                audit.record(s, SEEN, actor=actor, city=sug.city, target=target, detail={"ticket": sug.ticket})
                continue
            if now - seen < ACCEPTING_GRACE:
                continue
            cr = s.get(ChangeRequest, sug.change_request_id) if sug.change_request_id else None
            if cr is not None and cr.status == "approved":
                values = {"status": "accepted", "resolved_at": now, "reviewer_id": cr.reviewer_id}
                action = "suggest_accepting_settled"
            else:
                values = {"status": "received", "change_request_id": None}
                action = "suggest_accepting_returned"
                if cr is not None and cr.status == "pending":
                    cr.status, cr.review_note = "rejected", CANCELLED
            if rows_updated(s, update(Suggestion).where(Suggestion.id == sug.id, Suggestion.status == "accepting")
                            .values(**values)) == 1:
                done += 1
                audit.record(s, action, actor=actor, city=sug.city, target=target, detail={"ticket": sug.ticket})
    return done


def expired_sessions(store, actor: str, now=None) -> int:
    """The same limits sign-in applies (sessions.py): a session past them can no longer be used."""
    now = now or utcnow()
    idle = timedelta(minutes=max(sessions.IDLE_MINUTES, sessions.ANON_MINUTES))
    with store.tx() as s:
        ended = rows_updated(s, delete(StaffSession).where(  # type: ignore[arg-type]
            (StaffSession.created_at < now - timedelta(hours=sessions.ABSOLUTE_HOURS))
            | (StaffSession.last_seen < now - idle)))
        if ended:
            audit.record(s, "sessions_ended", actor=actor, detail={"count": ended})
    return ended


def old_builds(store, settings, actor: str) -> list[str]:
    current = builds.served_build(settings.build_dir)
    if current is None:
        return []
    try:
        with builds.build_lock(settings.build_dir, 0):  # never while a build is being switched in
            gone = builds.prune(settings.build_dir, keep=current) + builds.remove_stale_tmp(settings.build_dir)
    except builds.BuildBusy:
        return []
    if gone:
        audit.record_now(store, "builds_pruned", actor=actor, detail={"builds": gone, "kept": current.name})
    return gone


def run_all(store, settings, actor: str = "maintenance") -> dict[str, int]:
    return {"suggestions": stuck_suggestions(store, actor), "sessions": expired_sessions(store, actor),
            "contacts": purge_contacts(store), "builds": len(old_builds(store, settings, actor))}
