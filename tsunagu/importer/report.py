"""The import plan as text for a terminal: located problems first (`FILE:row:column: message`), then
the counts, each row's verdict with its changes, and the records the file does not mention."""
from __future__ import annotations

from tsunagu.data.model import KIND_LABELS
from tsunagu.staff.fields import LABELS

from .plan import VERDICTS, ImportPlan

SHOWN_ABSENT = 20


def shown(field: str, value: str) -> str:
    """A value as people read it: 種類 サロン・通いの場, 場所の公開 公開しない."""
    if field == "kind":
        return KIND_LABELS.get(value, value)
    if field == "location_public":
        return {"true": "公開する", "false": "公開しない（個人宅）"}.get(value, value)
    return value


def counts_line(plan: ImportPlan) -> str:
    return "、".join(f"{label} {plan.count(v)} 件" for v, label in VERDICTS.items())


def render(plan: ImportPlan) -> list[str]:
    lines = [str(p) for p in plan.problems]
    for r in plan.rows:
        lines += [str(p) for p in r.problems]
    read = "、".join(x for x in (plan.encoding.upper() if plan.encoding else "",
                                 f"シート「{plan.sheet}」" if plan.sheet else "",
                                 f"見出しは {plan.header_row} 行目" if plan.header_row else "") if x)
    lines.append(f"{plan.file}（{read}）→ {plan.city_name}・{KIND_LABELS.get(plan.kind, plan.kind)}")
    if plan.problems:
        lines.append("ファイル全体を読めないため、行は調べていません")
        return lines
    lines.append(counts_line(plan))
    for r in plan.rows:
        head = f"  {r.row} 行目: {VERDICTS[r.verdict]}" + (f" {r.record_id}" if r.record_id else "") + f" {r.name}"
        lines.append(head.rstrip())
        if r.verdict in ("new", "changed"):
            for c in r.changes:
                before = f"「{shown(c['field'], c['before'])}」→" if c["before"] else ""
                lines.append(f"      {LABELS.get(c['field'], c['field'])}: {before}「{shown(c['field'], c['after'])}」")
    if plan.absent:
        names = "、".join(f"{name}（{rid}）" for rid, name in plan.absent[:SHOWN_ABSENT])
        more = f" ほか {len(plan.absent) - SHOWN_ABSENT} 件" if len(plan.absent) > SHOWN_ABSENT else ""
        lines.append(f"この表にない記録 {len(plan.absent)} 件（消しません）: {names}{more}")
    return lines
