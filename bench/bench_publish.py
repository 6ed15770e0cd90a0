"""Fault run for safe publishing: a served site under load while builds come and go.

`.venv/bin/python bench/bench_publish.py [--clients 20] [--min-seconds 60] [--full]`
`.venv/bin/python bench/bench_publish.py --approvals 5`: approval to live instead (bench/bench_approval.py)

In a temp folder: a copy of the data (a small 逗子 set by default, the bundled data with
`--full`), one build, and `tsunagu serve` (one worker, reload every second) on a free loopback
port. Then `--clients` clients request a mix of pages — and every PDF and map image the guide
pages link to — while five builds run one after another: a good edit, a broken file (refused),
a build killed with SIGKILL half-way, and two more good edits. Load runs until the builds are done
and at least `--min-seconds` have passed (bounded: never more than 10 minutes). Prints a final
JSON line: requests, 5xx, 404s on links the pages gave, other errors, the builds' outcomes and
the reload latency (from `current` moving to the first answer from the new build).
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "publish"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from publish_fixtures import make_mini_data

ROOT = Path(__file__).resolve().parents[1]

TSUNAGU = [sys.executable, "-m", "tsunagu.cli"]
PAGES = ["/", "/zushi/", "/zushi/search?q=サロン", "/zushi/search?q=包括", "/zushi/desk?address=逗子市逗子5丁目",
         "/zushi/near?town=逗子五丁目", "/zushi/areas/", "/zushi/areas/zushi", "/zushi/areas/kotsubo",
         "/api/v1/zushi/search?q=サロン", "/static/css/site.css"]
LINK_RE = re.compile(r'(?:href|src)="(/zushi/areas/[^"]+\.(?:pdf|png))"')
MAX_SECONDS = 600


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Tally:
    def __init__(self):
        self.requests = self.server_errors = self.link_404 = 0
        self.statuses: dict[int, int] = {}
        self.client_errors: dict[str, int] = {}  # transport errors by kind (timeouts on an overloaded box)
        self.first_seen: dict[str, float] = {}  # build id -> first answer from it
        self.switched: dict[str, float] = {}  # build id -> when `current` moved to it

    def failed(self, exc: Exception) -> None:
        name = type(exc).__name__
        self.client_errors[name] = self.client_errors.get(name, 0) + 1


async def client_loop(http: httpx.AsyncClient, tally: Tally, stop: asyncio.Event, offset: int) -> None:
    i = offset
    while not stop.is_set():
        path = PAGES[i % len(PAGES)]
        i += 1
        try:
            r = await http.get(path)
        except httpx.HTTPError as exc:
            tally.failed(exc)
            continue
        tally.requests += 1
        tally.statuses[r.status_code] = tally.statuses.get(r.status_code, 0) + 1
        if r.status_code >= 500:
            tally.server_errors += 1
        for link in LINK_RE.findall(r.text) if "/areas/" in path else []:
            try:
                linked = await http.get(link)
            except httpx.HTTPError as exc:
                tally.failed(exc)
                continue
            tally.requests += 1
            tally.statuses[linked.status_code] = tally.statuses.get(linked.status_code, 0) + 1
            tally.link_404 += linked.status_code == 404
            tally.server_errors += linked.status_code >= 500


async def watch_builds(http: httpx.AsyncClient, tally: Tally, stop: asyncio.Event, build_dir: Path) -> None:
    while not stop.is_set():
        with contextlib.suppress(OSError):
            tally.switched.setdefault(Path(os.readlink(build_dir / "current")).name, time.time())
        try:
            build_id = (await http.get("/healthz")).json()["build"]
            tally.first_seen.setdefault(build_id, time.time())
        except (httpx.HTTPError, ValueError, KeyError):
            pass
        await asyncio.sleep(0.05)


def run_builds(data: Path, build_dir: Path, outcomes: list[dict]) -> None:
    resources = data / "resources" / "zushi.csv"
    original = resources.read_text(encoding="utf-8")

    def edit(n: int) -> None:
        resources.write_text(original.replace("サロン", f"サロン{n}", 1), encoding="utf-8")

    def build(label: str, kill_after: float | None = None) -> None:
        cmd = TSUNAGU + ["--data-dir", str(data), "--build-dir", str(build_dir), "build"]
        start = time.time()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kill_after is not None:
            time.sleep(kill_after)
            os.kill(proc.pid, signal.SIGKILL)
        rc = proc.wait()
        current = (build_dir / "current").resolve().name
        outcomes.append({"build": label, "exit": rc, "seconds": round(time.time() - start, 1), "current": current})

    edit(1)
    build("good edit")
    rows = list(csv.reader(original.splitlines()))
    broken = "\n".join(",".join(r[:1] + r[2:]) for r in rows)  # the kind column deleted
    resources.write_text(broken, encoding="utf-8")
    build("broken file (kind column deleted)")
    edit(3)
    build("killed with SIGKILL", kill_after=4.0)
    edit(4)
    build("good edit")
    edit(5)
    build("good edit")


async def load(url: str, clients: int, min_seconds: float, builder: threading.Thread, build_dir: Path) -> Tally:
    tally, stop = Tally(), asyncio.Event()
    limits = httpx.Limits(max_connections=clients + 1)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as http:
        tasks = [asyncio.create_task(client_loop(http, tally, stop, i)) for i in range(clients)]
        tasks.append(asyncio.create_task(watch_builds(http, tally, stop, build_dir)))
        start = time.monotonic()
        while (builder.is_alive() or time.monotonic() - start < min_seconds) and time.monotonic() - start < MAX_SECONDS:
            await asyncio.sleep(0.5)
        await asyncio.sleep(3)  # let the last reload be seen
        stop.set()
        await asyncio.gather(*tasks)
    tally.elapsed = time.monotonic() - start  # type: ignore[attr-defined]
    return tally


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--min-seconds", type=float, default=60)
    ap.add_argument("--full", action="store_true", help="the bundled data instead of the small 逗子 set")
    ap.add_argument("--approvals", type=int, default=0,
                    help="instead of the fault run: this many one-row approvals, each timed until the public page shows it")
    args = ap.parse_args()
    if args.approvals:
        from bench_approval import approval_to_live  # lazy: only this mode signs staff in
        print(json.dumps(approval_to_live(args.approvals), ensure_ascii=False))
        return
    root = Path(tempfile.mkdtemp(prefix="tsunagu-publish-"))
    data, build_dir = root / "data", root / "build"
    if args.full:
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    else:
        make_mini_data(data)
    subprocess.run(TSUNAGU + ["--data-dir", str(data), "--build-dir", str(build_dir), "build"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    env = {**os.environ, "TSUNAGU_RELOAD_SECONDS": "1", "TSUNAGU_TILE_URL": ""}
    log = (root / "server.log").open("w")
    server = subprocess.Popen(TSUNAGU + ["--data-dir", str(data), "--build-dir", str(build_dir), "serve",
                                         "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=log, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        outcomes: list[dict] = []
        builder = threading.Thread(target=run_builds, args=(data, build_dir, outcomes))
        builder.start()
        tally = asyncio.run(load(url, args.clients, args.min_seconds, builder, build_dir))
        builder.join()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    initial = min(tally.switched, key=tally.switched.get) if tally.switched else None
    latencies = [round(tally.first_seen[b] - at, 2) for b, at in sorted(tally.switched.items(), key=lambda kv: kv[1])
                 if b != initial and b in tally.first_seen]
    tracebacks = (root / "server.log").read_text(encoding="utf-8").count("Traceback")
    shutil.rmtree(root, ignore_errors=True)
    print(json.dumps({
        "clients": args.clients, "seconds": round(tally.elapsed, 1), "requests": tally.requests,
        "req_per_s": round(tally.requests / tally.elapsed, 1), "status_counts": tally.statuses,
        "server_errors_5xx": tally.server_errors, "link_404": tally.link_404, "client_errors": tally.client_errors,
        "server_tracebacks": tracebacks,
        "builds": outcomes,
        "reload_latency_s": latencies,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
