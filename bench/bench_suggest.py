"""A bounded loopback flood of public suggestions, spam and valid mixed, while the public site is read.

Runs a real server (uvicorn in its own process, loopback, free port) on a temporary copy of data/ and
of the current build, with its own SQLite database (or TSUNAGU_DATABASE_URL). N clients, each from its
own loopback address (127.0.0.2 …), send P posts in total over S seconds: per client a few valid
suggestions (a real form, filled like a person: after the minimum fill time) and the rest spam —
honeypot filled, sent too fast, no token, replayed token, HTML, 100 KB fields, unknown records, exact
duplicates, and bursts past the per-address limit. A reader measures public pages meanwhile.

Reports: valid ones queued exactly once, spam stored / published, status counts (0 × 5xx), public p95
before and during the flood. Final line: JSON.

    .venv/bin/python bench/bench_suggest.py [--clients 50] [--posts 2000] [--seconds 60] [--valid 3]
"""
from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
MIN_FILL = 3.0


def setup(tmp: Path) -> dict:
    shutil.copytree(ROOT / "data", tmp / "data", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    served = (ROOT / "build" / "current").resolve()
    (tmp / "build" / "builds").mkdir(parents=True)
    shutil.copytree(served, tmp / "build" / "builds" / served.name, symlinks=True)
    os.symlink(f"builds/{served.name}", tmp / "build" / "current")
    return {**os.environ, "TSUNAGU_DATA_DIR": str(tmp / "data"), "TSUNAGU_BUILD_DIR": str(tmp / "build"),
            "TSUNAGU_VAR_DIR": str(tmp / "var"), "TSUNAGU_SUGGEST_MIN_FILL_SECONDS": str(MIN_FILL)}


def start_server(env: dict) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "tsunagu.site.app:create_app", "--factory",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--no-access-log"],
                            env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not start")


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.status: collections.Counter = collections.Counter()
        self.by_kind: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.valid_sent: list[str] = []
        self.valid_receipts = 0
        self.errors: list[str] = []

    def count(self, kind: str, r: httpx.Response) -> httpx.Response:
        with self.lock:
            self.status[r.status_code] += 1
            self.by_kind[kind][r.status_code] += 1
        return r


def records(data_dir: Path) -> dict[str, list[str]]:
    out = {}
    for path in sorted((data_dir / "resources").glob("*.csv")):
        with path.open(encoding="utf-8-sig") as fh:
            out[path.stem] = [r["id"] for r in csv.DictReader(fh)]
    return out


def client(i: int, url: str, recs: dict, posts: int, valid: int, deadline: float, tally: Tally) -> None:
    rnd = random.Random(i)
    cities = sorted(recs)
    transport = httpx.HTTPTransport(local_address=f"127.0.0.{i + 2}")
    with httpx.Client(base_url=url, transport=transport, timeout=60, follow_redirects=False) as c:
        def form(path):
            page = c.get(path)
            return FORM_TOKEN.search(page.text)[1] if page.status_code == 200 else ""

        # The valid ones: real forms, filled like a person (after the minimum fill time).
        mine = []
        for n in range(valid):
            city = cities[(i + n) % len(cities)]
            rid = rnd.choice(recs[city])
            marker = f"bench-{i}-{n}-{rnd.randrange(10**9)}"
            if n % 2 == 0:
                path, data = f"/{city}/resources/{rid}/suggest", {"field": "schedule", "how": "joins",
                                                                  "right": f"毎月第2火曜 10:00〜12:00（{marker}）"}
            else:
                path, data = f"/{city}/suggest", {"name": f"ベンチサロン {marker}", "place_type": "venue",
                                                  "place": "公民館", "when": "毎週水曜 13:30〜15:00"}
            mine.append((path, data, form(path), marker))
        time.sleep(MIN_FILL + 0.3)
        sent = 0
        used_token, used_path, used_data = "", "", {}
        for path, data, token, marker in mine:
            r = tally.count("valid", c.post(path, data={"form_token": token, "hp_confirm": "", **data}))
            sent += 1
            with tally.lock:
                tally.valid_sent.append(marker)
                tally.valid_receipts += r.status_code == 303
            used_token, used_path, used_data = token, path, data
        # The spam: spread over the rest of the time.
        left = max(posts - sent, 0)
        start = time.monotonic()
        span = max(deadline - start, 1)
        city = cities[i % len(cities)]
        rid = recs[city][0]
        path = f"/{city}/resources/{rid}/suggest"
        base = {"field": "other", "how": "other"}
        for k in range(left):
            target = start + span * k / max(left, 1)
            if (delay := target - time.monotonic()) > 0:
                time.sleep(delay)
            kind = ("honeypot", "too_fast", "no_token", "replay", "html", "huge", "unknown", "duplicate",
                    "control", "burst")[k % 10]
            try:
                if kind == "honeypot":
                    r = c.post(path, data={"form_token": form(path), "hp_confirm": "http://spam.example/",
                                           **base, "right": f"激安 {k}"})
                elif kind == "too_fast":
                    r = c.post(path, data={"form_token": form(path), **base, "right": f"今すぐ {i}-{k}"})
                elif kind == "no_token":
                    r = c.post(path, data={**base, "right": f"tokenless {k}"})
                elif kind == "replay":
                    r = c.post(used_path, data={"form_token": used_token, "hp_confirm": "", **used_data})
                elif kind == "html":
                    r = c.post(path, data={"form_token": form(path), **base, "right": "<script>alert(1)</script>"})
                elif kind == "huge":
                    r = c.post(path, data={"form_token": "x", **base, "right": "あ" * 100_000})
                elif kind == "unknown":
                    r = c.post(f"/{city}/resources/no-such-record-{k}/suggest", data={**base, "right": "x"})
                elif kind == "duplicate":
                    r = c.post(used_path, data={"form_token": form(used_path), "hp_confirm": "", **used_data})
                else:
                    r = c.post(path, data={"form_token": form(path), **base, "right": f"制御\x07文字 {k}"})
                tally.count(kind, r)
            except httpx.HTTPError as exc:
                with tally.lock:
                    tally.errors.append(f"{kind}: {exc!r}")


def reader(url: str, paths: list[str], stop: threading.Event, out: list[float]) -> None:
    with httpx.Client(base_url=url, timeout=60) as c:
        while not stop.is_set():
            t = time.perf_counter()
            r = c.get(random.choice(paths))
            out.append((time.perf_counter() - t) * 1000)
            if r.status_code >= 500:
                out.append(float("inf"))
            time.sleep(0.05)


def p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[-1], 1) if len(values) >= 20 else float("nan")


def digest(path: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted((path / "resources").glob("*.csv")))).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--valid", type=int, default=3, help="valid suggestions per client")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tsunagu-bench-suggest-"))
    env = setup(tmp)
    data_before = digest(tmp / "data")
    proc, url = start_server(env)
    try:
        build_before = httpx.get(f"{url}/healthz").json()["build"]
        recs = records(tmp / "data")
        paths = ["/zushi/", f"/zushi/resources/{recs['zushi'][0]}", "/zushi/search?kind=salon", "/kamakura/"]
        baseline: list[float] = []
        stop = threading.Event()
        t = threading.Thread(target=reader, args=(url, paths, stop, baseline))
        t.start()
        time.sleep(8)
        stop.set()
        t.join()
        tally, during = Tally(), []
        stop = threading.Event()
        rt = threading.Thread(target=reader, args=(url, paths, stop, during))
        rt.start()
        started = time.monotonic()
        deadline = started + args.seconds
        per_client = args.posts // args.clients
        threads = [threading.Thread(target=client, args=(i, url, recs, per_client, args.valid, deadline, tally))
                   for i in range(args.clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.monotonic() - started
        stop.set()
        rt.join()
        time.sleep(3)  # a publisher poll: anything wrongly approved would start to build now
        build_after = httpx.get(f"{url}/healthz").json()["build"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    sys.path.insert(0, str(ROOT))
    os.environ.update({k: v for k, v in env.items() if k.startswith("TSUNAGU_")})
    import sqlalchemy as sa

    from tsunagu.settings import Settings
    from tsunagu.staff.db import open_store
    from tsunagu.staff.models import ChangeRequest
    from tsunagu.suggest.models import Suggestion
    store = open_store(Settings.from_env())
    with store.tx() as s:
        stored = list(s.scalars(sa.select(Suggestion)))
        change_requests = s.scalar(sa.select(sa.func.count()).select_from(ChangeRequest))
    texts = [json.dumps(x.fields, ensure_ascii=False) for x in stored]
    per_marker = {m: sum(m in t for t in texts) for m in tally.valid_sent}
    valid_ok = sum(1 for n in per_marker.values() if n == 1)
    spam_stored = len(stored) - sum(1 for t in texts if "bench-" in t)
    result = {
        "bench": "suggest_flood", "clients": args.clients, "posts": sum(tally.status.values()),
        "seconds": round(elapsed, 1), "valid_sent": len(tally.valid_sent), "valid_receipts": tally.valid_receipts,
        "valid_queued_once": valid_ok,
        "valid_missing_or_doubled": len(tally.valid_sent) - valid_ok, "spam_stored": spam_stored,
        "published": change_requests, "data_changed": digest(tmp / "data") != data_before,
        "build_changed": build_after != build_before,
        "status": dict(sorted(tally.status.items())), "http_5xx": sum(v for k, v in tally.status.items() if k >= 500),
        "by_kind": {k: dict(v) for k, v in sorted(tally.by_kind.items())}, "client_errors": len(tally.errors),
        "public_p95_ms_before": p95(baseline), "public_p95_ms_during": p95([x for x in during if x != float("inf")]),
        "public_5xx": sum(1 for x in during if x == float("inf")), "public_requests_during": len(during),
    }
    for e in tally.errors[:5]:
        print("client error:", e)
    shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
