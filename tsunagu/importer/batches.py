"""An import plan becomes one batch of change requests; a reviewer approves the batch, leaving rows out.

Nothing is live until approval, and approval only queues: the publisher applies the approved rows of
the batch together and publishes them with one build. Each row is its own change request, with its own
audit line and its own version check, so a record edited since the import is refused, not overwritten.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update

from tsunagu.staff import audit, csvstore
from tsunagu.staff.changes import ChangeError, Context, apply_changes, may_self_review, require_city
from tsunagu.staff.db import open_store, rows_updated
from tsunagu.staff.models import Account, ChangeRequest, utcnow
from tsunagu.staff.validation import merged_table, problems_by_record

from .models import ImportBatch
from .plan import ImportPlan

CONFLICT = ("この記録は、取り込みの後にほかの変更が公開されました。上書きしないよう、この行は取り込みませんでした。"
            "最新の内容を確かめて、必要ならもう一度取り込んでください")


@dataclass
class Proposed:
    id: int
    size: int


def supplier_label(batch: ImportBatch) -> str:
    """How each row's `source` names the list: 「逗子市社会福祉協議会（salons.csv、2025-04-01）」."""
    return f"{batch.supplier}（{batch.file_name}、{batch.file_date}）"


def batch_provenance(row: dict, batch: ImportBatch) -> dict:
    """`source` gains `supplied:<org>（file, date）` (replacing this supplier's earlier entry); last_verified is
    the list's own date: the facts are as true as the list, not as the day they were published."""
    mark = f"supplied:{batch.supplier}（"
    parts = [p.strip() for p in (row.get("source") or "").split(";") if p.strip() and not p.strip().startswith(mark)]
    parts.append(f"supplied:{supplier_label(batch)}")
    return {**row, "source": ";".join(parts), "last_verified": batch.file_date}


def propose_batch(settings, staff_name: str, plan: ImportPlan, file_date: date | None = None) -> Proposed:
    """The CLI's entry: the plan's new and changed rows as one pending batch, proposed by `staff_name`."""
    if plan.refused:
        raise ValueError("取り込めない行があるため、何も作りませんでした")
    store = open_store(settings)
    with store.tx() as s:
        account = s.scalar(select(Account).where(Account.name == staff_name, Account.active.is_(True)))
        if account is None:
            raise ValueError(f"担当者「{staff_name}」はいません（tsunagu staff list で確かめてください）")
        if plan.city not in account.city_list:
            raise ValueError(f"{staff_name} は{plan.city_name}の担当ではありません")
        batch = create_batch(s, account, plan, file_date or date.today(), ip="cli")
        return Proposed(batch.id, len(plan.proposals))


def create_batch(s, account: Account, plan: ImportPlan, file_date: date, ip: str) -> ImportBatch:
    supplier = account.org or "職員"
    batch = ImportBatch(city=plan.city, author_id=account.id, file_name=plan.file[:200], file_date=file_date.isoformat(),
                        supplier=supplier, kind=plan.kind, summary={
                            "new": plan.count("new"), "changed": plan.count("changed"),
                            "unchanged": plan.count("unchanged"), "absent": plan.absent[:500],
                            "warnings": [str(p) for r in plan.rows for p in r.problems][:500]})
    s.add(batch)
    s.flush()
    file_rows = {}
    for row in plan.proposals:
        cr = ChangeRequest(city=plan.city, record_id=row.record_id, action="edit" if row.base_version else "add",
                           author_id=account.id, base_version=row.base_version, changes=row.changes,
                           batch_id=batch.id)
        s.add(cr)
        s.flush()
        file_rows[str(cr.id)] = row.row
        audit.record(s, "change_proposed", actor=account.name, city=plan.city, target=f"{row.record_id} #{cr.id}",
                     ip=ip, detail={"batch": batch.id, "file_row": row.row, "changes": row.changes})
    batch.summary = {**batch.summary, "file_rows": file_rows}  # which line of the list each request came from
    audit.record(s, "import_proposed", actor=account.name, city=plan.city, target=f"取り込み #{batch.id}", ip=ip,
                 detail={"file": plan.file, "new": plan.count("new"), "changed": plan.count("changed")})
    return batch


def batch_rows(s, batch_id: int) -> list[ChangeRequest]:
    return list(s.scalars(select(ChangeRequest).where(ChangeRequest.batch_id == batch_id).order_by(ChangeRequest.id)))


def review_batch(ctx: Context, batch_id: int, left_out: dict[int, str], note: str = "") -> dict[str, int]:
    """Approve the batch's pending rows except `left_out` (change request id → reason, required), which are
    rejected with their reason. Rows whose record changed since the import are refused (CONFLICT) and rows
    the data checks refuse are named. Returns counts of approved / left_out / refused."""
    with ctx.store.tx() as s:
        batch = s.get(ImportBatch, batch_id)
        rows = batch_rows(s, batch_id) if batch else []
        self_ok = batch is not None and may_self_review(s, ctx.account, batch.city)
    if batch is None:
        raise ChangeError("その取り込みはありません", 404)
    require_city(ctx, batch.city, f"取り込み #{batch_id}")
    if not ctx.account.can_review:
        raise ChangeError("承認は確認者か管理者だけができます", 403)
    if batch.author_id == ctx.account.id and not self_ok:
        raise ChangeError("自分が取り込んだ一覧は承認できません。ほかの確認者に頼んでください", 403)
    pending = [r for r in rows if r.status == "pending"]
    if not pending:
        raise ChangeError("この取り込みはもう処理されています", 409)
    missing = [r.id for r in pending if r.id in left_out and not left_out[r.id].strip()]
    if missing:
        raise ChangeError("入力を直してください", 400, [(f"reason-{i}", "外す行には、理由を書いてください") for i in missing])
    refused = _stale_or_failing(ctx, batch, [r for r in pending if r.id not in left_out])
    counts = {"approved": 0, "left_out": 0, "refused": 0}
    with ctx.store.tx() as s:
        for r in pending:
            values: dict[str, object]
            if r.id in left_out:
                values = {"status": "rejected", "review_note": left_out[r.id].strip()[:1000]}
                action, key = "change_rejected", "left_out"
            elif r.id in refused:
                values = {"status": "rejected", "review_note": refused[r.id][:1000]}
                action, key = "change_rejected", "refused"
            else:
                values = {"status": "approved", "publish_state": "queued", "approved_at": utcnow(),
                          "review_note": note[:1000]}
                action, key = "change_approved", "approved"
            values |= {"reviewer_id": ctx.account.id, "reviewed_at": utcnow()}
            if rows_updated(s, update(ChangeRequest).where(ChangeRequest.id == r.id, ChangeRequest.status == "pending")
                            .values(**values)) != 1:
                continue  # decided meanwhile by someone else: theirs stands
            counts[key] += 1
            audit.record(s, action, actor=ctx.account.name, city=batch.city, target=f"{r.record_id} #{r.id}",
                         ip=ctx.ip, detail={"batch": batch_id, "note": str(values["review_note"])})
        s.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
            status="reviewed", reviewer_id=ctx.account.id, reviewed_at=utcnow(), review_note=note[:1000]))
        audit.record(s, "import_reviewed", actor=ctx.account.name, city=batch.city, target=f"取り込み #{batch_id}",
                     ip=ctx.ip, detail=counts)
    return counts


def _stale_or_failing(ctx: Context, batch: ImportBatch, rows: list[ChangeRequest]) -> dict[int, str]:
    """Rows that must not be approved: their record changed since the import, or the data checks refuse
    them against today's data (checked together, once, with the provenance the publisher will write)."""
    city = batch.city
    header, table = csvstore.read_table(csvstore.resource_csv(ctx.settings.data_dir, city))
    current = {r.get("id", ""): r for r in table}
    refused: dict[int, str] = {}
    proposed: dict[str, tuple[int, dict]] = {}
    for cr in rows:
        if csvstore.row_version(current.get(cr.record_id)) != cr.base_version:
            refused[cr.id] = CONFLICT
        else:
            after = apply_changes(current.get(cr.record_id) or {"id": cr.record_id}, cr.changes)
            proposed[cr.record_id] = (cr.id, batch_provenance(after, batch))
    if not proposed:
        return refused
    header, merged = merged_table(header, table, {rid: row for rid, (_, row) in proposed.items()})
    for record_id, problems in problems_by_record(ctx.settings.data_dir, city, header, merged).items():
        errors = [p for p in problems if p.severity == "error"]
        if record_id in proposed and errors:
            refused[proposed[record_id][0]] = f"今のデータの検査を通りません（{errors[0].column}: {errors[0].message}）"
    return refused
