"""What undoing a published change means for a record's provenance, and how to recognise an edit that undoes
one. Shared by the revert button (revert.py) and the edit form (changes.py); depends on neither."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import ChangeRequest

PROVENANCE = ("source", "last_verified")


def provenance_back(cr: ChangeRequest, row: dict) -> list[dict]:
    """Changes putting `source` and `last_verified` back to before `cr`, where nothing rewrote them since."""
    previous, written, back = cr.previous_row or {}, cr.written_row or {}, []
    for name in PROVENANCE:
        now = row.get(name, "") or ""
        if now == (written.get(name, "") or "") and (previous.get(name, "") or "") != now:
            back.append({"field": name, "before": now, "after": previous.get(name, "") or ""})
    return back


def typed_revert(s: Session, city: str, record_id: str, row: dict, typed: list[dict]) -> tuple[ChangeRequest, list[dict]] | None:
    """An edit typed by hand that only puts back what the record's last published change wrote is a revert of
    that change: (the change, the provenance to put back with it). Published as an edit, it would have marked
    the record verified today (issue 26.9) — undoing a mistake is not checking the facts."""
    last = s.scalars(select(ChangeRequest).where(
        ChangeRequest.city == city, ChangeRequest.record_id == record_id, ChangeRequest.status == "approved",
        ChangeRequest.publish_state == "live", ChangeRequest.action.in_(("edit", "revert")),
    ).order_by(ChangeRequest.id.desc()).limit(1)).first()
    if last is None or not typed:
        return None
    wrote = {c["field"]: c for c in last.changes}
    for c in typed:
        earlier = wrote.get(c["field"])
        if earlier is None or (earlier["after"], earlier["before"]) != (c["before"], c["after"]):
            return None
    return last, provenance_back(last, row)
