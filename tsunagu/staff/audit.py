"""The audit log: who did what, when, from which address. Entries are only ever added."""
from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditEntry


def record(s: Session, action: str, *, actor: str = "", city: str = "", target: str = "",
           detail: dict | str = "", ip: str = "") -> None:
    text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False, sort_keys=True)
    s.add(AuditEntry(actor=actor[:64], action=action, city=city[:32], target=target[:200],
                     detail=text[:20000], ip=ip[:64]))


def record_now(store, action: str, **kw) -> None:
    """Audit in a transaction of its own: used for refused attempts, which write nothing else."""
    with store.tx() as s:
        record(s, action, **kw)


def entries(s: Session, limit: int = 1000, city: str | None = None) -> list[AuditEntry]:
    q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if city:
        q = q.where(AuditEntry.city == city)
    return list(s.scalars(q))


def format_entry(e: AuditEntry) -> str:
    return "\t".join((e.at.strftime("%Y-%m-%dT%H:%M:%SZ"), e.actor or "-", e.action, e.city or "-",
                      e.target or "-", e.ip or "-", e.detail))
