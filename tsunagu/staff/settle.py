"""Finishing what a dead publisher left: requests still "building", and half-written build folders.

The publisher records each step before it takes it (a request is marked building, with the row it
will write and the row it replaces, before data/ is written), so after a kill, a lost database
connection or a crash anywhere in apply → build → switch, the next publisher can tell from data/ and
the served build where the work stopped, and finish it:
- the served build already has the written row  → the request is live in that build;
- data/ has the written row, the build does not → it goes into the next build (rebuild and publish);
- data/ still has the row the request started from → back in the queue, applied again;
- data/ has something else (edited by hand meanwhile) → back to review with a message, never overwritten.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from tsunagu import builds

from . import audit, csvstore
from .models import ChangeRequest, utcnow

INTERRUPTED = ("公開の途中で処理が止まり、その間に同じ記録が書きかえられました。上書きしないよう止めました。"
               "最新の内容を確かめて、必要なら出し直してください")
REQUEUED = "公開の途中で処理が止まったため、もう一度公開します"


def _rows(data_dir: Path | None, city: str, cache: dict) -> dict[str, dict]:
    key = (data_dir, city)
    if key not in cache:
        path = csvstore.resource_csv(data_dir, city) if data_dir else None
        cache[key] = {r.get("id", ""): r for r in csvstore.read_table(path)[1]} if path and path.exists() else {}
    return cache[key]


def orphans(store, settings) -> list[int]:
    """Settle every request left "building"; returns the ids whose rows are in data/ and still need a build.

    Called by the lock holder before its own round, so no live publisher is working on them."""
    with store.tx() as s:
        left = list(s.scalars(select(ChangeRequest).where(ChangeRequest.publish_state == "building")))
    if not left:
        return []
    served = builds.served_build(settings.build_dir)
    cache: dict = {}
    to_build = []
    with store.tx() as s:
        for cr in left:
            row = s.get(ChangeRequest, cr.id)
            target = f"{cr.record_id} #{cr.id}"
            in_data = _rows(settings.data_dir, cr.city, cache).get(cr.record_id)
            in_build = _rows(served / "data" if served else None, cr.city, cache).get(cr.record_id)
            written = csvstore.row_version(cr.written_row) if cr.written_row is not None else None
            if written is not None and csvstore.row_version(in_data) == written:
                if served is not None and csvstore.row_version(in_build) == written:
                    row.publish_state, row.build_id, row.live_at = "live", served.name, utcnow()
                    audit.record(s, "publish_live", actor="publisher", city=cr.city, target=target,
                                 detail={"build": served.name, "settled": True})
                else:
                    to_build.append(cr.id)
            elif csvstore.row_version(in_data) == cr.base_version:
                row.publish_state, row.problems = "queued", REQUEUED
                row.previous_row, row.written_row = None, None
                audit.record(s, "publish_requeued", actor="publisher", city=cr.city, target=target,
                             detail={"reason": REQUEUED})
            else:
                row.publish_state, row.status, row.problems = "refused", "pending", INTERRUPTED
                audit.record(s, "publish_refused", actor="publisher", city=cr.city, target=target,
                             detail={"problems": INTERRUPTED})
    return to_build


def dead_builds(build_dir: Path) -> list[str]:
    """Remove `*.tmp` build folders of builds that died: with the build lock held no build is running,
    so whatever is half-written is no one's (tsunagu build itself waits an hour before removing them)."""
    folder = builds.builds_dir(build_dir)
    if not folder.exists() or not any(p.name.endswith(".tmp") for p in folder.iterdir()):
        return []
    try:
        with builds.build_lock(build_dir, 0):
            gone = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
            for p in gone:
                shutil.rmtree(p, ignore_errors=True)
            for link in build_dir.glob(".current-*"):
                if link.is_symlink():
                    link.unlink(missing_ok=True)
            return [p.name for p in gone]
    except builds.BuildBusy:
        return []  # a build is running (a clerk's `tsunagu build`): its folder is not dead
