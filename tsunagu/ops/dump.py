"""The staff database as JSON lines, one file per table, and back (any SQLAlchemy database).

Used for PostgreSQL backups (read in one REPEATABLE READ transaction: one moment for every table) and
for restoring any backup into PostgreSQL. Rows are loaded parents first (Base.metadata's order), ids kept,
then each id sequence is moved past the largest id so new rows do not collide.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import DateTime, Engine, create_engine, func, select, text

from tsunagu.staff.models import Base


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def dump_tables(engine: Engine, folder: Path) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).mappings().all()
            with (folder / f"{table.name}.jsonl").open("w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
            counts[table.name] = len(rows)
    return counts


def _rows_from(source: Path, table) -> list[dict]:
    if source.is_dir():
        path = source / f"{table.name}.jsonl"
        if not path.exists():
            return []
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for col in table.columns:
            if isinstance(col.type, DateTime):
                for row in rows:
                    if row.get(col.name):
                        row[col.name] = datetime.fromisoformat(row[col.name])
        return rows
    engine = create_engine(f"sqlite:///{source}")  # an SQLite backup restored into another database
    try:
        with engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(table)).mappings()]
    finally:
        engine.dispose()


def load_tables(engine: Engine, source: Path) -> dict[str, int]:
    counts = {}
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            rows = _rows_from(source, table)
            if rows:
                conn.execute(table.insert(), rows)
            counts[table.name] = len(rows)
        if engine.dialect.name == "postgresql":
            for table in Base.metadata.sorted_tables:
                if "id" in table.columns and counts[table.name]:
                    top = conn.execute(select(func.max(table.c.id))).scalar()
                    conn.execute(text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n)"),
                                 {"t": table.name, "n": top})
    return counts
