"""A 2,000-row salon list for one city, imported as a supplier would send it (issue 24's measure).

`.venv/bin/python bench/bench_import.py [--rows 2000] [--city zushi]`

In a temp folder: a copy of the bundled data, an editor and a reviewer. A generated CP932 CSV (a title
row, Japanese headers, 全角 digits, real towns of the city with made-up 番地, readable schedules) is
read and checked (`tsunagu import --dry-run`'s work), proposed as one batch, approved at once, and
published by the publisher with one build. Prints one JSON line: rows, parse + check seconds, the
peak Python memory of parsing and checking (tracemalloc; the process's RSS is mostly the
build made first), and the seconds from the batch approval to the new build being
`current` (the review's checks + applying the rows + the build).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from world import copy_data, test_settings  # noqa: E402

from tsunagu.importer.batches import propose_batch, review_batch  # noqa: E402
from tsunagu.importer.plan import plan_import  # noqa: E402
from tsunagu.importer.sheet import read_sheet  # noqa: E402
from tsunagu.staff import accounts  # noqa: E402
from tsunagu.staff.changes import Context  # noqa: E402
from tsunagu.staff.db import open_store  # noqa: E402
from tsunagu.staff.models import Account  # noqa: E402
from tsunagu.staff.publisher import Publisher  # noqa: E402

TOWNS = {"zushi": ["逗子{}丁目", "桜山{}丁目", "沼間{}丁目", "小坪{}丁目", "久木{}丁目", "山の根{}丁目", "新宿{}丁目"],
         "kamakura": ["大船{}丁目", "由比ガ浜{}丁目", "材木座{}丁目", "腰越{}丁目", "台{}丁目"]}
SCHEDULES = ["毎週火曜", "第１・３水曜", "毎月第２木曜", "毎週金曜", "第４土曜", "毎週月曜"]
TIMES = ["10:00〜12:00", "１３：３０〜１５：３０", "10時〜11時30分", ""]
WIDE = str.maketrans("0123456789", "０１２３４５６７８９")
PASSWORD = "bench-import-passphrase-2026"


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def write_list(path: Path, city_name: str, city: str, rows: int) -> None:
    rnd = random.Random(24)
    with path.open("w", encoding="cp932", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([f"{city_name}　ふれあいサロン一覧（令和８年１２月１日現在）"])
        w.writerow(["サロン名", "会場", "住所", "開催日", "時間", "連絡先", "参加費", "備考"])
        for i in range(rows):
            town = rnd.choice(TOWNS[city]).format(rnd.randint(1, 3))
            w.writerow([f"ベンチサロン{i + 1:04d}", f"{town.split('丁目')[0]}集会所",
                        f"{city_name}{town}{rnd.randint(1, 20)}-{rnd.randint(1, 30)}".translate(WIDE),
                        rnd.choice(SCHEDULES), rnd.choice(TIMES), f"046-8{rnd.randint(10, 99)}-{rnd.randint(1000, 9999)}",
                        rnd.choice(["100円", "無料", "２００円（お茶代）", ""]), "ベンチマーク用の架空のサロン"])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--city", default="zushi", choices=sorted(TOWNS))
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tsunagu-bench-import-"))
    try:
        settings = test_settings(tmp, data_dir=copy_data(tmp / "data"), tile_url="")
        from tsunagu.build import build
        build(settings)  # the served build before the import
        city_name = {"zushi": "逗子市", "kamakura": "鎌倉市"}[args.city]
        path = tmp / "salons.csv"
        write_list(path, city_name, args.city, args.rows)
        base_rss = rss_mb()
        tracemalloc.start()
        started = time.perf_counter()
        plan = plan_import(read_sheet(path), settings.data_dir, args.city, "salon", None, date.today(),
                           supplier="ベンチ社協")
        checked = time.perf_counter() - started
        check_peak_mb = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
        refused = [str(p) for r in plan.rows for p in r.errors][:5]
        store = open_store(settings)
        with store.tx() as s:
            accounts.add_account(s, "ed", PASSWORD, "editor", [args.city], "ベンチ社協", set(TOWNS))
            reviewer = accounts.add_account(s, "rev", PASSWORD, "reviewer", [args.city], "市", set(TOWNS))
        if plan.refused:
            print(json.dumps({"rows": args.rows, "refused": refused}, ensure_ascii=False))
            return 1
        batch = propose_batch(settings, "ed", plan)
        with store.tx() as s:
            reviewer = s.get(Account, reviewer.id)
        approve = time.perf_counter()
        counts = review_batch(Context(store, settings, reviewer, "bench", {args.city: city_name}), batch.id, {})
        reviewed = time.perf_counter() - approve
        build_id = Publisher(store, settings, {args.city: city_name}).publish_queued()
        live = time.perf_counter() - approve
        print(json.dumps({"rows": args.rows, "city": args.city, "new": plan.count("new"),
                          "parse_and_check_s": round(checked, 1), "parse_and_check_peak_mb": check_peak_mb,
                          "rss_before_mb": base_rss,
                          "rss_peak_mb": rss_mb(), "approved": counts["approved"], "review_checks_s": round(reviewed, 1),
                          "approval_to_live_s": round(live, 1), "build": build_id}, ensure_ascii=False))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
