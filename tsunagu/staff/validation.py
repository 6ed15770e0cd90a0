"""Validate an edited row exactly as `tsunagu check` would, before anything is written.

The check runs on an overlay of data/: a temporary folder of symbolic links to the real files,
with only the edited city's CSV replaced by the edited table. So the rules are the validator's
own (one set of rules for check, the build gate and the console), and data/ is never touched.
"""
from __future__ import annotations

import functools
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import csvstore


@dataclass
class RowCheck:
    errors: list = field(default_factory=list)  # [(column, message)]
    warnings: list = field(default_factory=list)
    precision: str = ""  # what the build will be able to place, said for the editor

    @property
    def ok(self) -> bool:
        return not self.errors


def overlay_problems(data_dir: Path, city: str, header: list[str], rows: list[dict]):
    """`tsunagu check`'s problems for data/ with one city's table replaced by `rows` (data/ untouched)."""
    from tsunagu.build import check_all  # lazy: adds 0.3 s to importing this module
    data_dir = Path(data_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="tsunagu-check-") as tmp:
        overlay = Path(tmp)
        for entry in data_dir.iterdir():
            if entry.name != "resources":
                (overlay / entry.name).symlink_to(entry)
        (overlay / "resources").mkdir()
        for entry in (data_dir / "resources").iterdir():
            if entry.name != f"{city}.csv":
                (overlay / "resources" / entry.name).symlink_to(entry)
        (overlay / "resources" / f"{city}.csv").write_text(csvstore.render_table(header, rows), encoding="utf-8")
        return check_all(overlay)


HEADER_ROW = "(header)"  # not a record id (ids are lower-case ASCII): problems of the file's first line


def problems_by_record(data_dir: Path, city: str, header: list[str], rows: list[dict]) -> dict[str, list]:
    """`overlay_problems` of the city's own table, keyed by the record each is about (HEADER_ROW for line 1).
    The one place a checked row number is turned back into a record (console, import, review, publisher)."""
    out: dict[str, list] = {}
    for p in overlay_problems(data_dir, city, header, rows):
        if p.file != f"resources/{city}.csv" or not 1 <= p.row <= len(rows) + 1:
            continue
        out.setdefault(HEADER_ROW if p.row == 1 else rows[p.row - 2].get("id", ""), []).append(p)
    return out


def merged_table(header: list[str], table: list[dict], changed: dict[str, dict]) -> tuple[list[str], list[dict]]:
    """The table with the `changed` rows (by id) in place and the new ones at the end; the header grows by
    any column they bring."""
    merged = [changed.get(r.get("id", ""), r) for r in table]
    known = {r.get("id", "") for r in table}
    merged += [row for rid, row in changed.items() if rid not in known]
    return list(dict.fromkeys(header + [k for r in merged for k in r])), merged


def check_table(data_dir: Path, city: str, header: list[str], rows: list[dict], record_id: str) -> RowCheck:
    result = RowCheck()
    found = problems_by_record(data_dir, city, header, rows)
    for p in found.get(record_id, []) + found.get(HEADER_ROW, []):
        (result.errors if p.severity == "error" else result.warnings).append((p.column, p.message))
    return result


def gazetteer(data_dir: Path):
    """The address parser's town table for this data folder (kept per folder: it takes a second to load)."""
    return _gazetteer(str(Path(data_dir).resolve()))


@functools.lru_cache(maxsize=4)
def _gazetteer(data_dir: str):
    from tsunagu.geo.gazetteer import Gazetteer  # lazy: adds 0.4 s to importing this module
    return Gazetteer(Path(data_dir))


def check_place(data_dir: Path, city: str, city_name: str, row: dict, result: RowCheck) -> None:
    """An address must be in the record's own city; say how precisely the build can place it."""
    from tsunagu.geo.parse import parse  # lazy: adds 0.4 s to importing this module
    address = row.get("address", "")
    if row.get("location_public") == "false":
        result.precision = "町名の代表点（個人宅のため、番地や地図上の正確な位置は出しません）"
        return
    if address:
        gaz = gazetteer(data_dir)
        parsed = parse(address, gaz, city)
        other = parsed.other_city or (gaz.cities[parsed.city_slug].name if parsed.city_slug and parsed.city_slug != city else "")
        if other:
            result.errors.append(("address", f"住所「{address[:60]}」は{other}の住所です。{city_name}の住所を書いてください"))
            return
        if parsed.error:
            result.warnings.append(("address", f"住所が読み取れません（{parsed.error}）。町名の代表点か市の代表点で表示されます"))
        result.precision = ("会場の位置（施設データ）" if row.get("venue", "").startswith("gsi:") else
                            "町丁目の代表点（正確な場所ではありません）" if parsed.town else "市の代表点（正確な場所ではありません）")
    elif row.get("venue"):
        result.precision = "会場の位置（会場データ）"
    elif row.get("town"):
        result.precision = "町丁目の代表点（正確な場所ではありません）"
    else:
        result.precision = "位置情報なし（地図には出ません）"
