"""Lists in through the console (issue 24.5): upload → preview (the same reader and checks as
`tsunagu import`) → one batch of change requests → the reviewer's batch page (routes_batches.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from tsunagu.data.model import KIND_LABELS, KINDS
from tsunagu.importer.batches import create_batch
from tsunagu.importer.plan import VERDICTS, ImportPlan, plan_import
from tsunagu.importer.report import counts_line, shown
from tsunagu.importer.sheet import SheetError, read_sheet
from tsunagu.staff import audit, csvstore
from tsunagu.staff.fields import LABELS

from ..deps import CurrentStaff, FormData, UploadData
from ..pages.views import FieldError
from ..state import get_state
from .deps import client_ip
from .pages import check_csrf, runtime, staff_page
from .uploads import forget, keep, kept

router = APIRouter(prefix="/staff", include_in_schema=False)
KIND_CHOICES = [(k, KIND_LABELS[k]) for k in KINDS]


@dataclass(frozen=True)
class PlannedRow:
    row: int
    verdict: str
    verdict_label: str
    record_id: str
    name: str
    changes: tuple[tuple[str, str, str], ...]  # (label, before, after) as people read them
    problems: tuple[str, ...]


def planned_rows(plan: ImportPlan) -> list[PlannedRow]:
    return [PlannedRow(r.row, r.verdict, VERDICTS[r.verdict], r.record_id, r.name,
                       tuple((LABELS.get(c["field"], c["field"]), shown(c["field"], c["before"]),
                              shown(c["field"], c["after"])) for c in r.changes) if r.verdict in ("new", "changed") else (),
                       tuple(str(p) for p in r.problems)) for r in plan.rows]


def _cities(request: Request, current) -> list[tuple[str, str]]:
    catalog = get_state(request).catalog
    return [(c, info.name) for c in current.account.city_list if (info := catalog.city(c)) is not None]


def _form(request: Request, current, *, errors=(), status: int = 200, city: str = "", kind: str = "salon",
          plan: ImportPlan | None = None, upload_id: str = ""):
    ctx = {"title": "一覧の取り込み", "cities": _cities(request, current), "kinds": KIND_CHOICES, "city": city,
           "kind": kind, "errors": list(errors), "plan": plan, "upload_id": upload_id,
           "rows": planned_rows(plan) if plan else [], "counts": counts_line(plan) if plan else "",
           "file_problems": [str(p) for p in plan.problems] if plan else []}
    return staff_page(request, current, "staff/import.html", ctx, status=status, forms=3)


@router.get("/import")
def upload_form(request: Request, current: CurrentStaff):
    return _form(request, current)


def _plan(request: Request, current, path, name: str, city: str, kind: str) -> ImportPlan:
    state = get_state(request)
    sheet = read_sheet(path, name=name)
    return plan_import(sheet, csvstore.edit_dir(state.settings), city, kind, None, date.today(),
                       supplier=current.account.org or "職員")


@router.post("/import")
def upload(request: Request, current: CurrentStaff, upload: UploadData):
    check_csrf(request, current, upload.fields, "import_upload")
    city, kind = upload.fields.get("city", ""), upload.fields.get("kind", "salon")
    if city not in dict(_cities(request, current)):
        return _form(request, current, errors=[FieldError("city", "担当の市をえらんでください")], status=400, kind=kind)
    if kind not in KINDS:
        return _form(request, current, errors=[FieldError("kind", "種類をえらんでください")], status=400, city=city)
    if upload.problem:
        return _form(request, current, errors=[FieldError("file", upload.problem)], status=400, city=city, kind=kind)
    var_dir = get_state(request).settings.var_dir
    upload_id = keep(var_dir, upload, current.account.id, city, kind)
    found = kept(var_dir, upload_id, current.account.id)
    assert found is not None
    try:
        plan = _plan(request, current, found[0], upload.name, city, kind)
    except (SheetError, ValueError) as exc:
        forget(var_dir, upload_id)
        return _form(request, current, errors=[FieldError("file", str(exc))], status=400, city=city, kind=kind)
    audit.record_now(runtime(request).store, "import_previewed", actor=current.account.name, city=city,
                     target=upload.name, ip=client_ip(request), detail={"counts": counts_line(plan)})
    if plan.refused:
        forget(var_dir, upload_id)
        upload_id = ""
    return _form(request, current, status=200 if not plan.refused else 400, city=city, kind=kind, plan=plan,
                 upload_id=upload_id)


@router.post("/import/confirm")
def confirm(request: Request, current: CurrentStaff, form: FormData):
    check_csrf(request, current, form, "import_confirm")
    var_dir = get_state(request).settings.var_dir
    found = kept(var_dir, form.get("upload_id", ""), current.account.id)
    if found is None:
        return _form(request, current, status=400, errors=[FieldError(
            "file", "取り込むファイルが見つかりません（もう取り込んだか、時間がたちました）。もう一度アップロードしてください")])
    path, meta = found
    plan = _plan(request, current, path, meta["name"], meta["city"], meta["kind"])
    if plan.refused or not plan.proposals:  # the data may have changed since the preview
        return _form(request, current, status=400, city=meta["city"], kind=meta["kind"], plan=plan,
                     errors=[] if plan.refused else [FieldError("file", "新規・変更の行がありません")])
    with runtime(request).store.tx() as s:
        batch = create_batch(s, current.account, plan, date.today(), client_ip(request))
        batch_id = batch.id
    forget(var_dir, form.get("upload_id", ""))
    return RedirectResponse(f"/staff/imports/{batch_id}", status_code=303)
