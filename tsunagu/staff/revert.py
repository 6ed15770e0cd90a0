"""Revert an approved change (issue 31.2): an inverse change request, reviewed and published like any other,
so data/ and the site agree again — never a hidden rewrite.

Only the fields still holding what the change wrote are put back (a later edit of another field stands);
`source` and `last_verified` go back too, so undoing a change never makes a record look freshly verified.
A record the change added cannot be reverted this way: records are never deleted by a change request.
"""
from __future__ import annotations

from sqlalchemy import func, select

from . import audit, csvstore
from .changes import ChangeError, Context, _refuse
from .models import ChangeRequest
from .undo import provenance_back


def propose_revert(ctx: Context, cr_id: int) -> ChangeRequest:
    with ctx.store.tx() as s:
        cr = s.get(ChangeRequest, cr_id)
        open_reverts = s.scalar(select(func.count()).select_from(ChangeRequest).where(
            ChangeRequest.action == "revert", ChangeRequest.status == "pending",
            ChangeRequest.record_id == (cr.record_id if cr else "")))
    if cr is None:
        raise ChangeError("その変更依頼はありません", 404)
    target = f"{cr.record_id} #{cr.id}"
    if cr.city not in ctx.account.city_list:  # like an unknown id: a 403 would say it exists and whose it is
        raise _refuse(ctx, "forbidden_city", cr.city, target, ChangeError("その変更依頼はありません", 404))
    if not ctx.account.can_review:
        raise _refuse(ctx, "revert_refused", cr.city, target, ChangeError("元にもどす依頼は確認者か管理者だけが出せます", 403))
    if cr.status != "approved" or cr.publish_state != "live":
        raise _refuse(ctx, "revert_refused", cr.city, target, ChangeError("公開済みの変更だけを元にもどせます", 409))
    if cr.action == "add":
        raise _refuse(ctx, "revert_refused", cr.city, target, ChangeError(
            "追加した記録は、変更依頼では消せません。間違いを直す変更依頼を出すか、管理者に相談してください", 409))
    if open_reverts:
        raise _refuse(ctx, "revert_refused", cr.city, target, ChangeError(
            "この記録を元にもどす依頼がもう確認待ちです。そちらを確認してください", 409))
    found = csvstore.find_row(csvstore.edit_dir(ctx.settings), cr.city, cr.record_id)
    if found is None:
        raise _refuse(ctx, "revert_refused", cr.city, target, ChangeError("その記録はもうありません", 404))
    row = found[1]
    undo = [{"field": c["field"], "before": row.get(c["field"], "") or "", "after": c["before"]}
            for c in cr.changes if (row.get(c["field"], "") or "") == c["after"] and c["after"] != c["before"]]
    if not undo:
        raise _refuse(ctx, "revert_refused", cr.city, target, ChangeError(
            "この変更の後に同じ項目がまた変更されているため、元にもどすものがありません", 409))
    undo += provenance_back(cr, row)
    with ctx.store.tx() as s:
        new = ChangeRequest(city=cr.city, record_id=cr.record_id, action="revert", author_id=ctx.account.id,
                            base_version=csvstore.row_version(row), changes=undo,
                            review_note=f"#{cr.id} を元にもどす")
        s.add(new)
        s.flush()
        audit.record(s, "revert_proposed", actor=ctx.account.name, city=cr.city, target=f"{cr.record_id} #{new.id}",
                     ip=ctx.ip, detail={"reverts": cr.id, "changes": undo})
        return new

