"""Server-side sessions and one-time CSRF tokens.

The cookie carries a random 256-bit token; the database keeps only its SHA-256, so a leaked
database does not hand out live sessions. A session ends after IDLE_MINUTES without a request
or ABSOLUTE_HOURS after it began. Signing in always makes a new session (the old id dies).
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from .db import rows_updated
from .models import Account, CsrfToken, StaffSession, utcnow

IDLE_MINUTES = 30
ABSOLUTE_HOURS = 12
ANON_MINUTES = 60  # a login form's session, before anyone has signed in


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_session(s: Session, account_id: int | None, ip: str) -> str:
    token = secrets.token_urlsafe(32)
    s.add(StaffSession(id=_digest(token), account_id=account_id, ip=ip[:64]))
    return token


def load_session(s: Session, token: str | None) -> tuple[StaffSession | None, str]:
    """(session, why_not). `why_not` is "expired" for a session that timed out, "" when there was none."""
    if not token or len(token) > 100:
        return None, ""
    row = s.get(StaffSession, _digest(token))
    if row is None:
        return None, ""
    now = utcnow()
    idle = timedelta(minutes=IDLE_MINUTES if row.account_id else ANON_MINUTES)
    if now - row.last_seen > idle or now - row.created_at > timedelta(hours=ABSOLUTE_HOURS):
        s.delete(row)
        return None, "expired"
    row.last_seen = now
    return row, ""


def end_session(s: Session, token: str | None) -> None:
    if token:
        s.execute(delete(StaffSession).where(StaffSession.id == _digest(token)))


def end_all_sessions(s: Session, account_id: int) -> None:
    s.execute(delete(StaffSession).where(StaffSession.account_id == account_id))


def account_of(s: Session, session: StaffSession | None) -> Account | None:
    if session is None or session.account_id is None:
        return None
    account = s.get(Account, session.account_id)
    return account if account is not None and account.active else None


def issue_csrf(s: Session, session: StaffSession) -> str:
    token = secrets.token_urlsafe(32)
    s.add(CsrfToken(token_hash=_digest(token), session_id=session.id))
    return token


def spend_csrf(s: Session, session: StaffSession, token: str | None) -> str:
    """Use a form's token. Returns "" if it was good, else "missing" / "replayed" / "invalid"."""
    if not token:
        return "missing"
    if len(token) > 100:
        return "invalid"
    digest = _digest(token)
    # One UPDATE that only succeeds once: two simultaneous submits of the same form cannot both pass.
    done = rows_updated(s, update(CsrfToken).where(CsrfToken.token_hash == digest, CsrfToken.session_id == session.id,
                                                   CsrfToken.used_at.is_(None)).values(used_at=utcnow()))
    if done == 1:
        return ""
    row = s.get(CsrfToken, digest)
    return "replayed" if row is not None and row.session_id == session.id else "invalid"


def prune(s: Session) -> None:
    """Drop sessions that can no longer be used (their CSRF tokens go with them)."""
    now = utcnow()
    s.execute(delete(StaffSession).where(
        (StaffSession.created_at < now - timedelta(hours=ABSOLUTE_HOURS))
        | (StaffSession.last_seen < now - timedelta(minutes=max(IDLE_MINUTES, ANON_MINUTES)))))
