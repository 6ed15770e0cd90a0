"""The import batches: the list, one batch as a table of rows with their diffs and states, and the review
that approves the batch leaving rows out with a reason (tsunagu.importer.batches.review_batch)."""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from tsunagu.data.model import KIND_LABELS
from tsunagu.importer.batches import batch_rows, review_batch
from tsunagu.importer.models import ImportBatch
from tsunagu.staff import changes
from tsunagu.staff.changes import ChangeError
from tsunagu.staff.models import Account

from ..deps import CurrentStaff, FormData
from ..pages.timefmt import jst
from ..pages.views import FieldError
from .contexts import BatchContext, ImportsContext
from .pages import check_csrf, runtime, staff_page
from .routes_changes import RequestView, view
from .routes_records import context

router = APIRouter(prefix="/staff", include_in_schema=False)
MAX_REASON = 300


@dataclass(frozen=True)
class BatchRow:
    request: RequestView
    file_row: int
    name: str
    pending: bool


def _rows(s, batch: ImportBatch, names: dict) -> list[BatchRow]:
    rows = []
    for cr in batch_rows(s, batch.id):
        name = next((c["after"] for c in cr.changes if c["field"] == "name"), "") or cr.record_id
        rows.append(BatchRow(view(cr, names), int((batch.summary.get("file_rows") or {}).get(str(cr.id), 0)), name,
                             cr.status == "pending"))
    return rows


@router.get("/imports/")
def batches(request: Request, current: CurrentStaff):
    with runtime(request).store.tx() as s:
        items = list(s.scalars(select(ImportBatch).where(ImportBatch.city.in_(current.account.city_list))
                               .order_by(ImportBatch.id.desc()).limit(100)))
        names = {a.id: a.name for a in s.scalars(select(Account))}
    return staff_page(request, current, "staff/imports.html", ImportsContext({
        "title": "取り込んだ一覧", "items": items, "names": names, "jst": jst, "kinds": KIND_LABELS}))


def _batch_page(request: Request, current, batch_id: int, *, errors=(), status: int = 200, values=None):
    with runtime(request).store.tx() as s:
        batch = s.get(ImportBatch, batch_id)
        if batch is None or batch.city not in current.account.city_list:
            raise HTTPException(status_code=404, detail="その取り込みはありません")
        names = {a.id: a.name for a in s.scalars(select(Account))}
        rows = _rows(s, batch, names)
        self_ok = changes.may_self_review(s, current.account, batch.city)
    can_review = (current.account.can_review and any(r.pending for r in rows)
                  and (batch.author_id != current.account.id or self_ok))
    return staff_page(request, current, "staff/batch.html", BatchContext({
        "title": f"取り込み #{batch.id}（{batch.file_name}）", "batch": batch, "rows": rows, "author": names.get(batch.author_id, "?"),
        "created": jst(batch.created_at), "can_review": can_review, "errors": list(errors), "values": values or {},
        "own": batch.author_id == current.account.id,
    }), status=status, forms=2)


@router.get("/imports/{batch_id}")
def batch_detail(batch_id: int, request: Request, current: CurrentStaff):
    return _batch_page(request, current, batch_id)


@router.post("/imports/{batch_id}")
def batch_review(batch_id: int, request: Request, current: CurrentStaff, form: FormData):
    check_csrf(request, current, form, "import_review")
    left_out = {int(key.removeprefix("leave-")): form.get(f"reason-{key.removeprefix('leave-')}", "")[:MAX_REASON]
                for key in form if key.startswith("leave-") and key.removeprefix("leave-").isdigit()}
    try:
        review_batch(context(request, current), batch_id, left_out, form.get("note", "")[:1000])
    except ChangeError as err:
        if err.status in (403, 404):
            raise
        errors = [FieldError(field, message) for field, message in err.field_errors] or [FieldError("note", err.message)]
        return _batch_page(request, current, batch_id, errors=errors, status=err.status, values=dict(form))
    runtime(request).poke()
    return RedirectResponse(f"/staff/imports/{batch_id}", status_code=303)
