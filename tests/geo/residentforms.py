"""Our case table of addresses as residents type them (tests/geo/data/resident_forms.csv, issue 29):
kana in a town name, 丁目 on a town without 丁目, a room after 号, a building glued to the number,
ノ/之/の dropped, 大字 + 小字/通称. `note` is a text the parser's notes must contain (the answer
says how the text was read). As a script it prints passes per form:

    .venv/bin/python tests/geo/residentforms.py
"""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

from casecheck import check

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "data" / "resident_forms.csv"


def load_cases() -> list[dict]:
    with CASES.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def check_case(engine, case: dict) -> tuple[bool, str]:
    ok, shown = check(engine, case)
    if ok and case["note"]:
        notes = " ".join(engine.parse(case["input"], case["city"]).notes)
        ok = case["note"] in notes
        shown += f" notes={notes!r}"
    return ok, shown


if __name__ == "__main__":
    from tsunagu.geo.engine import GeoEngine

    engine = GeoEngine(ROOT / "data")
    by_form: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in load_cases():
        ok, shown = check_case(engine, case)
        by_form[case["form"]][0] += ok
        by_form[case["form"]][1] += 1
        if not ok:
            print("FAIL", case["form"], case["input"], "→", shown, "want", case["expect"], case["note"])
    print(json.dumps({k: f"{a}/{b}" for k, (a, b) in by_form.items()}, ensure_ascii=False))
