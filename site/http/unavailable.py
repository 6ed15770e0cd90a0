"""When saving fails for a reason that is not the sender's — the staff database down, the disk full — the page
says so, says nothing was saved, and shows back what was typed so it is not lost (issue 26.8). The public site
keeps answering: /healthz reports the staff database separately (`staff_database`), so a balancer does not take
the public pages out with it.
"""
from __future__ import annotations

import logging
import time

from fastapi import Request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from ..pages.contexts import UnavailableContext
from ..pages.templating import render
from ..state import get_state

log = logging.getLogger("tsunagu")
NOT_OPEN = ("この画面はいま使えません（サーバーの記録用データベースにつながりません）。公開中の案内は、いつもどおり見られます。"
            "しばらくしてから開き直してください")
NOT_SAVED = ("いま保存できません（サーバーの記録用データベースにつながらないか、ディスクがいっぱいです）。何も保存していません。"
             "入力した内容はこのページに残っています。しばらくしてから、もう一度送ってください")
HIDDEN = {"csrf_token", "form_token", "password", "new_password", "new_password2", "current_password", "hp_confirm"}


def staff_database_state(app) -> str:
    """"ok", "down" or "none" (no staff console mounted)."""
    staff = getattr(app.state, "staff", None)
    if staff is None:
        return "none"
    try:
        with staff.store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        return "down"
    return "ok"


_checked: dict[int, tuple[float, str]] = {}
CHECK_SECONDS = 5.0  # /healthz is polled often and stays cheap: the database is asked at most this often


async def staff_database_cached(app) -> str:
    now = time.monotonic()
    hit = _checked.get(id(app))
    if hit is not None and now - hit[0] < CHECK_SECONDS:
        return hit[1]
    state = await run_in_threadpool(staff_database_state, app)
    _checked[id(app)] = (now, state)
    return state


def storage_failed(request: Request, exc: Exception):
    """The page for a failed save: 503, what happened, what was typed (never passwords or tokens)."""
    log.error("saving failed on %s %s: %s", request.method, request.url.path, exc)
    sent = getattr(request.state, "sent_form", None) or {}
    typed = [(k, v) for k, v in sent.items() if k not in HIDDEN and v and "password" not in k]
    reading = request.method in ("GET", "HEAD")
    response = render(get_state(request), request, "unavailable.html",
                      UnavailableContext({"title": "いまは使えません" if reading else "保存できませんでした",
                       "message": NOT_OPEN if reading else NOT_SAVED, "typed": typed,
                       "back": request.url.path if request.method == "GET" else request.headers.get("referer", "")}),
                      status_code=503)
    response.headers["Retry-After"] = "60"
    response.headers["Cache-Control"] = "no-store"
    return response
