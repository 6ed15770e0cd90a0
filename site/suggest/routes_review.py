"""Reviewers' side: the queue of public suggestions for their cities, one suggestion beside its record,
and 採用する（公開へ）/ 採用しない / 迷惑な送信."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import func, select

from tsunagu.staff import csvstore
from tsunagu.staff.changes import ChangeError
from tsunagu.staff.fields import district_choices
from tsunagu.suggest import accept, review, service
from tsunagu.suggest.models import Suggestion

from ..deps import CurrentStaff, FormData
from ..pages.views import FieldError
from ..staff.contexts import SuggestionQueueContext, SuggestionReviewContext
from ..staff.deps import SignedIn
from ..staff.pages import check_csrf, runtime, staff_page
from ..staff.routes_records import context
from ..state import get_state

router = APIRouter(prefix="/staff/suggestions", include_in_schema=False)
STATUS_CHOICES = [("received", "確認待ち"), ("held", "保留（集中時に届いたもの）"), ("accepted", "採用"), ("not_used", "不採用"), ("spam", "迷惑な送信"), ("all", "すべて")]


@router.get("/")
def queue(request: Request, current: CurrentStaff, status: str = "received"):
    status = status if status in dict(STATUS_CHOICES) else "received"
    state = get_state(request)
    with runtime(request).store.tx() as s:
        items = service.pending(s, current.account.city_list, status)
    names = {slug: c.name for slug, c in state.catalog.cities.items()}
    subjects = {i.id: _subject(state, i) for i in items}
    facts = {i.id: review.facts_sent(i) for i in items}
    return staff_page(request, current, "suggest/queue.html", SuggestionQueueContext({
        "title": "一般からの情報", "items": items, "status": status, "status_choices": STATUS_CHOICES,
        "city_names": names, "subjects": subjects, "facts": facts, "labels": service.STATUS_LABELS}), forms=1)


def _subject(state, sug: Suggestion) -> str:
    """The record's name in the served build, else the name the sender gave (a new place, or one since removed)."""
    record = state.catalog.get(sug.city, sug.record_id) if sug.record_id else None
    return record.name if record is not None else sug.fields.get("name", "")


def _load(request: Request, current: SignedIn, sid: int) -> Suggestion:
    with runtime(request).store.tx() as s:
        sug = s.get(Suggestion, sid)
    if sug is None or sug.city not in current.account.city_list:
        raise HTTPException(status_code=404, detail="そのお知らせはありません")
    return sug


def _detail(request: Request, current: SignedIn, sid: int, *, form: dict | None = None, errors=(), status: int = 200):
    sug = _load(request, current, sid)
    state = get_state(request)
    rows, version = review.rows(csvstore.edit_dir(state.settings), sug, form)  # the published build
    record = state.catalog.get(sug.city, sug.record_id) if sug.record_id else None
    with runtime(request).store.tx() as s:
        same = s.scalar(select(func.count()).select_from(Suggestion).where(
            Suggestion.city == sug.city, Suggestion.record_id == sug.record_id, Suggestion.status == "received",
            Suggestion.id != sug.id)) if sug.record_id else 0
    return staff_page(request, current, "suggest/review.html", SuggestionReviewContext({
        "title": f"一般からの情報 {sug.ticket}", "sug": sug, "rows": rows, "version": version, "record": record,
        "typed": review.typed(sug), "flags": review.flag_rows(sug),
        "choices": {**review.CHOICE_FIELDS, "district": district_choices(state.catalog.city(sug.city))},
        "city_name": info.name if (info := state.catalog.city(sug.city)) is not None else sug.city,
        "errors": list(errors), "error_for": {e.field_id: e.message for e in errors}, "same": same,
        "can_review": current.account.can_review and sug.status in accept.OPEN,
        "label": service.STATUS_LABELS.get(sug.status, sug.status), "note": (form or {}).get("note", ""),
    }), status=status, forms=4)


@router.get("/{sid}")
def detail(sid: int, request: Request, current: CurrentStaff):
    return _detail(request, current, sid)


@router.post("/{sid}")
def decide(sid: int, request: Request, current: CurrentStaff, form: FormData):
    check_csrf(request, current, form, "suggestion")
    sug = _load(request, current, sid)
    decision, note = form.get("decision", ""), form.get("note", "").strip()[:1000]
    if not current.account.can_review:
        raise ChangeError("採用・不採用は確認者か管理者だけができます", 403)
    if decision == "accept":
        try:
            accept.accept(context(request, current), sid, form, note)
        except ChangeError as err:
            if err.status in (403, 404):
                raise
            errors = [FieldError(f"r-{col}", msg) for col, msg in err.field_errors] or [FieldError("r-note", err.message)]
            return _detail(request, current, sid, form=form, errors=errors, status=err.status)
        runtime(request).poke()
    elif decision in ("not_used", "spam"):
        done = service.resolve(runtime(request).store, sug.id, decision, reviewer=current.account, note=note if decision == "not_used" else "",
                               ip=context(request, current).ip, block_text=decision == "spam",
                               expected=sug.status if sug.status in accept.OPEN else "")
        if not done:
            raise ChangeError("このお知らせはもう処理されています", 409)
    else:
        return _detail(request, current, sid, form=form, errors=[FieldError("r-note", "採用か不採用をえらんでください")], status=400)
    return RedirectResponse(f"/staff/suggestions/{sid}", status_code=303)
