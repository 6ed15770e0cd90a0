"""Sign in, sign out, and change one's password. A new session id is made at every sign-in and every
password change; the old one stops working."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from tsunagu.staff import accounts, audit, sessions
from tsunagu.staff.passwords import MAX_LENGTH, MIN_LENGTH

from ..deps import CurrentStaff, FormData
from ..pages.views import FieldError
from .contexts import LoginContext, PasswordContext
from .deps import Who, clear_cookie, client_ip, set_cookie, who
from .pages import check_csrf, runtime, staff_page

router = APIRouter(prefix="/staff", include_in_schema=False)
REASONS = {"logout": "ログアウトしました。", "expired": "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。",
           "locked": f"今のパスワードを続けて間違えたため、ログアウトしました。{accounts.LOCK_MINUTES} 分たってから、"
                     "もう一度ログインしてください。"}
PASSWORD_FIELDS = {"current": "pw-current", "new": "pw-new", "confirm": "pw-confirm"}  # form name -> element id


def safe_next(value: str | None) -> str:
    """Only a path inside the console: never another site (open redirect)."""
    value = value or ""
    if value.startswith("/staff/") and not value.startswith("//") and "\\" not in value and "://" not in value:
        return value[:300]
    return "/staff/"


def login_page(request: Request, *, status: int = 200, message: str = "", errors=(), name: str = "",
               next_path: str | None = "/staff/"):
    """The login form, on an anonymous session of its own (which carries the CSRF token)."""
    store = runtime(request).store
    current = who(store, request)
    new_token = None
    if current.session is None or current.account is not None:
        with store.tx() as s:
            sessions.prune(s)
            new_token = sessions.new_session(s, None, client_ip(request))
        current = who_from_token(store, new_token)
    return staff_page(request, current, "staff/login.html",
                      LoginContext({"title": "職員ログイン", "message": message, "errors": list(errors), "name": name,
                       "next": safe_next(next_path)}), status=status, new_token=new_token)


def who_from_token(store, token: str) -> Who:
    with store.tx() as s:
        session, _ = sessions.load_session(s, token)
    return Who(token, session, None)


@router.get("/login")
def login_form(request: Request, reason: str = "", next: str = "/staff/"):
    if who(runtime(request).store, request).account is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return login_page(request, message=REASONS.get(reason, ""), next_path=next)


@router.post("/login")
def login(request: Request, form: FormData):
    store = runtime(request).store
    current = who(store, request)
    if current.session is None:
        message = REASONS["expired"] if current.expired else "ログインの画面を開き直してください（ブラウザーの Cookie を有効にしてください）"
        audit.record_now(store, "login_failed", actor=form.get("name", "")[:64], ip=client_ip(request),
                         detail={"reason": "no session"})
        return login_page(request, status=401, message=message, next_path=form.get("next"))
    check_csrf(request, current, form, "login")
    name, password = form.get("name", "").strip(), form.get("password", "")
    if not name or not password:
        errors = [FieldError(f, m) for f, m, v in (("name", "名前を入力してください", name),
                                                   ("password", "パスワードを入力してください", password)) if not v]
        audit.record_now(store, "login_failed", actor=name[:64], ip=client_ip(request), detail={"reason": "empty"})
        return login_page(request, status=400, errors=errors, name=name, next_path=form.get("next"))
    result = accounts.sign_in(store, name, password[:1000], client_ip(request))
    if result.account is not None:
        with store.tx() as s:
            sessions.end_session(s, current.token)
            token = sessions.new_session(s, result.account.id, client_ip(request))
    else:
        status = 429 if "分間" in result.message else 401
        return login_page(request, status=status, errors=[FieldError("name", result.message)], name=name,
                          next_path=form.get("next"))
    response = RedirectResponse(safe_next(form.get("next")), status_code=303)
    set_cookie(response, request, token)
    return response


@router.post("/logout")
def logout(request: Request, form: FormData):
    store = runtime(request).store
    current = who(store, request)
    if current.account is not None:
        check_csrf(request, current, form, "logout")
        with store.tx() as s:
            sessions.end_session(s, current.token)
            audit.record(s, "logout", actor=current.account.name, ip=client_ip(request))
    response = RedirectResponse("/staff/login?reason=logout", status_code=303)
    clear_cookie(response, request)
    return response


@router.get("/password")
def password_form(request: Request, current: CurrentStaff, done: str = ""):
    return _password_page(request, current, done=done == "1")


@router.post("/password")
def change_password(request: Request, current: CurrentStaff, form: FormData):
    check_csrf(request, current, form, "password")
    typed = {name: form.get(name, "")[:1000] for name in PASSWORD_FIELDS}
    store = runtime(request).store
    with store.tx() as s:
        result = accounts.change_password(s, current.account.id, typed["current"], typed["new"], typed["confirm"],
                                          client_ip(request))
        token = None if result.errors else sessions.new_session(s, current.account.id, client_ip(request))
    if result.locked:
        response = RedirectResponse("/staff/login?reason=locked", status_code=303)
        clear_cookie(response, request)
        return response
    if token is None:
        errors = [FieldError(PASSWORD_FIELDS[name], message) for name, message in result.errors]
        return _password_page(request, current, status=400, errors=errors)
    response = RedirectResponse("/staff/password?done=1", status_code=303)
    set_cookie(response, request, token)  # the old session ended with the change
    return response


def _password_page(request: Request, current: Who, *, status: int = 200, errors=(), done: bool = False):
    return staff_page(request, current, "staff/password.html", PasswordContext({
        "title": "パスワードの変更", "errors": list(errors), "error_for": {e.field_id: e.message for e in errors},
        "error_focus": True, "done": done, "min_length": MIN_LENGTH, "max_length": MAX_LENGTH,
    }), status=status, forms=2)
