"""Published builds for admins: when, which changes, and a rollback to an earlier one (issue 31.2)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from tsunagu import builds
from tsunagu.builds import BuildBusy
from tsunagu.ops.rollback import RollbackError, completed, rollback
from tsunagu.staff.models import Account, ChangeRequest

from ..deps import CurrentStaff, FormData
from ..pages.views import FieldError
from ..state import get_state
from .contexts import BuildsContext
from .deps import client_ip
from .pages import check_csrf, runtime, staff_page

router = APIRouter(prefix="/staff", include_in_schema=False)
SHOWN = 20


@dataclass(frozen=True)
class BuildRow:
    id: str
    created: str
    records: int
    current: bool
    changes: tuple[tuple[int, str, str], ...]  # (request id, record id, author)


def _require_admin(current) -> None:
    if current.account.role != "admin":
        raise HTTPException(status_code=403, detail="公開したビルドの一覧とロールバックは管理者だけが使えます")


def _rows(request: Request) -> list[BuildRow]:
    settings = get_state(request).settings
    served = builds.served_build(settings.build_dir)
    done = completed(settings.build_dir)[-SHOWN:]
    with runtime(request).store.tx() as s:
        names = {a.id: a.name for a in s.scalars(select(Account))}
        published = list(s.scalars(select(ChangeRequest).where(ChangeRequest.build_id.in_([b.name for b in done]))))
    rows = []
    for b in reversed(done):
        try:
            manifest = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
        rows.append(BuildRow(b.name, str(manifest.get("created", "")), sum((manifest.get("counts") or {}).values()),
                             b == served, tuple((cr.id, cr.record_id, names.get(cr.author_id, "?"))
                                                for cr in published if cr.build_id == b.name)))
    return rows


def _page(request: Request, current, *, errors=(), message: str = "", status: int = 200):
    return staff_page(request, current, "staff/builds.html", BuildsContext({
        "title": "公開したビルド", "rows": _rows(request), "errors": list(errors), "message": message,
    }), status=status, forms=1 + SHOWN)


@router.get("/builds")
def builds_page(request: Request, current: CurrentStaff, done: str = ""):
    _require_admin(current)
    return _page(request, current, message=f"ビルド {done} に戻しました。動いているサーバーは数秒で切りかわります" if done else "")


@router.post("/builds/rollback")
def rollback_post(request: Request, current: CurrentStaff, form: FormData):
    check_csrf(request, current, form, "rollback")
    _require_admin(current)
    try:
        done = rollback(get_state(request).settings, form.get("build_id", "") or None, actor=current.account.name,
                        ip=client_ip(request))
    except (RollbackError, BuildBusy) as exc:
        return _page(request, current, errors=[FieldError("builds-heading", str(exc))], status=400)
    return RedirectResponse(f"/staff/builds?done={done.to_build}", status_code=303)
