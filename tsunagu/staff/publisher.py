"""The one writer of data/: applies approved change requests and publishes them with a build.

A change request moves queued → building → live (with the build id) or refused (with the
located problems; the request goes back to the review queue and its row in data/ is put back).
Each step is recorded before it is taken, so a publisher killed anywhere leaves work the next one
finishes (settle.py). It runs as its own process (`tsunagu publish`, which `tsunagu serve` starts
beside itself) and only the holder of the publisher lock (leader.py) publishes: one in all, however
many workers and servers. It polls the database, so approvals made on any server are picked up.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import date

import yaml
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from tsunagu.build import BuildFailed, build
from tsunagu.data.loader import load_cities
from tsunagu.importer.batches import batch_provenance
from tsunagu.importer.models import ImportBatch
from tsunagu.suggest.accept import supplier_of

from . import audit, csvstore, settle
from .changes import apply_changes, org_of, provenance
from .leader import PublisherLock
from .maintenance import run_all
from .models import Account, ChangeRequest, utcnow
from .validation import HEADER_ROW, problems_by_record

log = logging.getLogger("tsunagu.staff")
STALE = ("この変更依頼が作られた後に、同じ記録へ別の変更が公開されました。上書きしないよう止めました。"
         "最新の内容から出し直してください")
POLL_SECONDS = 2.0  # approvals are rows in the database, whichever process or server made them
STANDBY_SECONDS = 5.0  # how soon a waiting publisher takes over from one that died
MAINTENANCE_SECONDS = 600.0


class Publisher:
    def __init__(self, store, settings, city_names: dict | None = None, build_fn=None,
                 maintenance_seconds: float = MAINTENANCE_SECONDS):
        self.store = store
        self.settings = settings
        self._names = city_names
        self._build = build_fn
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.is_leader = False
        # How often the lock holder runs `tsunagu maintenance` (0: never, e.g. in tests that count audit lines).
        self.maintenance_seconds = maintenance_seconds

    @property
    def city_names(self) -> dict:
        """Read from data/ when first needed (never at server start: serving must not depend on data/)."""
        if self._names is None:

            try:
                self._names = {slug: c.name for slug, c in load_cities(self.settings.data_dir).items()}
            except (OSError, ValueError, TypeError, KeyError, AttributeError, yaml.YAMLError):
                # a broken cities.yaml is the build gate's to report
                return {}
        return self._names

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self.run, name="tsunagu-publisher", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=120)
            self._thread = None

    def poke(self) -> None:
        self._wake.set()

    def stop_soon(self) -> None:
        """From a signal handler: the loop ends after the round under way."""
        self._stop.set()
        self._wake.set()

    def run(self) -> None:
        """Publish while holding the publisher lock; stand by while another process holds it."""
        lock = PublisherLock(self.store)
        next_upkeep = 0.0
        try:
            while not self._stop.is_set():
                if not lock.held():
                    if not lock.acquire():
                        self._pause(STANDBY_SECONDS)
                        continue
                    self._announce()
                try:
                    self.publish_queued()  # first thing: what a dead publisher left (settle.orphans)
                    if self.maintenance_seconds and time.monotonic() >= next_upkeep:
                        next_upkeep = time.monotonic() + self.maintenance_seconds
                        run_all(self.store, self.settings, actor="publisher")
                except Exception:  # the worker must outlive any one failure; the requests say what happened
                    log.exception("publishing failed")
                self._pause(POLL_SECONDS)
        finally:
            lock.release()

    def _pause(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _announce(self) -> None:
        self.is_leader = True
        log.info("この処理が公開の担当になりました（pid %s）", os.getpid())
        try:
            audit.record_now(self.store, "publisher_started", actor="publisher",
                             detail={"host": socket.gethostname(), "pid": os.getpid()})
        except SQLAlchemyError:
            log.warning("監査ログに書けませんでした（データベースに接続できません）")

    # -- one round -------------------------------------------------------------------------
    def publish_queued(self) -> str | None:
        """Settle what a dead publisher left, apply every queued request, then build once.
        Returns the build id if one went live."""
        with csvstore.writer_lock(self.settings.var_dir):
            settle.dead_builds(self.settings.build_dir)
            left = settle.orphans(self.store, self.settings)
            applied = left + self._apply_all()
            if not applied:
                return None
            return self._build_and_settle(applied)

    def _apply_all(self) -> list[int]:
        with self.store.tx() as s:
            queued = list(s.scalars(select(ChangeRequest).where(ChangeRequest.publish_state == "queued")
                                    .order_by(ChangeRequest.approved_at, ChangeRequest.id)))
            authors = {a.id: a for a in s.scalars(select(Account))}
            batch_ids = {cr.batch_id for cr in queued if cr.batch_id}
            batches = {b.id: b for b in s.scalars(select(ImportBatch).where(ImportBatch.id.in_(batch_ids)))}
        applied = []
        for city in dict.fromkeys(cr.city for cr in queued):
            in_city = [cr for cr in queued if cr.city == city]
            problems, table = self._apply_city(city, in_city, authors, batches)
            # Recorded before data/ is written: a publisher killed in between leaves requests that say what
            # they were writing, and the next one settles them (settle.orphans) instead of losing them.
            with self.store.tx() as s:
                for cr in in_city:
                    row = s.get(ChangeRequest, cr.id)
                    if problems.get(cr.id):
                        row.publish_state, row.status, row.problems = "refused", "pending", problems[cr.id]
                        audit.record(s, "publish_refused", actor="publisher", city=cr.city,
                                     target=f"{cr.record_id} #{cr.id}", detail={"problems": problems[cr.id]})
                    else:
                        row.publish_state, row.problems = "building", ""
                        row.previous_row, row.written_row = cr.previous_row, cr.written_row
                        applied.append(cr.id)
            if table is not None:
                csvstore.write_table(csvstore.resource_csv(self.settings.data_dir, city), table)
        return applied

    def _apply_city(self, city: str, crs: list[ChangeRequest], authors: dict,
                    batches: dict) -> tuple[dict[int, str], str | None]:
        """Apply a city's queued requests to its table, check them together once (a 2,000-row import is one
        check, not 2,000) and put back the rows the checks refuse. Returns the problems per request and the
        table to write (None: nothing to write)."""
        path = csvstore.resource_csv(self.settings.data_dir, city)
        header, rows = csvstore.read_table(path)
        problems: dict[int, str] = {}
        written: dict[int, tuple[dict | None, dict]] = {}
        for cr in crs:
            row = next((r for r in rows if r.get("id") == cr.record_id), None)
            if not csvstore.version_matches(row, cr.base_version):
                problems[cr.id] = STALE
                continue
            new_row = self._stamped(cr, apply_changes(row or {"id": cr.record_id}, cr.changes),
                                    authors.get(cr.author_id), batches.get(cr.batch_id or 0))
            header, rows = csvstore.with_row(header, rows, new_row, cr.record_id)
            written[cr.id] = (row, new_row)
        if not written:
            return problems, None
        by_record = {cr.record_id: cr.id for cr in crs if cr.id in written}
        for cr_id, message in self._refused_rows(city, header, rows, by_record).items():
            previous, _ = written.pop(cr_id)
            record_id = next(rid for rid, i in by_record.items() if i == cr_id)
            problems[cr_id] = message
            if previous is None:
                rows = [r for r in rows if r.get("id") != record_id]
            else:
                header, rows = csvstore.with_row(header, rows, previous, record_id)
        for cr in crs:
            if cr.id in written:
                cr.previous_row, cr.written_row = written[cr.id]
        return problems, csvstore.render_table(header, rows) if written else None

    def _stamped(self, cr: ChangeRequest, new_row: dict, author: Account | None, batch) -> dict:
        """Provenance: a verification moves last_verified only; a revert restores the earlier provenance; an import
        names its list; a suggestion its 受付番号 (issue 17); an edit its author's organisation."""
        if cr.action == "verify":
            new_row["last_verified"] = date.today().isoformat()
            return new_row
        if cr.action == "revert":  # its changes put source and last_verified back themselves
            return new_row
        if batch is not None:
            return batch_provenance(new_row, batch)
        org = supplier_of(self.store, cr) or (org_of(author, self.city_names) if author else "職員")
        return provenance(new_row, org, date.today())

    def _refused_rows(self, city: str, header: list[str], rows: list[dict], by_record: dict[str, int]) -> dict[int, str]:
        """The checks of `tsunagu check` on the table with every change in: messages per change request."""
        out: dict[int, list[str]] = {}
        for record_id, problems in problems_by_record(self.settings.data_dir, city, header, rows).items():
            for p in problems:
                if p.severity != "error":
                    continue
                for hit in (list(by_record) if record_id == HEADER_ROW else [record_id]):  # a header problem is everyone's
                    if hit in by_record:
                        out.setdefault(by_record[hit], []).append(f"resources/{city}.csv:{hit}:{p.column}: {p.message}")
        return {cr_id: "\n".join(lines) for cr_id, lines in out.items()}

    def _build_and_settle(self, ids: list[int]) -> str | None:
        started = time.monotonic()
        try:
            path = (self._build or build)(self.settings)
        except BuildFailed as exc:
            problems = "\n".join([str(exc)] + [str(p) for p in getattr(exc, "problems", [])[:50]])
            self._refuse(ids, problems)
            return None
        except Exception as exc:
            log.exception("build failed")
            self._refuse(ids, f"ビルドが失敗しました: {exc}")
            return None
        build_id = path.name
        with self.store.tx() as s:
            for cr_id in ids:
                cr = s.get(ChangeRequest, cr_id)
                cr.publish_state, cr.build_id, cr.live_at = "live", build_id, utcnow()
                audit.record(s, "publish_live", actor="publisher", city=cr.city, target=f"{cr.record_id} #{cr.id}",
                             detail={"build": build_id, "build_seconds": round(time.monotonic() - started, 1)})
        return build_id

    def _refuse(self, ids: list[int], problems: str) -> None:
        """The build refused: put each row back (unless someone changed it since) and requeue for review."""
        with self.store.tx() as s:
            for cr_id in ids:
                cr = s.get(ChangeRequest, cr_id)
                path = csvstore.resource_csv(self.settings.data_dir, cr.city)
                header, rows = csvstore.read_table(path)
                current = next((r for r in rows if r.get("id") == cr.record_id), None)
                if csvstore.row_version(current) == csvstore.row_version(cr.written_row):
                    if cr.previous_row is None:
                        rows = [r for r in rows if r.get("id") != cr.record_id]
                    else:
                        header, rows = csvstore.with_row(header, rows, cr.previous_row, cr.record_id)
                    csvstore.write_table(path, csvstore.render_table(header, rows))
                cr.publish_state, cr.status, cr.problems = "refused", "pending", problems[:20000]
                audit.record(s, "publish_refused", actor="publisher", city=cr.city, target=f"{cr.record_id} #{cr.id}",
                             detail={"problems": problems[:2000]})
