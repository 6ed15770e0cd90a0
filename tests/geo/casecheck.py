"""Our own table of address cases (tests/geo/data/address_cases.csv), written from the forms
the public Japanese address suites test (geolonia normalize-japanese-addresses,
digital-go-jp abr-geocoder, t-sagara Japanese-Address-testdata, jageocoder) — on real
towns of data/geo. Used by test_geo_cases.py, and as a script it prints the pass rate by
source and by form:

    .venv/bin/python tests/geo/casecheck.py            # this checkout
    PYTHONPATH=<other checkout> python tests/geo/casecheck.py   # e.g. an older engine

`expect`: `town=…;chome=…;ban=…;go=…;koaza=…;building=…` (only the keys given are
compared), `other=<municipality>` (out of area, named), `city=<slug>` (one of the four, a
link), `cand=A|B` (both candidates, no town chosen), `unparsed` or `error`.
"""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "data" / "address_cases.csv"


def load_cases() -> list[dict]:
    with CASES.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def check(engine, case: dict) -> tuple[bool, str]:
    p = engine.parse(case["input"], case["city"])
    got = {"town": p.town, "chome": p.chome, "ban": p.ban, "go": p.go, "koaza": p.koaza,
           "building": p.building, "other": p.other_city, "city": p.city_slug,
           "cand": "|".join(getattr(p, "town_candidates", []) or []) or None}
    shown = json.dumps({k: v for k, v in got.items() if v is not None}, ensure_ascii=False)
    want = case["expect"]
    if want == "error":
        return p.error is not None, shown
    if want == "unparsed":
        return bool(p.unparsed) and p.town is None and not p.other_city, shown
    for item in want.split(";"):
        key, value = item.split("=", 1)
        if key == "other" and got[key] and value.endswith(got[key]):
            continue  # 葉山町 for 神奈川県三浦郡葉山町: named, if less fully
        if str(got[key]) != value:
            return False, shown
    if "other" not in want and p.other_city:
        return False, shown
    if "cand" not in want and "town" in want and p.unparsed:
        return False, shown
    return True, shown


def report(engine) -> dict:
    by_source, by_form = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    failures = []
    for case in load_cases():
        ok, shown = check(engine, case)
        for table, key in ((by_source, case["source"]), (by_form, case["form"])):
            table[key][0] += ok
            table[key][1] += 1
        if not ok:
            failures.append(f"{case['source']}/{case['form']}: {case['input']} → {shown} (want {case['expect']})")
    total = sum(v[0] for v in by_source.values()), sum(v[1] for v in by_source.values())
    return {"passed": total[0], "cases": total[1], "by_source": {k: f"{a}/{b}" for k, (a, b) in by_source.items()},
            "by_form": {k: f"{a}/{b}" for k, (a, b) in by_form.items()}, "failures": failures}


if __name__ == "__main__":
    from tsunagu.geo.engine import GeoEngine

    result = report(GeoEngine(ROOT / "data"))
    for line in result.pop("failures"):
        print("FAIL", line)
    print(json.dumps(result, ensure_ascii=False))
