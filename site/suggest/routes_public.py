"""The two public forms and the receipt. No JavaScript needed; every refusal says what to do next."""
from __future__ import annotations

import logging
import secrets

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from tsunagu.staff.models import ChangeRequest
from tsunagu.suggest import forms, service, tokens
from tsunagu.suggest.models import Suggestion

from ..http.unavailable import NOT_SAVED
from ..pages.contexts import SuggestMessageContext, SuggestStatusContext
from ..pages.i18n import N_, _, gettext
from ..pages.templating import render
from ..pages.views import FieldError
from ..staff.deps import BadForm, FormTooLarge, client_ip, read_form
from ..state import city_or_404, get_state, public_base
from . import words

log = logging.getLogger("tsunagu.suggest")
router = APIRouter(include_in_schema=False)
COOKIE = "tsunagu_form"
TOKEN_MESSAGES = {
    "missing": N_("送信の確認ができませんでした（ページが古いか、ブラウザーのクッキーが使えない設定です）。"
                  "入力した内容は残してあります。もう一度「送る」を押してください"),
    "invalid": N_("送信の確認ができませんでした。入力した内容は残してあります。もう一度「送る」を押してください"),
    "expired": N_("ページを開いてから時間がたったため、送信を受け付けられませんでした（2 時間まで）。"
                  "入力した内容は残してあります。もう一度「送る」を押してください"),
    "too_fast": N_("送信が早すぎたため、自動送信と区別できませんでした。内容を確かめて、もう一度「送る」を押してください"),
}
# The status URL is the only key to a receipt: never cached; the site-wide Referrer-Policy (same-origin) keeps it in.
NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


def _runtime(request: Request):
    return request.app.state.suggest


def _target(request: Request, city: str, record_id: str | None):
    state = get_state(request)
    info = city_or_404(state, city)
    record = None
    if record_id is not None:
        record = state.catalog.get(city, record_id)
        if record is None:
            raise HTTPException(status_code=404, detail=N_("その情報は見つかりません。ページのアドレスを確かめてください"))
    return state, info, record


def _form_page(request: Request, city: str, record_id: str | None, values: dict, *, errors=(), status: int = 200):
    state, info, record = _target(request, city, record_id)
    cookie = request.cookies.get(COOKIE) or ""
    new_cookie = "" if cookie and len(cookie) <= 64 else secrets.token_urlsafe(24)
    token = tokens.issue(_runtime(request).key, request.url.path, new_cookie or cookie)
    kind = "correction" if record_id else "new"
    crumbs = [(N_("トップ"), "/"), (info.name, f"/{city}/")]
    if record is not None:
        crumbs.append((record.name, f"/{city}/resources/{record_id}"))
    title = _("この情報の間違い・変更を知らせる") if record is not None else _("サロン・通いの場を知らせる")
    # Said in the reader's words here (the forms and their errors are written in Japanese: tsunagu/suggest/forms.py).
    errors = [FieldError(e.field_id, words.error_in(e.message)) for e in errors]
    response = render(state, request, f"suggest/{kind}.html", {
        "title": title, "city": info, "record": record, "fields": {f.name: words.field_in(f, info.examples()) for f in forms.FORMS[kind]},
        "values": values, "errors": list(errors), "error_for": {e.field_id: e.message for e in errors},
        "form_token": token, "noindex": True, "error_focus": True, "breadcrumbs": crumbs + [(title, None)],
    }, status_code=status, headers=NO_STORE)
    if new_cookie:
        response.set_cookie(COOKIE, new_cookie, path="/", httponly=True, samesite="lax",
                            secure=request.url.scheme == "https")
    return response


def _message(request: Request, city: str, title: str, detail: str, status: int):
    state = get_state(request)
    info = state.catalog.city(city)
    return render(state, request, "suggest/message.html", SuggestMessageContext({"title": title, "detail": detail, "city": info,
                                                           "noindex": True}), status_code=status, headers=NO_STORE)


@router.get("/{city}/suggest")
def new_form(city: str, request: Request):
    return _form_page(request, city, None, {"place_type": ""})


@router.get("/{city}/resources/{record_id}/suggest")
def correction_form(city: str, record_id: str, request: Request):
    return _form_page(request, city, record_id, {})


@router.post("/{city}/suggest")
async def new_submit(city: str, request: Request):
    return await _submit(request, city, None)


@router.post("/{city}/resources/{record_id}/suggest")
async def correction_submit(city: str, record_id: str, request: Request):
    return await _submit(request, city, record_id)


async def _submit(request: Request, city: str, record_id: str | None):
    _target(request, city, record_id)  # an unknown city or record is a 404 before anything is read
    rt = _runtime(request)
    ip = client_ip(request)
    client = tokens.client_key(rt.key, ip)
    if not rt.limiter.allow(client):
        return _message(request, city, _("送信が多すぎます"), _("この接続元からの送信が 1 分のうちに多すぎます。"
                        "1 分ほど待ってから、もう一度送ってください。何も保存していません。"), 429)
    try:
        form = await read_form(request)
    except FormTooLarge:
        return _message(request, city, _("送られた内容が大きすぎます"),
                        _("1 回に送れるのは 64 KB までです。長すぎる項目を短くしてください。何も保存していません。"), 413)
    except BadForm as exc:
        return _message(request, city, _("送られた内容が読めません"), words.error_in(str(exc)) + _("。何も保存していません。"), 400)
    kind = "correction" if record_id else "new"
    values, problems = forms.clean_form(kind, form)
    kept = {f.name: form.get(f.name, "")[: f.limit] for f in forms.FORMS[kind]}  # shown back, never stored
    if form.get("hp_confirm"):
        return _message(request, city, _("送信を受け付けられませんでした"),
                        _("自動送信と判断しました。人が送るときは、見えない欄に何も書かずに送ってください。何も保存していません。"), 400)
    first = f"s-{forms.FORMS[kind][0].name}"
    problem, nonce = tokens.check(rt.key, form.get("form_token", ""), request.url.path, request.cookies.get(COOKIE, ""),
                                  rt.min_fill_seconds)
    if problem:
        status = 400 if problem in ("expired", "too_fast") else 403
        return _form_page(request, city, record_id, kept, errors=[FieldError(first, TOKEN_MESSAGES[problem])],
                          status=status)
    if problems:
        return _form_page(request, city, record_id, kept, status=400,
                          errors=[FieldError(f"s-{name}", message) for name, message in problems])
    try:
        outcome = await run_in_threadpool(service.submit, request.app.state.staff.store, city=city,
                                          record_id=record_id or "", kind=kind, values=values, nonce=nonce,
                                          client=client, ip=ip, limits=rt.limits)
    except (SQLAlchemyError, OSError):  # database down or disk full: say so, keep what the resident typed
        log.exception("a suggestion could not be stored")
        return _form_page(request, city, record_id, kept, status=503, errors=[FieldError(first, NOT_SAVED)])
    if outcome.kind == "stored":
        return RedirectResponse(f"/suggest/status/{outcome.status_token}?sent=1", status_code=303)
    if outcome.kind == "duplicate":
        return _message(request, city, _("同じ内容をすでに受け付けています"),
                        _("同じ内容のお知らせが届いているため、新しくは受け付けませんでした。確認者がまとめて確かめます。"
                          "ありがとうございました。"), 200)
    if outcome.kind == "replayed":
        return _message(request, city, _("このフォームはもう送信されています"),
                        _("同じフォームからの 2 回目の送信は受け付けません。受付番号は最初に送ったときの画面に出ています。"), 409)
    return _message(request, city, _("いまは受け付けられません"), words.error_in(outcome.message) + _("。何も保存していません。"), 429)


@router.get("/suggest/status/{token}")
def status_page(token: str, request: Request, sent: int = 0):
    store = request.app.state.staff.store
    row = service.by_token(store, token)
    if row is None:
        raise HTTPException(status_code=404, detail=N_("この受付の確認ページは見つかりません。アドレスを確かめてください"))
    state = get_state(request)
    info = state.catalog.city(row.city)
    record = state.catalog.get(row.city, row.record_id) if row.record_id else None
    live = _is_live(store, row)
    return render(state, request, "suggest/status.html", SuggestStatusContext({
        "title": _("お知らせを受け付けました") if sent else _("お知らせの受付状況"), "row": row, "city": info, "record": record,
        "status_label": gettext(service.STATUS_LABELS.get(row.status, row.status)), "live": live, "sent": bool(sent),
        "status_url": f"{public_base(state, request)}/suggest/status/{token}", "noindex": True,
        "subject": record.name if record else row.fields.get("name", ""),
    }), headers=NO_STORE)


def _is_live(store, row: Suggestion) -> bool:
    if row.change_request_id is None:
        return False
    with store.tx() as s:
        cr = s.get(ChangeRequest, row.change_request_id)
        return cr is not None and cr.publish_state == "live"
