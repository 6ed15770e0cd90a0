"""Each row of a supplier's list matched to the city's records and checked by `tsunagu check`'s own rules.

Matching: an `id` column matches directly; otherwise the name and the place (address, else venue),
compared as name keys (tsunagu.text), against the city's records. A row is new, changed (field by
field, before → after), unchanged, or refused with located messages; the rest of the file still goes
through. Records of the city that the file does not mention are listed, never deleted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tsunagu.data.loader import load_cities
from tsunagu.data.problems import Problem
from tsunagu.data.yamlio import read_yaml
from tsunagu.staff import csvstore
from tsunagu.staff.changes import apply_changes, provenance, salon_place_problem
from tsunagu.staff.validation import RowCheck, check_place, merged_table, problems_by_record
from tsunagu.text import name_key

from .cells import RowValues, cell_map, row_values
from .headers import TARGETS, Columns, column_letter, find_columns, read_lexicon
from .places import town_of_address
from .profiles import attribute, default_kind, profile_cells, unknown_columns
from .sheet import Sheet

VERDICTS = {"new": "新規", "changed": "変更", "unchanged": "変更なし", "refused": "取り込めない"}


@dataclass
class RowResult:
    row: int  # spreadsheet row number in the supplier's file
    verdict: str = "new"  # new | changed | unchanged | refused
    record_id: str = ""
    name: str = ""
    changes: list[dict] = field(default_factory=list)  # [{"field", "before", "after"}]
    base_version: str = ""  # the row the changes were made against ("" for a new record)
    problems: list[Problem] = field(default_factory=list)  # errors refuse the row; warnings are said

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass
class ImportPlan:
    file: str
    city: str
    city_name: str
    kind: str
    encoding: str = ""
    sheet: str = ""
    header_row: int = 0
    rows: list[RowResult] = field(default_factory=list)
    absent: list[tuple[str, str]] = field(default_factory=list)  # (id, name) of records the file omits
    problems: list[Problem] = field(default_factory=list)  # the file as a whole (header, columns)

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.rows if r.verdict == verdict)

    @property
    def refused(self) -> bool:
        return bool(self.problems) or any(r.verdict == "refused" for r in self.rows)

    @property
    def proposals(self) -> list[RowResult]:
        return [r for r in self.rows if r.verdict in ("new", "changed")]


class Where:
    """`FILE:row:column` for a target column: the file's own header, with the column letter."""

    def __init__(self, file: str, cols: Columns):
        self.file, self.cols = file, cols

    def column(self, target: str) -> str:
        index = self.cols.where(target)
        if index is None and target == "schedule":
            index = self.cols.where("schedule_day")
            index = self.cols.where("schedule_time") if index is None else index
        if index is None and target == "location_public":
            index = self.cols.where("private_home")
        if index is None:
            return TARGETS.get(target, target)
        return f"{column_letter(index)}（{self.cols.headers[index]}）"

    def error(self, row: int, target: str, message: str) -> Problem:
        return Problem(self.file, row, self.column(target), message)

    def warning(self, row: int, target: str, message: str) -> Problem:
        return Problem(self.file, row, self.column(target), message, "warning")


def plan_import(sheet: Sheet, data_dir: Path, city: str, kind: str = "salon", mapping: dict | None = None,
                file_date: date | None = None, supplier: str = "提供者") -> ImportPlan:
    """`supplier` is whom the rows' `source` will name (the importing account's organisation)."""
    data_dir = Path(data_dir)
    cities = load_cities(data_dir)
    if city not in cities:
        raise ValueError(f"市「{city}」はありません（あるのは {', '.join(cities)}）")
    info = cities[city]
    kind = default_kind(mapping, kind)  # a profile's rows are of its kind
    plan = ImportPlan(sheet.file, city, info.name, kind, sheet.encoding, sheet.sheet)
    cols = find_columns(sheet.rows, read_lexicon(data_dir), mapping or {})
    if cols is None:
        plan.problems.append(Problem(sheet.file, 1, "-", "見出しの行が見つかりません。最初の10行のどこかに、"
                                     "「サロン名」「名称」など名前の列と、ほかの列の見出しを書いてください"))
        return plan
    plan.header_row = cols.header_row
    cols.unknown = unknown_columns(mapping, cols)  # a profile may ignore the columns it does not list
    if cols.unknown:
        choices = "、".join(f"{k}（{v}）" for k, v in TARGETS.items())
        for index, title in cols.unknown:
            plan.problems.append(Problem(sheet.file, cols.header_row, f"{column_letter(index)}（{title}）",
                                         f"見出し「{title}」が何の列か分かりません。--mapping のファイルに「{title}: 列」"
                                         f"と書いて指定してください。使える列: {choices}"))
        return plan
    vocabulary = read_yaml(data_dir / "vocabulary.yaml", "vocabulary.yaml")
    header, table = csvstore.read_table(csvstore.resource_csv(data_dir, city))
    where = Where(sheet.file, cols)
    matcher = Matcher(table)
    new_rows: dict[str, dict] = {}
    for offset, raw in enumerate(sheet.rows[cols.header_row:], start=cols.header_row + 1):
        if not any(c.strip() for c in raw):
            continue
        result = RowResult(offset)
        plan.rows.append(result)
        values = row_values(profile_cells(mapping, cols, raw, cell_map(cols, raw)), info, vocabulary)
        _one_row(result, values, where, matcher, kind, city, file_date)
        if result.verdict in ("new", "changed"):
            _places(result, values, where, data_dir, info, matcher)
        if result.verdict in ("new", "changed"):
            attribute(mapping, result, matcher.row(result.record_id), cols, raw)  # a profile's list and licence → source
            # checked with the provenance the publisher will write
            new_rows[result.record_id] = provenance(apply_changes(
                matcher.row(result.record_id) or {"id": result.record_id}, result.changes), supplier, date.today())
    _check_together(plan, where, data_dir, city, header, table, new_rows)
    seen = {r.record_id for r in plan.rows if r.record_id}
    plan.absent = [(r["id"], r.get("name", "")) for r in table
                   if r.get("id") not in seen and (not kind or r.get("kind") == kind)]
    return plan


class Matcher:
    def __init__(self, table: list[dict]):
        self.by_id = {r.get("id", ""): r for r in table}
        self.by_name: dict[str, list[dict]] = {}
        for r in table:
            self.by_name.setdefault(name_key(r.get("name", "")), []).append(r)
        self.taken: dict[str, int] = {}  # record id → the file row that already matched it
        self.used_ids = set(self.by_id)

    def row(self, record_id: str) -> dict | None:
        return self.by_id.get(record_id)

    def add_new(self, record_id: str, values: dict) -> None:
        """A record this file adds: a later row with its name and place is the same one again."""
        row = {"id": record_id, **values}
        self.by_name.setdefault(name_key(values.get("name", "")), []).append(row)

    def find(self, values: dict) -> tuple[dict | None, str]:
        """(the record this row states facts about, or None for a new one; a reason it cannot tell)."""
        if values.get("id"):
            found = self.by_id.get(values["id"])
            return found, "" if found else f"id「{values['id']}」の記録はこの市にありません"
        same = self.by_name.get(name_key(values.get("name", "")), [])
        place = name_key(values.get("address") or values.get("venue_text") or "")
        if place:
            same = [r for r in same if name_key(r.get("address") or r.get("venue_text") or "") in ("", place)]
        if len(same) > 1:
            ids = "、".join(r["id"] for r in same)
            return None, f"同じ名前の記録が {len(same)} 件あります（{ids}）。id の列か住所で、どれのことか分かるようにしてください"
        return (same[0] if same else None), ""

    def new_id(self, city: str, kind: str) -> str:
        stem = f"{city}-{kind.replace('_', '-')}-"
        n = 1 + sum(1 for i in self.used_ids if i.startswith(stem))
        while f"{stem}{n:02d}" in self.used_ids:
            n += 1
        self.used_ids.add(f"{stem}{n:02d}")
        return f"{stem}{n:02d}"


def _one_row(result: RowResult, values: RowValues, where: Where, matcher: Matcher, kind: str, city: str,
             file_date: date | None) -> None:
    result.name = values.values.get("name", "")
    result.problems += [where.error(result.row, t, m) for t, m in values.errors]
    result.problems += [where.warning(result.row, t, m) for t, m in values.notices]
    if not result.name and not values.values.get("id"):
        result.problems.append(where.error(result.row, "name", "名前が空です。名前を書くか、この行を消してください"))
    existing, why = matcher.find(values.values)
    if why:
        result.problems.append(where.error(result.row, "id" if values.values.get("id") else "name", why))
    if result.errors:
        result.verdict = "refused"
        return
    if existing is not None:
        result.record_id = existing["id"]
        earlier = matcher.taken.get(existing["id"])
        if earlier:
            result.problems.append(where.error(result.row, "name", f"{earlier} 行目と同じ記録（{existing['id']}）です。"
                                                                   "1 行にまとめてください"))
            result.verdict = "refused"
            return
        matcher.taken[existing["id"]] = result.row
        newer = existing.get("last_verified", "")
        if file_date and newer and newer > file_date.isoformat():
            result.problems.append(where.error(result.row, "name", f"この記録は {newer} に確かめられています。ファイルの日付"
                                               f"（{file_date.isoformat()}）より新しいため、上書きしません"))
            result.verdict = "refused"
            return
        result.base_version = csvstore.row_version(existing)
        wanted = {k: v for k, v in values.values.items() if k != "id"}
        result.changes = [{"field": k, "before": existing.get(k, "") or "", "after": v}
                          for k, v in wanted.items() if v != (existing.get(k, "") or "")]
        result.verdict = "changed" if result.changes else "unchanged"
        return
    kind = values.values.get("kind", kind)
    result.record_id = matcher.new_id(city, kind)
    matcher.taken[result.record_id] = result.row
    matcher.add_new(result.record_id, values.values)
    wanted = {"kind": kind, **{k: v for k, v in values.values.items() if k != "id"}}
    result.changes = [{"field": k, "before": "", "after": v} for k, v in wanted.items()]


def _places(result: RowResult, values: RowValues, where: Where, data_dir: Path, info, matcher: Matcher) -> None:
    """A private home keeps its town only; an address must be in the city."""
    after = apply_changes(matcher.row(result.record_id) or {}, result.changes)
    if values.private_home and values.values.get("address"):
        town = town_of_address(data_dir, info.slug, values.values["address"])
        result.changes = [c for c in result.changes if c["field"] != "address"]
        if town and not after.get("town"):
            result.changes.append({"field": "town", "before": "", "after": town})
        said = f"町名「{town}」だけを載せます" if town else "町名が読み取れないため、町名の列に書いてください"
        result.problems.append(where.warning(result.row, "address", f"個人宅のため、住所の番地は載せません。{said}"))
        return
    if after.get("address") and not after.get("town"):  # the town gives a salon its 地区 (data/loader)
        town = town_of_address(data_dir, info.slug, after["address"])
        if town:
            result.changes.append({"field": "town", "before": "", "after": town})
            after["town"] = town
    check = RowCheck()
    check_place(data_dir, info.slug, info.name, after, check)
    if not check.errors and (problem := salon_place_problem(matcher.row(result.record_id) or {}, after)):
        check.errors.append(("town", problem))
    result.problems += [where.error(result.row, t, m) for t, m in check.errors]
    result.problems += [where.warning(result.row, t, m) for t, m in check.warnings]
    if check.errors:
        result.verdict = "refused"


def _check_together(plan: ImportPlan, where: Where, data_dir: Path, city: str, header: list[str],
                    table: list[dict], new_rows: dict[str, dict]) -> None:
    """Every proposed row checked at once, by the rules of `tsunagu check`, on an overlay of data/."""
    if not new_rows:
        return
    header, merged = merged_table(header, table, new_rows)
    by_id = {r.record_id: r for r in plan.rows if r.verdict in ("new", "changed")}
    for record_id, problems in problems_by_record(data_dir, city, header, merged).items():
        result = by_id.get(record_id)
        if result is None:
            continue
        for p in problems:
            located = (where.error if p.severity == "error" else where.warning)(result.row, p.column, p.message)
            result.problems.append(located)
            if p.severity == "error":
                result.verdict = "refused"
