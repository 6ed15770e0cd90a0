"""Backup and restore of the bundled data plus N change requests (issue 31's measure).

`.venv/bin/python bench/bench_backup.py [--requests 1000]`: in a temp folder (SQLite), N change requests with
their audit lines, then `backup` and `restore` into empty folders. Prints one JSON line: archive size, backup
and restore seconds, and whether the data files came back byte-identical.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from world import copy_data, test_settings  # noqa: E402

from tsunagu.ops.backup import backup, restore  # noqa: E402
from tsunagu.staff import accounts, audit  # noqa: E402
from tsunagu.staff.db import open_store  # noqa: E402
from tsunagu.staff.models import ChangeRequest  # noqa: E402


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=1000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tsunagu-bench-backup-"))
    try:
        settings = test_settings(tmp / "src", data_dir=copy_data(tmp / "src" / "data"))
        store = open_store(settings)
        with store.tx() as s:
            ed = accounts.add_account(s, "ed", "bench-backup-passphrase-2026", "editor", ["zushi"], "社協", {"zushi"})
            for n in range(args.requests):
                s.add(ChangeRequest(city="zushi", record_id=f"zushi-salon-{n % 48 + 1:02d}", action="edit",
                                    author_id=ed.id, changes=[{"field": "fee", "before": "", "after": f"{n}円"}]))
                audit.record(s, "change_proposed", actor="ed", city="zushi", target=f"#{n}")
        archive = tmp / "backup.tar.gz"
        started = time.perf_counter()
        backup(settings, archive)
        took = time.perf_counter() - started
        target = test_settings(tmp / "dst", data_dir=tmp / "dst" / "data")
        started = time.perf_counter()
        restore(target, archive)
        back = time.perf_counter() - started
        same = files(settings.data_dir) == files(target.data_dir)
        print(json.dumps({"requests": args.requests, "archive_kb": archive.stat().st_size // 1024,
                          "backup_s": round(took, 2), "restore_s": round(back, 2), "data_identical": same}))
        return 0 if same else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
