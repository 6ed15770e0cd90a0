"""Accepting a suggestion: it becomes a change request from 「一般からの情報」, approved by the reviewer.

The change request is proposed with the staff console's own `changes.propose` (same checks as
`tsunagu check`, private homes kept town-only, conflict detection) and approved with
`changes.review`, so the publisher, the build gate and hot reload treat it like any staff edit.
Its `source` gains `supplied:一般からの情報（受付番号）（date）` (see `supplier_of`).
"""
from __future__ import annotations

from contextlib import suppress
from dataclasses import replace

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from tsunagu.staff import audit, changes
from tsunagu.staff.changes import ChangeError, Context
from tsunagu.staff.db import rows_updated
from tsunagu.staff.fields import EDITABLE, NEW_ONLY, PLACING
from tsunagu.staff.models import Account, ChangeRequest

from .models import Suggestion
from .service import resolve

PUBLIC_NAME = "public"
PUBLIC_ORG = "一般からの情報"


def public_account(store, cities: list[str]) -> Account:
    """The author of accepted suggestions: never able to sign in (no password, inactive)."""
    for _ in range(2):
        try:
            with store.tx() as s:
                account = s.scalar(select(Account).where(Account.name == PUBLIC_NAME))
                if account is None:
                    account = Account(name=PUBLIC_NAME, password_hash="!", role="editor", cities=",".join(cities),
                                      org=PUBLIC_ORG, active=False)
                    s.add(account)
                    s.flush()
                    audit.record(s, "account_add", actor="system", target=PUBLIC_NAME, detail={"role": "public"})
                elif set(account.city_list) != set(cities):
                    account.cities = ",".join(cities)
                return account
        except IntegrityError:  # another request made it at the same moment
            continue
    raise RuntimeError("public account")


def supplier_of(store, cr: ChangeRequest) -> str:
    """`一般からの情報（受付番号）` for a change request made from a suggestion, else ""."""
    with store.tx() as s:
        ticket = s.scalar(select(Suggestion.ticket).where(Suggestion.change_request_id == cr.id))
    return f"{PUBLIC_ORG}（{ticket}）" if ticket else ""


OPEN = ("received", "held")  # not decided yet

def field_names(kind: str) -> tuple[str, ...]:
    """The record fields a reviewer sets from a suggestion: a new place also gets its 地区 (a salon needs one
    or a 町名)."""
    return tuple(f.name for f in (NEW_ONLY + PLACING[:1] + EDITABLE if kind == "new" else EDITABLE))


def accept(ctx: Context, suggestion_id: int, form: dict, note: str) -> ChangeRequest:
    """Raises ChangeError (with field errors for the form) when the edited values cannot be published."""
    with ctx.store.tx() as s:
        sug = s.get(Suggestion, suggestion_id)
    if sug is None or sug.city not in ctx.account.city_list:
        raise ChangeError("そのお知らせはありません", 404)
    if not ctx.account.can_review:
        raise ChangeError("採用・不採用は確認者か管理者だけができます", 403)
    # two reviewers cannot both accept; a suggestion held in a flood is decided like any other
    if sug.status not in OPEN or not claim(ctx.store, sug.id, sug.status, "accepting"):
        raise ChangeError("このお知らせはもう処理されています", 409)
    try:
        cr = _propose_and_approve(ctx, sug, form, note)
    except BaseException:
        claim(ctx.store, sug.id, "accepting", sug.status)
        raise
    if not resolve(ctx.store, sug.id, "accepted", reviewer=ctx.account, note=note, ip=ctx.ip, cr_id=cr.id,
                   expected="accepting"):
        raise ChangeError("このお知らせはもう処理されています", 409)
    return cr


def claim(store, suggestion_id: int, expected: str, status: str) -> bool:
    with store.tx() as s:
        return rows_updated(s, update(Suggestion).where(Suggestion.id == suggestion_id, Suggestion.status == expected)
                            .values(status=status)) == 1


def _propose_and_approve(ctx: Context, sug: Suggestion, form: dict, note: str) -> ChangeRequest:
    public = public_account(ctx.store, sorted(ctx.city_names))
    public.org = f"{PUBLIC_ORG}（{sug.ticket}）"  # a detached copy: names the supplier of a new record
    values = {k: form.get(k, "") for k in field_names(sug.kind) if k in form}
    if sug.kind == "new" and sug.fields.get("place_type") == "home":
        # a private home stays town-only, whatever was edited: no number is even kept in the request
        values |= {"location_public": "false", "address": ""}
    cr = changes.propose(replace(ctx, account=public), sug.city, sug.record_id or None, values, form.get("version", ""))
    with ctx.store.tx() as s:
        # before approval: the publisher names the ticket
        s.execute(update(Suggestion).where(Suggestion.id == sug.id).values(change_request_id=cr.id))
    try:
        changes.review(ctx, cr.id, "approve", note or "一般からの情報を採用")
    except ChangeError:
        with suppress(ChangeError):  # the request must not wait in the staff queue: it was made only for this acceptance
            changes.review(ctx, cr.id, "reject", "一般からの情報の採用を中止（承認の検査に通らなかったため）")
        with ctx.store.tx() as s:
            s.execute(update(Suggestion).where(Suggestion.id == sug.id).values(change_request_id=None))
        raise
    return cr
