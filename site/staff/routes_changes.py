"""Change requests: the queue, one request's diff and publishing state, approve / reject."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse

from tsunagu.data.model import KIND_LABELS, PRECISION_LABELS
from tsunagu.data.schedule import PARSED, describe, next_dates, parse
from tsunagu.staff import changes, csvstore
from tsunagu.staff.changes import ChangeError, apply_changes
from tsunagu.staff.fields import NO_DISTRICT, split_list
from tsunagu.staff.models import Account, ChangeRequest
from tsunagu.staff.revert import propose_revert
from tsunagu.staff.validation import RowCheck, check_place

from ..deps import CurrentStaff, FormData
from ..pages.timefmt import jst
from ..pages.views import FieldError
from ..state import get_state
from .contexts import ChangeContext, ChangesContext
from .deps import SignedIn
from .pages import check_csrf, runtime, staff_page
from .routes_console import PUBLISH_LABELS, STATUS_LABELS
from .routes_records import context

router = APIRouter(prefix="/staff", include_in_schema=False)
ACTION_LABELS = {"edit": "変更", "add": "追加", "verify": "確認済み（変更なし）", "revert": "元にもどす"}


@dataclass(frozen=True)
class Diff:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class RequestView:
    id: int
    url: str
    city: str
    record_id: str
    action: str
    author: str
    created: str
    status: str
    publish: str
    publish_state: str
    build_id: str
    problems: tuple[str, ...]
    reviewer: str
    note: str
    diffs: tuple[Diff, ...]
    seconds_to_live: float | None


VALUE_LABELS = {"kind": KIND_LABELS, "precision": PRECISION_LABELS,
                "location_public": {"true": "公開する", "false": "公開しない（町名だけ載せる）"}}


def shown(field_name: str, value: str, districts: dict | None = None) -> str:
    """A stored value as a reviewer reads it (種類 サロン・通いの場, not salon; 地区 桜山, not sakurayama)."""
    if field_name == "district":
        return (districts or {}).get(value, value) if value else NO_DISTRICT
    if field_name == "categories":
        return "、".join(split_list(value))
    return VALUE_LABELS.get(field_name, {}).get(value, value)


def view(cr: ChangeRequest, names: dict, districts: dict | None = None) -> RequestView:
    seconds = (cr.live_at - cr.approved_at).total_seconds() if cr.live_at and cr.approved_at else None
    return RequestView(
        cr.id, f"/staff/changes/{cr.id}", cr.city, cr.record_id, ACTION_LABELS.get(cr.action, cr.action),
        names.get(cr.author_id, "?"), jst(cr.created_at) + "（日本時間）", STATUS_LABELS.get(cr.status, cr.status),
        PUBLISH_LABELS.get(cr.publish_state, ""), cr.publish_state, cr.build_id,
        tuple(p for p in cr.problems.splitlines() if p), names.get(cr.reviewer_id, "") if cr.reviewer_id else "",
        cr.review_note, tuple(Diff(c["field"], changes.label(c["field"]), shown(c["field"], c["before"], districts),
                                   shown(c["field"], c["after"], districts)) for c in cr.changes),
        seconds)


def _names(s) -> dict:
    return {a.id: a.name for a in s.query(Account).all()}


@router.get("/changes/")
def queue(request: Request, current: CurrentStaff, status: str = "pending"):
    status = status if status in STATUS_LABELS or status == "all" else "pending"
    with runtime(request).store.tx() as s:
        names = _names(s)
        items = [view(cr, names) for cr in changes.requests(s, current.account.city_list, None if status == "all" else status)]
    return staff_page(request, current, "staff/changes.html", ChangesContext({
        "title": "変更依頼", "items": items, "status": status,
        "status_choices": [("pending", "確認待ち"), ("approved", "承認済み"), ("rejected", "差し戻し"), ("all", "すべて")],
    }), forms=1)


def _detail(request: Request, current: SignedIn, cr_id: int, *, status: int = 200, errors=()):
    with runtime(request).store.tx() as s:
        cr = s.get(ChangeRequest, cr_id)
        if cr is None or cr.city not in current.account.city_list:
            raise HTTPException(status_code=404, detail="その変更依頼はありません")
        names = _names(s)
        self_ok = changes.may_self_review(s, current.account, cr.city)
        city = get_state(request).catalog.city(cr.city)
        item = view(cr, names, {d.id: d.name for d in city.districts} if city else {})
    precision = _precision_after(request, cr) if cr.status == "pending" else ""
    can_review = (current.account.can_review and cr.status == "pending"
                  and (cr.author_id != current.account.id or self_ok))
    can_revert = (current.account.can_review and cr.status == "approved" and cr.publish_state == "live"
                  and cr.action != "add")
    return staff_page(request, current, "staff/change.html", ChangeContext({
        "title": f"変更依頼 #{cr.id}（{cr.record_id}）", "item": item, "can_review": can_review,
        "can_revert": can_revert,
        "own": cr.author_id == current.account.id, "errors": list(errors),
        "public_url": f"/{cr.city}/resources/{cr.record_id}", "precision": precision,
        "schedule": schedule_preview(cr.changes),
    }), status=status, forms=3)


def schedule_preview(changes_list: list[dict]) -> dict | None:
    """The edited schedule as the public page will read it: the next four dates, or why there are none."""

    after = next((c["after"] for c in changes_list if c["field"] == "schedule"), None)
    if not after:
        return None
    s = parse(after)
    if s.status != PARSED:
        return {"text": after, "dates": [], "reading": "",
                "note": "曜日・時刻として読み取れないため、公開ページには書かれたとおりに表示します（次の日付は出ません）"}
    dates = [o.label() + (f"（{o.skipped}）" if o.skipped else "") for o in next_dates(s, date.today(), 4)]
    return {"text": after, "dates": dates, "reading": describe(s), "note": ""}


def _precision_after(request: Request, cr: ChangeRequest) -> str:
    """How precisely the build will place the record once this change is in (shown before approving)."""
    state = get_state(request)
    source = csvstore.edit_dir(state.settings)  # the published build, as the approval will check
    found = csvstore.find_row(source, cr.city, cr.record_id)
    result = RowCheck()
    city = state.catalog.city(cr.city)
    check_place(source, cr.city, city.name if city else cr.city,
                apply_changes(found[1] if found else {}, cr.changes), result)
    return result.precision


@router.get("/changes/{cr_id}")
def detail(cr_id: int, request: Request, current: CurrentStaff):
    return _detail(request, current, cr_id)


@router.post("/changes/{cr_id}")
def decide(cr_id: int, request: Request, current: CurrentStaff, form: FormData):
    check_csrf(request, current, form, "review")
    decision = form.get("decision", "")
    if decision not in ("approve", "reject"):
        return _detail(request, current, cr_id, status=400, errors=[FieldError("note", "承認か差し戻しをえらんでください")])
    try:
        changes.review(context(request, current), cr_id, decision, form.get("note", ""))
    except ChangeError as err:
        if err.status in (403, 404):
            raise
        errors = [FieldError("note", m) for _, m in err.field_errors] or [FieldError("note", err.message)]
        return _detail(request, current, cr_id, status=err.status, errors=errors)
    if decision == "approve":
        runtime(request).poke()
    return RedirectResponse(f"/staff/changes/{cr_id}", status_code=303)


@router.post("/changes/{cr_id}/revert")
def revert(cr_id: int, request: Request, current: CurrentStaff, form: FormData):
    """An inverse change request for a published change: reviewed and published like any other."""
    check_csrf(request, current, form, "revert")
    try:
        new = propose_revert(context(request, current), cr_id)
    except ChangeError as err:
        if err.status in (403, 404):
            raise
        return _detail(request, current, cr_id, status=err.status, errors=[FieldError("revert", err.message)])
    return RedirectResponse(f"/staff/changes/{new.id}", status_code=303)
