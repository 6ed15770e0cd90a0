"""Everyday queries on the bundled data: is the answer a social worker would give in the top 5?

Not a test: run by hand (`python bench/bench_everyday.py`). The table
`bench/everyday_queries.csv` was written from the need lexicon's point of view (the worries
residents type), each with the answer a social worker would give and an `accept` rule
saying which records count as that answer:

  desk:<need>    a consultation desk whose needs include <need>
  cat:<value>    a record with that category
  kind:<kind>    a record of that kind
  name:<text>    a record whose name contains <text>
  (several, separated by |: any of them)

It indexes data/ into a temp folder with the app's own build_index and Searcher, and prints
one line per query, then the top-5 share and the zero-result rate as a final JSON line.
"""
from __future__ import annotations

import argparse
import csv
import json
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = Path(__file__).resolve().parent / "everyday_queries.csv"


def accepts(rule: str, r) -> bool:
    for alt in rule.split("|"):
        kind, _, value = alt.partition(":")
        if kind == "desk" and r.kind == "consultation_desk" and value in r.needs:
            return True
        if (kind == "cat" and value in r.categories) or (kind == "kind" and r.kind == value):
            return True
        if kind == "name" and value in r.name:
            return True
    return False


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT / "data")
    ap.add_argument("--top", type=int, default=5)
    args = ap.parse_args(argv)
    from tsunagu.data.loader import load_directory
    from tsunagu.search.indexer import build_index
    from tsunagu.search.searcher import Searcher
    directory = load_directory(args.data_dir)
    records = {r.id: r for r in directory.resources}
    with tempfile.TemporaryDirectory(prefix="tsunagu-everyday-") as tmp:
        build_index(directory.resources, Path(tmp) / "index", args.data_dir)
        searcher = Searcher(Path(tmp) / "index", args.data_dir)
        rows = list(csv.DictReader(TABLE.open(encoding="utf-8")))
        found = zero = 0
        by_city: dict[str, list[int]] = {}
        for row in rows:
            resp = searcher.search(row["city"], row["query"], per_page=args.top)
            top = [records[h.id] for h in resp.hits[:args.top] if h.id in records]
            ok = any(accepts(row["accept"], r) for r in top)
            found += ok
            zero += resp.total == 0
            by_city.setdefault(row["city"], [0, 0])
            by_city[row["city"]][0] += ok
            by_city[row["city"]][1] += 1
            names = " / ".join(r.name for r in top[:3])
            print(f"{'OK ' if ok else 'NO '} {row['city']:<11} {row['query']:<20} total={resp.total:<3} → {names}")
    n = len(rows)
    print(json.dumps({"queries": n, "top": args.top, "found_in_top": found,
                      "top_share": round(found / n, 3), "zero_results": zero, "zero_rate": round(zero / n, 3),
                      "by_city": {c: f"{a}/{b}" for c, (a, b) in by_city.items()}}, ensure_ascii=False))


if __name__ == "__main__":
    main()
