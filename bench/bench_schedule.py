"""Schedules: how long reading a text, its next dates and the list filters take (cold and cached).

`.venv/bin/python bench/bench_schedule.py [--records N]`. Uses the texts of the parser's test table,
repeated with different times so that every record is a distinct text (no cache help). Prints a final
JSON line. Nothing here is asserted by tests.
"""
from __future__ import annotations

import argparse
import ast
import json
import time
from datetime import date
from pathlib import Path

from tsunagu.data.model import Resource
from tsunagu.data.schedule import next_dates, parse
from tsunagu.data.schedule_dates import occurrences
from tsunagu.data.schedule_parse import parse_text
from tsunagu.site.pages.schedule_filter import day_facet, from_query, matches

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 12, 1)


def table_texts() -> list[str]:
    tree = ast.parse((ROOT / "tests" / "data" / "test_schedule_table.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "CASES":
            return [case[0] for case in ast.literal_eval(node.value)]
    raise SystemExit("CASES not found")


def timed(fn, items) -> float:
    start = time.perf_counter()
    for it in items:
        fn(it)
    return (time.perf_counter() - start) * 1000 / max(1, len(items))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=5000)
    args = ap.parse_args()
    base = table_texts()
    texts = [f"{base[i % len(base)]} {9 + i % 8}:{i % 60:02d}〜{18 + i % 5}:00" if i >= len(base) else base[i]
             for i in range(args.records)]
    parse_ms = timed(parse_text, texts)
    schedules = [parse_text(t) for t in texts]
    dates_ms = timed(lambda s: occurrences(s, TODAY), schedules)
    records = [Resource(id=f"r{i}", city="zushi", kind="salon", name="x", schedule=t) for i, t in enumerate(texts)]
    f = from_query("tu", "1", "am")
    start = time.perf_counter()
    kept = [r for r in records if matches(r, f, TODAY)]
    day_facet(records, f, TODAY)
    filter_cold_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    [r for r in records if matches(r, f, TODAY)]
    day_facet(records, f, TODAY)
    filter_warm_ms = (time.perf_counter() - start) * 1000
    statuses = [s.status for s in schedules]
    print(json.dumps({
        "records": args.records, "distinct_texts": len(set(texts)),
        "parse_ms_per_text": round(parse_ms, 3), "next_dates_ms_per_text": round(dates_ms, 3),
        "filter_and_facet_cold_ms": round(filter_cold_ms, 1), "filter_and_facet_cached_ms": round(filter_warm_ms, 1),
        "kept": len(kept), "parsed": statuses.count("parsed"), "partial": statuses.count("partial"),
        "text": statuses.count("text"), "cached_parse_ok": parse(texts[0]) is parse(texts[0]),
        "cached_dates_ok": next_dates(texts[0], TODAY) == next_dates(texts[0], TODAY),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
