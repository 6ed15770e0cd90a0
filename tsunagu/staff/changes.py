"""Change requests: propose (editors), approve / reject (reviewers), verify unchanged.

Nothing here writes data/: an approved request is queued, and the publisher (publisher.py) is
the one writer that applies it and builds. Every refusal raises ChangeError with a Japanese
message and an HTTP status, after auditing the attempt; the request itself changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tsunagu.settings import Settings

from . import audit, csvstore
from .db import Store, rows_updated
from .fields import LABELS, NO_DISTRICT, clean, form_fields, split_list
from .models import Account, ChangeRequest, utcnow
from .undo import typed_revert
from .validation import check_place, check_table


@dataclass
class ChangeError(Exception):
    message: str
    status: int = 400
    field_errors: list = field(default_factory=list)  # [(field, message)]
    warnings: list = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


@dataclass
class Context:
    """Who is acting, from where, on which data."""
    store: Store
    settings: Settings
    account: Account
    ip: str
    city_names: dict


def _refuse(ctx: Context, action: str, city: str, target: str, err: ChangeError) -> ChangeError:
    audit.record_now(ctx.store, action, actor=ctx.account.name, city=city, target=target, ip=ctx.ip,
                     detail={"status": err.status, "message": err.message, "fields": err.field_errors[:20]})
    return err


def require_city(ctx: Context, city: str, target: str) -> None:
    if city not in ctx.account.city_list:
        names = "・".join(ctx.city_names.get(c, c) for c in ctx.account.city_list)
        raise _refuse(ctx, "forbidden_city", city, target,
                      ChangeError(f"{ctx.city_names.get(city, city)}の記録は扱えません（担当: {names}）", 403))


def provenance(row: dict, org: str, today: date) -> dict:
    """`source` gains `supplied:<org>（date）` (one entry per supplier); `last_verified` is today."""
    mark = f"supplied:{org}（"
    parts = [p.strip() for p in (row.get("source") or "").split(";") if p.strip() and not p.strip().startswith(mark)]
    parts.append(f"{mark}{today.isoformat()}）")
    return {**row, "source": ";".join(parts), "last_verified": today.isoformat()}


def apply_changes(row: dict, changes: list[dict]) -> dict:
    new = dict(row)
    for c in changes:
        new[c["field"]] = c["after"]
    if new.get("location_public") == "false":
        # A private home is shown by its town only, whatever was typed: no number, no point, no venue point.
        for col in ("address", "lat", "lon", "precision", "venue"):
            if new.get(col):
                new[col] = ""
    return new


def _next_id(rows: list[dict], city: str, kind: str) -> str:
    stem = f"{city}-{kind.replace('_', '-')}-"
    used = {r.get("id", "") for r in rows}
    n = 1 + sum(1 for r in rows if r.get("id", "").startswith(stem))
    while f"{stem}{n:02d}" in used:
        n += 1
    return f"{stem}{n:02d}"


def org_of(account: Account, city_names: dict) -> str:
    return account.org or f"{city_names.get(account.city_list[0], '')}（職員）"


def _cleaned(ctx: Context, city: str, target: str, form: dict, new: bool) -> dict:
    fields = form_fields(new)
    if not new:  # a field the form did not send is left as it is, never emptied
        fields = tuple(f for f in fields if f.name in form)
    values, errors = {}, []
    for f in fields:
        value, problem = clean(f.name, form.get(f.name, ""))
        values[f.name] = value
        if problem:
            errors.append((f.name, problem))
    if "name" in values and not values["name"] and not errors:
        errors.append(("name", "名称を書いてください"))
    if errors:
        raise _refuse(ctx, "change_invalid", city, target, ChangeError("入力を直してください", 400, errors))
    return values


def salon_place_problem(before: dict, after: dict) -> str:
    """A salon meets somewhere: a change may not leave it with neither a 地区 nor a 町名 (city-wide).

    A salon with a town and no district takes its district from the town where the city's districts are
    made of towns (data/loader.derive_districts)."""
    if after.get("kind") != "salon" or after.get("district") or after.get("town"):
        return ""
    if before.get("name") and before.get("kind") == "salon" and not before.get("district") and not before.get("town"):
        return ""  # city-wide in the plan already (サロン活動（市内各地））: still editable, not made so here
    return (f"サロン・通いの場は「{NO_DISTRICT}」にできません（どこかで開かれている場です）。"
            "地区をえらぶか、町名を書いてください")


def _edit_or_revert(ctx: Context, city: str, record_id: str, row: dict | None,
                    changes: list[dict]) -> tuple[str, list[dict], str]:
    """(action, changes, review note): an edit that only types back what the last published change replaced is
    a revert, published with the earlier source and last-verified date instead of being marked verified today."""
    if row is None:
        return "add", changes, ""
    with ctx.store.tx() as s:
        undone = typed_revert(s, city, record_id, row, changes)
    if undone is None:
        return "edit", changes, ""
    last, provenance = undone
    return "revert", changes + provenance, f"#{last.id} を元にもどす（入力による）"


def propose(ctx: Context, city: str, record_id: str | None, form: dict, base_version: str) -> ChangeRequest:
    """An edit (record_id given) or a new record (record_id None) becomes a pending change request."""
    target = record_id or "(新規)"
    require_city(ctx, city, target)
    values = _cleaned(ctx, city, target, form, record_id is None)
    header, rows = csvstore.read_table(csvstore.resource_csv(ctx.settings.data_dir, city))
    if record_id is None:
        record_id = _next_id(rows, city, values["kind"] or "salon")
        row = None
        before = {"id": record_id, "source": f"supplied:{org_of(ctx.account, ctx.city_names)}（{date.today().isoformat()}）"}
    else:
        row = next((r for r in rows if r.get("id") == record_id), None)
        if row is None:
            raise _refuse(ctx, "change_invalid", city, target, ChangeError("その記録はありません", 404))
        if not csvstore.version_matches(row, base_version):
            raise _refuse(ctx, "change_conflict", city, target, ChangeError(
                "この記録は、あなたが開いた後にほかの人の変更が公開されました。上書きしないよう保存を止めました。"
                "記録を開き直して、もう一度入力してください", 409))
        before = row
    if set(split_list(values.get("categories", ""))) == set(split_list(before.get("categories", ""))):
        values.pop("categories", None)  # the same 分野 in another order is no change
    changes = [{"field": k, "before": before.get(k, "") or "", "after": v}
               for k, v in values.items() if v != (before.get(k, "") or "")]
    if not changes:
        raise _refuse(ctx, "change_invalid", city, target, ChangeError("変更がありません。直したい項目を書きかえてください", 400))
    new_row = apply_changes(before, changes)
    result = check_table(ctx.settings.data_dir, city, *csvstore.with_row(header, rows, new_row, record_id), record_id)
    check_place(ctx.settings.data_dir, city, ctx.city_names.get(city, city), new_row, result)
    if problem := salon_place_problem(before, new_row):
        result.errors.append(("district", problem))
    if not result.ok:
        raise _refuse(ctx, "change_invalid", city, target,
                      ChangeError("入力を直してください", 400, result.errors, result.warnings))
    action, changes, note = _edit_or_revert(ctx, city, record_id, row, changes)
    with ctx.store.tx() as s:
        cr = ChangeRequest(city=city, record_id=record_id, action=action, review_note=note,
                           author_id=ctx.account.id, base_version=csvstore.row_version(row), changes=changes)
        s.add(cr)
        s.flush()
        audit.record(s, "change_proposed", actor=ctx.account.name, city=city, target=f"{record_id} #{cr.id}",
                     ip=ctx.ip, detail={"changes": changes, "precision": result.precision})
    return cr


def may_self_review(s: Session, account: Account, city: str) -> bool:
    """The author may approve their own change only as the city's single admin (no one else could)."""
    if account.role != "admin":
        return False
    reviewers = s.scalars(select(Account).where(Account.active.is_(True), Account.role.in_(("reviewer", "admin"))))
    return sum(1 for a in reviewers if city in a.city_list) == 1


def _load_for_review(ctx: Context, cr_id: int) -> ChangeRequest:
    with ctx.store.tx() as s:
        cr = s.get(ChangeRequest, cr_id)
        self_ok = cr is not None and may_self_review(s, ctx.account, cr.city)
    not_found = ChangeError("その変更依頼はありません", 404)
    if cr is None:
        raise _refuse(ctx, "review_refused", "", f"#{cr_id}", not_found)
    target = f"{cr.record_id} #{cr.id}"
    if cr.city not in ctx.account.city_list:
        # Answered exactly like an unknown id: a 403 naming the city told anyone that the request exists and
        # whose it is. The audit log still says which city was tried.
        raise _refuse(ctx, "forbidden_city", cr.city, target, not_found)
    if not ctx.account.can_review:
        raise _refuse(ctx, "review_refused", cr.city, target, ChangeError("承認・差し戻しは確認者か管理者だけができます", 403))
    if cr.author_id == ctx.account.id and not self_ok:
        raise _refuse(ctx, "review_refused", cr.city, target, ChangeError(
            "自分が出した変更は承認・差し戻しできません。ほかの確認者に頼んでください", 403))
    if cr.status != "pending":
        raise _refuse(ctx, "review_refused", cr.city, target, ChangeError("この変更依頼はもう処理されています", 409))
    return cr


def _no_change_in_flight(ctx: Context, city: str, record_id: str, target: str, action: str) -> None:
    """One approved change per record on its way to publication: the next one is checked against its result."""
    with ctx.store.tx() as s:
        busy = s.scalar(select(func.count()).select_from(ChangeRequest).where(
            ChangeRequest.city == city, ChangeRequest.record_id == record_id,
            ChangeRequest.publish_state.in_(("queued", "building"))))
    if busy:
        raise _refuse(ctx, action, city, target, ChangeError(
            "同じ記録への別の変更が公開の途中です。公開が終わってから、もう一度確かめてください", 409))


def precheck(ctx: Context, cr: ChangeRequest) -> None:
    """Would this change still apply cleanly to data/ as it is now? (The publisher checks again.)"""
    target = f"{cr.record_id} #{cr.id}"
    _no_change_in_flight(ctx, cr.city, cr.record_id, target, "review_refused")
    header, rows = csvstore.read_table(csvstore.resource_csv(ctx.settings.data_dir, cr.city))
    row = next((r for r in rows if r.get("id") == cr.record_id), None)
    if not csvstore.version_matches(row, cr.base_version):
        raise _refuse(ctx, "review_refused", cr.city, target, ChangeError(
            "この変更依頼が作られた後に、同じ記録へ別の変更が公開されました。上書きしないよう承認を止めました。"
            "差し戻して、最新の内容から出し直してもらってください", 409))
    new_row = apply_changes(row or {}, cr.changes)
    result = check_table(ctx.settings.data_dir, cr.city, *csvstore.with_row(header, rows, new_row, cr.record_id), cr.record_id)
    if not result.ok:
        raise _refuse(ctx, "review_refused", cr.city, target,
                      ChangeError("この変更は今のデータの検査を通りません", 400, result.errors))


def review(ctx: Context, cr_id: int, decision: str, note: str) -> ChangeRequest:
    cr = _load_for_review(ctx, cr_id)
    target = f"{cr.record_id} #{cr.id}"
    note, problem = clean("review_note", note)
    if problem or len(note) > 1000:
        raise _refuse(ctx, "review_refused", cr.city, target, ChangeError(
            "入力を直してください", 400, [("note", problem or "メモは 1000 文字以内にしてください")]))
    if decision == "reject" and not note:
        raise _refuse(ctx, "review_refused", cr.city, target, ChangeError(
            "入力を直してください", 400, [("note", "差し戻すときは、理由をメモに書いてください")]))
    if decision == "approve":
        precheck(ctx, cr)
    values = {"reviewer_id": ctx.account.id, "reviewed_at": utcnow(), "review_note": note}
    if decision == "approve":
        values |= {"status": "approved", "publish_state": "queued", "approved_at": utcnow(), "problems": ""}
    else:
        values |= {"status": "rejected"}
    with ctx.store.tx() as s:
        # Claimed with one conditional UPDATE: two reviewers clicking at once cannot both decide.
        if rows_updated(s, update(ChangeRequest).where(ChangeRequest.id == cr.id, ChangeRequest.status == "pending")
                        .values(**values)) != 1:
            raise ChangeError("この変更依頼はもう処理されています", 409)
        audit.record(s, "change_approved" if decision == "approve" else "change_rejected", actor=ctx.account.name,
                     city=cr.city, target=target, ip=ctx.ip, detail={"note": note})
        return s.scalars(select(ChangeRequest).where(ChangeRequest.id == cr.id)).one()


def verify_unchanged(ctx: Context, city: str, record_id: str, base_version: str) -> ChangeRequest:
    """「確認済み（変更なし）」: a reviewer confirmed the record as it is; only last_verified moves."""
    require_city(ctx, city, record_id)
    if not ctx.account.can_review:
        raise _refuse(ctx, "verify_refused", city, record_id, ChangeError("確認済みにできるのは確認者か管理者だけです", 403))
    found = csvstore.find_row(ctx.settings.data_dir, city, record_id)
    if found is None:
        raise _refuse(ctx, "verify_refused", city, record_id, ChangeError("その記録はありません", 404))
    _no_change_in_flight(ctx, city, record_id, record_id, "verify_refused")
    row = found[1]
    if not csvstore.version_matches(row, base_version):
        raise _refuse(ctx, "verify_refused", city, record_id, ChangeError(
            "この記録は、あなたが開いた後に変更されました。開き直して内容を確かめてください", 409))
    today = date.today().isoformat()
    changes = [{"field": "last_verified", "before": row.get("last_verified", "") or "", "after": today}]
    with ctx.store.tx() as s:
        cr = ChangeRequest(city=city, record_id=record_id, action="verify", author_id=ctx.account.id,
                           base_version=base_version, changes=changes, status="approved", publish_state="queued",
                           reviewer_id=ctx.account.id, reviewed_at=utcnow(), approved_at=utcnow(),
                           review_note="確認済み（変更なし）")
        s.add(cr)
        s.flush()
        audit.record(s, "record_verified", actor=ctx.account.name, city=city, target=f"{record_id} #{cr.id}", ip=ctx.ip)
    return cr


def requests(s: Session, cities: list[str], status: str | None = None, limit: int = 200) -> list[ChangeRequest]:
    q = select(ChangeRequest).where(ChangeRequest.city.in_(cities)).order_by(ChangeRequest.id.desc()).limit(limit)
    if status:
        q = q.where(ChangeRequest.status == status)
    return list(s.scalars(q))


def pending_counts(s: Session, cities: list[str]) -> dict[str, int]:
    rows = s.execute(select(ChangeRequest.record_id, func.count()).where(
        ChangeRequest.city.in_(cities), ChangeRequest.status == "pending").group_by(ChangeRequest.record_id))
    return dict(rows.all())


def label(field_name: str) -> str:
    return LABELS.get(field_name, field_name)
