"""The one writer of data/: applies approved change requests and publishes them with a build.

A change request moves queued → building → live (with the build id) or refused (with the
located problems; the request goes back to the review queue and its row in data/ is put back).
One worker thread per publishing server, one build at a time; it also polls the database, so
approvals made on any server sharing the database are picked up.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import date

from sqlalchemy import select

from tsunagu.importer.batches import batch_provenance
from tsunagu.importer.models import ImportBatch
from tsunagu.suggest.accept import supplier_of

from . import audit, csvstore
from .changes import apply_changes, org_of, provenance
from .models import Account, ChangeRequest, utcnow
from .validation import overlay_problems

log = logging.getLogger("tsunagu.staff")
STALE = ("この変更依頼が作られた後に、同じ記録へ別の変更が公開されました。上書きしないよう止めました。"
         "最新の内容から出し直してください")
POLL_SECONDS = 2.0


class Publisher:
    def __init__(self, store, settings, city_names: dict | None = None, build_fn=None):
        self.store = store
        self.settings = settings
        self._names = city_names
        self._build = build_fn
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def city_names(self) -> dict:
        """Read from data/ when first needed (never at server start: serving must not depend on data/)."""
        if self._names is None:
            import yaml

            from tsunagu.data.loader import load_cities
            try:
                self._names = {slug: c.name for slug, c in load_cities(self.settings.data_dir).items()}
            except (OSError, ValueError, TypeError, KeyError, AttributeError, yaml.YAMLError):
                # a broken cities.yaml is the build gate's to report
                return {}
        return self._names

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="tsunagu-publisher", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=120)
            self._thread = None

    def poke(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        # Only a shared server database (PostgreSQL) gets approvals from other servers, so only then poll;
        # with SQLite every approval is made here and wakes the worker (an idle server touches no file).
        poll = POLL_SECONDS if self.store.engine.dialect.name != "sqlite" else None
        first = True
        while not self._stop.is_set():
            if not first:
                self._wake.wait(poll)
            first = False  # once at start: requests left queued by a stopped server
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.publish_queued()
            except Exception:  # the worker must outlive any one failure; the requests say what happened
                log.exception("publishing failed")

    # -- one round -------------------------------------------------------------------------
    def publish_queued(self) -> str | None:
        """Apply every queued request, then build once. Returns the build id if one went live."""
        with csvstore.writer_lock(self.settings.var_dir):
            applied = self._apply_all()
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
            problems = self._apply_city(city, in_city, authors, batches)
            with self.store.tx() as s:
                for cr in in_city:
                    row = s.get(ChangeRequest, cr.id)
                    if problems.get(cr.id):
                        row.publish_state, row.status, row.problems = "refused", "pending", problems[cr.id]
                        audit.record(s, "publish_refused", actor="publisher", city=cr.city,
                                     target=f"{cr.record_id} #{cr.id}", detail={"problems": problems[cr.id]})
                    else:
                        row.publish_state = "building"
                        row.previous_row, row.written_row = cr.previous_row, cr.written_row
                        applied.append(cr.id)
        return applied

    def _apply_city(self, city: str, crs: list[ChangeRequest], authors: dict, batches: dict) -> dict[int, str]:
        """Apply a city's queued requests to its table, check them together once (a 2,000-row import is one
        check, not 2,000), put back the rows the checks refuse, and write the table once."""
        path = csvstore.resource_csv(self.settings.data_dir, city)
        header, rows = csvstore.read_table(path)
        problems: dict[int, str] = {}
        written: dict[int, tuple[dict | None, dict]] = {}
        for cr in crs:
            row = next((r for r in rows if r.get("id") == cr.record_id), None)
            if csvstore.row_version(row) != cr.base_version:
                problems[cr.id] = STALE
                continue
            new_row = self._stamped(cr, apply_changes(row or {"id": cr.record_id}, cr.changes),
                                    authors.get(cr.author_id), batches.get(cr.batch_id or 0))
            header, rows = csvstore.with_row(header, rows, new_row, cr.record_id)
            written[cr.id] = (row, new_row)
        if not written:
            return problems
        by_record = {cr.record_id: cr.id for cr in crs if cr.id in written}
        for cr_id, message in self._refused_rows(city, header, rows, by_record).items():
            previous, _ = written.pop(cr_id)
            record_id = next(rid for rid, i in by_record.items() if i == cr_id)
            problems[cr_id] = message
            if previous is None:
                rows = [r for r in rows if r.get("id") != record_id]
            else:
                header, rows = csvstore.with_row(header, rows, previous, record_id)
        if written:
            csvstore.write_table(path, csvstore.render_table(header, rows))
        for cr in crs:
            if cr.id in written:
                cr.previous_row, cr.written_row = written[cr.id]
        return problems

    def _stamped(self, cr: ChangeRequest, new_row: dict, author: Account | None, batch) -> dict:
        """Provenance: a verification moves last_verified only; an import names its list; a suggestion its
        受付番号 (issue 17); an edit its author's organisation."""
        if cr.action == "verify":
            new_row["last_verified"] = date.today().isoformat()
            return new_row
        if batch is not None:
            return batch_provenance(new_row, batch)
        org = supplier_of(self.store, cr) or (org_of(author, self.city_names) if author else "職員")
        return provenance(new_row, org, date.today())

    def _refused_rows(self, city: str, header: list[str], rows: list[dict], by_record: dict[str, int]) -> dict[int, str]:
        """The checks of `tsunagu check` on the table with every change in: messages per change request."""
        out: dict[int, list[str]] = {}
        for p in overlay_problems(self.settings.data_dir, city, header, rows):
            if p.severity != "error" or p.file != f"resources/{city}.csv":
                continue
            hit = list(by_record) if p.row == 1 else [rows[p.row - 2].get("id", "")] if 2 <= p.row <= len(rows) + 1 else []
            for record_id in hit:
                if record_id in by_record:
                    out.setdefault(by_record[record_id], []).append(
                        f"resources/{city}.csv:{record_id}:{p.column}: {p.message}")
        return {cr_id: "\n".join(lines) for cr_id, lines in out.items()}

    def _build_and_settle(self, ids: list[int]) -> str | None:
        from tsunagu.build import BuildFailed, build
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
