"""The staff console under /staff/: sign-in, record list, edits as change requests, review, publishing.

`mount(app, settings)` opens (and migrates) the staff database, adds the routers, the error pages
and the no-store/noindex headers. The publisher is a process of its own: `tsunagu serve` starts
`tsunagu publish` beside its workers and tells them (TSUNAGU_STAFF_PUBLISHER=0) to start none. An app
made by `create_app` elsewhere (tests, another ASGI server) starts one in a thread unless
TSUNAGU_STAFF_PUBLISHER=0; however many do, only the holder of the publisher lock publishes.
"""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware

from tsunagu.settings import Settings
from tsunagu.staff import audit
from tsunagu.staff.changes import ChangeError
from tsunagu.staff.db import Store, open_store
from tsunagu.staff.publisher import Publisher

from ..pages.templating import render
from ..state import get_state
from .contexts import ProblemContext
from .deps import MAX_BODY, BadForm, FormTooLarge, client_ip
from .errors import CsrfFailed, NeedLogin
from .pages import CSRF_MESSAGES
from .uploads import UPLOAD_BODY


@dataclass
class StaffRuntime:
    store: Store
    publisher: Publisher | None

    def poke(self) -> None:
        if self.publisher is not None:
            self.publisher.poke()


class StaffHeaders(BaseHTTPMiddleware):
    """Staff pages are private and personal: never cached, never indexed, bodies capped."""

    async def __call__(self, scope, receive, send):
        # Other paths skip BaseHTTPMiddleware's per-request task and stream (a public page's CPU).
        if scope["type"] != "http" or not scope["path"].startswith("/staff"):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    async def dispatch(self, request, call_next):
        if not request.url.path.startswith("/staff"):
            return await call_next(request)
        declared = request.headers.get("content-length", "")
        limit = UPLOAD_BODY if request.url.path == "/staff/import" else MAX_BODY  # the one file upload
        if declared.isdigit() and int(declared) > limit:
            response = await run_in_threadpool(_too_large, request)  # writes the audit log
        else:
            response = await call_next(request)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response


def _problem(request: Request, status: int, title: str, detail: str):
    ctx = ProblemContext(title=title, detail=detail, noindex=True)
    return render(get_state(request), request, "staff/problem.html", ctx, status_code=status)


def _too_large(request: Request):
    audit.record_now(request.app.state.staff.store, "request_too_large", target=f"{request.method} {request.url.path}",
                     ip=client_ip(request), detail={"content_length": request.headers.get("content-length", "")})
    return _problem(request, 413, "送られた内容が大きすぎます",
                    f"1 回に送れるのは {MAX_BODY // 1024} KB までです。長すぎる項目を短くしてください。何も保存していません。")


def mount(app: FastAPI, settings: Settings) -> StaffRuntime:
    # lazy: the eight route modules add 0.5 s to importing this package; they load when the console is mounted.
    from . import (  # lazy: see above
        routes_auth,
        routes_batches,
        routes_builds,
        routes_changes,
        routes_console,
        routes_gaps,
        routes_import,
        routes_records,
    )
    from .routes_auth import login_page  # lazy: see above

    store = open_store(settings)
    publisher = None
    if settings.staff_publisher:  # stands by while another process holds the publisher lock
        publisher = Publisher(store, settings)
        publisher.start()
    staff = StaffRuntime(store, publisher)
    app.state.staff = staff
    for module in (routes_auth, routes_console, routes_records, routes_changes, routes_gaps, routes_import,
                   routes_batches, routes_builds):
        app.include_router(module.router)

    # The handlers that write the audit log are plain `def`: Starlette runs them in a worker thread.
    @app.exception_handler(NeedLogin)
    def need_login(request: Request, exc: NeedLogin):
        message = ("一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。" if exc.expired
                   else "この画面を見るには、職員としてログインしてください。")
        if exc.expired:
            audit.record_now(store, "session_expired", target=f"{request.method} {request.url.path}", ip=client_ip(request))
        return login_page(request, status=401, message=message,
                          next_path=request.url.path if request.method == "GET" else "/staff/")

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, exc: CsrfFailed):
        return _problem(request, 403, "送信を受け付けられませんでした", CSRF_MESSAGES[exc.reason] + "。何も保存していません。")

    @app.exception_handler(ChangeError)
    async def change_error(request: Request, exc: ChangeError):
        return _problem(request, exc.status, "この操作はできません", exc.message.rstrip("。") + "。何も保存していません。")

    @app.exception_handler(FormTooLarge)
    def too_large(request: Request, exc: FormTooLarge):
        return _too_large(request)

    @app.exception_handler(BadForm)
    async def bad_form(request: Request, exc: BadForm):
        return _problem(request, 400, "送られた内容が読めません", f"{exc}。何も保存していません。")

    return staff
