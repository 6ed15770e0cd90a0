"""Staff console under load: N staff sessions edit and review for S seconds while the public site is read.

Runs a real server (uvicorn, loopback, free port) on a temporary copy of data/ and of the current build,
with its own SQLite database (or TSUNAGU_DATABASE_URL) and publisher. Reports 5xx count, change requests
lost or doubled (successful submissions vs rows in the database), approvals that never went live, and
approval → live times. Final line: JSON.

    .venv/bin/python bench/bench_staff.py [--staff 20] [--seconds 60] [--public-threads 4]
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from tsunagu.loopback import serve_in_thread
from tsunagu.staff.csvstore import read_table, resource_csv

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="([^"]+)"')


def setup(tmp: Path):
    from tsunagu.settings import Settings
    shutil.copytree(ROOT / "data", tmp / "data", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    served = (ROOT / "build" / "current").resolve()
    (tmp / "build" / "builds").mkdir(parents=True)
    shutil.copytree(served, tmp / "build" / "builds" / served.name, symlinks=True)
    os.symlink(f"builds/{served.name}", tmp / "build" / "current")
    return Settings(data_dir=tmp / "data", build_dir=tmp / "build", var_dir=tmp / "var", reload_seconds=0.5,
                    database_url=os.environ.get("TSUNAGU_DATABASE_URL", ""))


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.status = collections.Counter()
        self.proposed = 0
        self.approved = 0
        self.conflicts = 0

    def count(self, r):
        with self.lock:
            self.status[r.status_code] += 1
        return r


def login(c: httpx.Client, name: str, tally: Tally):
    page = tally.count(c.get("/staff/login"))
    tally.count(c.post("/staff/login", data={"csrf_token": TOKEN.findall(page.text)[0], "name": name, "password": PASSWORD}))


def editor(url, name, records, stop, tally):
    with httpx.Client(base_url=url, timeout=60, follow_redirects=False) as c:
        login(c, name, tally)
        while not stop.is_set():
            rid = random.choice(records)
            page = tally.count(c.get(f"/staff/zushi/records/{rid}"))
            if page.status_code != 200:
                continue
            phone = f"046-87{random.randint(0, 9)}-{random.randint(1000, 9999)}"
            r = tally.count(c.post(f"/staff/zushi/records/{rid}", data={
                "csrf_token": TOKEN.findall(page.text)[1], "version": VERSION.search(page.text).group(1), "phone": phone}))
            if r.status_code == 303:
                with tally.lock:
                    tally.proposed += 1


def reviewer(url, name, stop, tally):
    with httpx.Client(base_url=url, timeout=60, follow_redirects=False) as c:
        login(c, name, tally)
        while not stop.is_set():
            queue = tally.count(c.get("/staff/changes/?status=pending"))
            ids = re.findall(r'href="/staff/changes/(\d+)"', queue.text)
            if not ids:
                time.sleep(0.5)
                continue
            cr = random.choice(ids)
            page = tally.count(c.get(f"/staff/changes/{cr}"))
            tokens = TOKEN.findall(page.text)
            if len(tokens) < 2 or "承認して公開する" not in page.text:
                continue
            r = tally.count(c.post(f"/staff/changes/{cr}", data={"csrf_token": tokens[1], "decision": "approve", "note": "bench"}))
            with tally.lock:
                if r.status_code == 303:
                    tally.approved += 1
                elif r.status_code == 409:
                    tally.conflicts += 1  # another approval of the same record went first: refused, as it must be


def public(url, paths, stop, tally):
    with httpx.Client(base_url=url, timeout=60) as c:
        while not stop.is_set():
            tally.count(c.get(random.choice(paths)))


def settled_requests(store, settle_seconds: float) -> list:
    """Every change request, once the publisher has nothing queued or building (or `settle_seconds` passed)."""
    from tsunagu.staff.models import ChangeRequest
    deadline = time.monotonic() + settle_seconds
    while time.monotonic() < deadline:
        with store.tx() as s:
            busy = s.query(ChangeRequest).filter(ChangeRequest.publish_state.in_(("queued", "building"))).count()
        if not busy:
            break
        time.sleep(1)
    with store.tx() as s:
        return s.query(ChangeRequest).all()


def summary(args, tally: Tally, rows: list) -> dict:
    states = collections.Counter(r.publish_state or r.status for r in rows)
    to_live = sorted((r.live_at - r.approved_at).total_seconds() for r in rows if r.live_at and r.approved_at)
    approved_rows = [r for r in rows if r.approved_at]
    edits = len([r for r in rows if r.action == "edit"])
    return {
        "staff": args.staff, "seconds": args.seconds, "requests": sum(tally.status.values()),
        "status": {str(k): v for k, v in sorted(tally.status.items())},
        "http_5xx": sum(v for k, v in tally.status.items() if k >= 500),
        "proposed_ok": tally.proposed, "change_requests_in_db": edits,
        "lost_or_doubled": abs(tally.proposed - edits),
        "approved": tally.approved, "approve_conflicts_409": tally.conflicts,
        "approved_rows": len(approved_rows), "publish_states": dict(states),
        "approved_not_live": sum(1 for r in approved_rows if r.publish_state != "live"),
        "approval_to_live_s": {"min": to_live[0], "median": to_live[len(to_live) // 2], "max": to_live[-1]} if to_live else None,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--staff", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--public-threads", type=int, default=4)
    ap.add_argument("--settle-seconds", type=float, default=600)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tsunagu-bench-staff-"))
    try:
        settings = setup(tmp)
        from tsunagu.site.app import create_app
        from tsunagu.staff import accounts
        app = create_app(settings)
        store = app.state.staff.store
        reviewers = max(2, args.staff // 5)
        names = [(f"ed{i}", "editor") for i in range(args.staff - reviewers)] + [(f"rev{i}", "reviewer") for i in range(reviewers)]
        with store.tx() as s:
            for name, role in names:
                accounts.add_account(s, name, PASSWORD, role, ["zushi"], "逗子市社会福祉協議会", {"zushi"})
        with serve_in_thread(app) as url:
            return run_load(args, app, settings, url, names)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_load(args, app, settings, url: str, names: list[tuple[str, str]]) -> int:
    """Editors, reviewers and public readers at once for args.seconds; then the settled change requests."""
    store = app.state.staff.store
    records = [r["id"] for r in read_table(resource_csv(settings.data_dir, "zushi"))[1] if r["kind"] == "salon"][:8]
    paths = ["/", "/zushi/", "/zushi/search?q=サロン", "/zushi/desk?address=新宿4丁目2番35号"] + [f"/zushi/resources/{r}" for r in records]
    tally, stop = Tally(), threading.Event()
    threads = [threading.Thread(target=editor, args=(url, n, records, stop, tally)) for n, r in names if r == "editor"]
    threads += [threading.Thread(target=reviewer, args=(url, n, stop, tally)) for n, r in names if r == "reviewer"]
    threads += [threading.Thread(target=public, args=(url, paths, stop, tally)) for _ in range(args.public_threads)]
    for t in threads:
        t.start()
    time.sleep(args.seconds)
    stop.set()
    for t in threads:
        t.join()
    rows = settled_requests(store, args.settle_seconds)
    app.state.staff.publisher.stop()
    result = summary(args, tally, rows)
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["http_5xx"] == 0 and result["lost_or_doubled"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
