"""Rendering staff pages: fresh one-time CSRF tokens per form, no caching, no indexing."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request

from tsunagu.staff import audit, sessions
from tsunagu.staff.models import StaffSession

from ..pages.templating import render
from ..state import get_state
from .deps import Who, client_ip, set_cookie
from .errors import CsrfFailed

NAV = (("/staff/", "記録の一覧"), ("/staff/changes/", "変更依頼"), ("/staff/import", "一覧の取り込み"),
       ("/staff/imports/", "取り込んだ一覧"), ("/staff/suggestions/", "一般からの情報"),
       ("/staff/gaps", "見つからなかった検索"), ("/staff/password", "パスワードの変更"))
ADMIN_NAV = (("/staff/builds", "公開したビルド"),)
CSRF_MESSAGES = {
    "missing": "フォームの確認用の値がありません。ページを開き直してから送ってください",
    "replayed": "このフォームはもう送信されています（二重送信か、古いページからの送信です）。ページを開き直してください",
    "invalid": "フォームの確認用の値が正しくありません。ページを開き直してから送ってください",
}



def runtime(request: Request):
    return request.app.state.staff


def staff_page(request: Request, who: Who, template: str, ctx: Mapping[str, Any], status: int = 200, forms: int = 1,
               new_token: str | None = None):
    """Render with `forms` new CSRF tokens bound to the session (`csrf[0]`, `csrf[1]` …)."""
    store = runtime(request).store
    with store.tx() as s:
        session = s.get(StaffSession, who.session.id) if who.session else None
        tokens = [sessions.issue_csrf(s, session) for _ in range(forms)] if session else []
    state = get_state(request)
    nav = (NAV + (ADMIN_NAV if who.account.role == "admin" else ())) if who.account else ()
    context = {"noindex": True, "staff_nav": nav, "account": who.account,
               "csrf": tokens, **ctx}
    response = render(state, request, template, context, status_code=status)
    if new_token:
        set_cookie(response, request, new_token)
    return response



def check_csrf(request: Request, current: Who, form: dict, action: str) -> None:
    store = runtime(request).store
    with store.tx() as s:
        session = s.get(StaffSession, current.session.id) if current.session else None
        problem = sessions.spend_csrf(s, session, form.get("csrf_token")) if session else "missing"
    if problem:
        audit.record_now(store, "csrf_refused", actor=current.account.name if current.account else "",
                         target=f"{request.method} {request.url.path}", ip=client_ip(request),
                         detail={"reason": problem, "action": action})
        raise CsrfFailed(problem)
