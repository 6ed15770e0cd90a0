"""Reading and writing one row of data/resources/<city>.csv, one writer at a time.

The CSV stays the source of truth a clerk can open: rows are rewritten in the file's own column
order, untouched rows byte for byte as the csv module writes them, and the file is replaced
atomically (write a temporary file, then rename). A row's version is a hash of its non-empty cells, so
an edit made from an older version is detected instead of overwriting someone else's change. Only the
publisher writes here; forms and version checks read the served build's snapshot (`edit_dir`).
"""
from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import json
import os
from contextlib import contextmanager
from pathlib import Path

from tsunagu.builds import served_build


def resource_csv(data_dir: Path, city: str) -> Path:
    return Path(data_dir) / "resources" / f"{city}.csv"


def read_table(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = [dict(r) for r in reader]
        return list(reader.fieldnames or []), rows


def row_version(row: dict | None) -> str:
    """A hash of the row's own values: an empty cell counts as no cell, so a column added to the file for
    another row (fee, how_to_join …) leaves this row's version as it was."""
    if row is None:
        return ""
    cells = {k: v for k, v in row.items() if k is not None and v}
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _legacy_version(row: dict) -> str:
    # Before empty cells were left out, every column counted: requests made then carry this hash.
    cells = {k: (v or "") for k, v in row.items() if k is not None}
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def version_matches(row: dict | None, base_version: str) -> bool:
    """Is `row` still the version a request started from (made before or after the hash changed)?"""
    if row is None:
        return base_version == ""
    return base_version in (row_version(row), _legacy_version(row))


def edit_dir(settings) -> Path:
    """Where edit forms and row versions are read from: the served build's snapshot of data/.

    Every server sees the same published build (a shared build folder), while data/ belongs to the one
    publisher and may be another server's stale copy. Before any build there is only data/."""
    served = served_build(settings.build_dir)
    if served is not None and (served / "data" / "resources").is_dir():
        return served / "data"
    return Path(settings.data_dir)


def find_row(data_dir: Path, city: str, record_id: str) -> tuple[int, dict] | None:
    """(spreadsheet row number, row) for a record id, or None."""
    _, rows = read_table(resource_csv(data_dir, city))
    for i, row in enumerate(rows):
        if row.get("id") == record_id:
            return i + 2, row
    return None


def render_table(header: list[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") or "" for k in header})
    return buf.getvalue()


def write_table(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@contextmanager
def writer_lock(var_dir: Path):
    """One writer of data/ at a time, across threads and processes of this server."""
    Path(var_dir).mkdir(parents=True, exist_ok=True)
    with open(Path(var_dir) / "data-write.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def with_row(header: list[str], rows: list[dict], new_row: dict, record_id: str) -> tuple[list[str], list[dict]]:
    """The table with `record_id` replaced by `new_row` (or appended), new columns added at the end."""
    header = header + [k for k in new_row if k not in header]
    out, replaced = [], False
    for row in rows:
        if row.get("id") == record_id:
            out.append(new_row)
            replaced = True
        else:
            out.append(row)
    if not replaced:
        out.append(new_row)
    return header, out
