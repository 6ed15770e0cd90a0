"""The HSDS feed against the /api/v1 record it is made from, in one run: p50/p95 and req/s.

`.venv/bin/python bench/bench_hsds.py [--seconds 5] [--clients 10] [--build-dir DIR]`

Builds the bundled data into a temp folder (or serves `--build-dir`, a folder with `current`), starts
`tsunagu serve` (one worker) on a free loopback port and drives it with Debian `wrk`, as bench_http.py does
(its server start, wrk script and helpers are reused). Workloads, each alone, `--clients` connections:
- `hsds_services`: /api/hsds/{city}/services?per_page=50, every page of every city in turn;
- `hsds_service`: /api/hsds/{city}/services/{id}, every service of every city in turn;
- `v1_resource`: /api/v1/{city}/resources/{id}, the same records in the same order;
- `healthz` first and last (the machine's own drift; compare ratios on a busy machine).
Each city's feed is made on its first request: one request per path is sent before measuring, and the
first request of the fresh server is timed on its own (`first_feed_ms`). Prints a final JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_http import CITIES, ROOT, TSUNAGU, free_port, run_wrk, start_server


def record_paths(http: httpx.Client) -> tuple[list[str], list[str], list[str]]:
    """(services pages, HSDS service paths, /api/v1 resource paths) over every city, same records in order."""
    pages, hsds, v1 = [], [], []
    for city in CITIES:
        first = http.get(f"/api/hsds/{city}/services", params={"per_page": 50}).json()
        for n in range(1, first["total_pages"] + 1):
            page = http.get(f"/api/hsds/{city}/services", params={"per_page": 50, "page": n}).json()
            pages.append(f"/api/hsds/{city}/services?per_page=50&page={n}")
            for s in page["contents"]:
                hsds.append(f"/api/hsds/{city}/services/{s['id']}")
                v1.append(f"/api/v1/{city}/resources/{s['tsunagu_id']}")
    return pages, hsds, v1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=5, help="per workload")
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--build-dir", type=Path, help="serve this build folder instead of building one")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: run `make bench-deps` (Debian package wrk)")
    work = Path(tempfile.mkdtemp(prefix="tsunagu-bench-hsds-"))
    env = {**os.environ, "TSUNAGU_BUILD_DIR": str(args.build_dir or work / "build"),
           "TSUNAGU_VAR_DIR": str(work / "var"), "TSUNAGU_TILE_URL": "",
           "TSUNAGU_STAFF_PUBLISHER": "0"}  # nothing to publish here: no publisher process beside the server
    proc = None
    try:
        if not args.build_dir:
            subprocess.run(TSUNAGU + ["build"], env=env, cwd=ROOT, check=True, capture_output=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(env, port, work / "server.log")
        with httpx.Client(base_url=base, timeout=30) as http:
            t0 = time.perf_counter()
            http.get("/api/hsds/zushi/services", params={"per_page": 50}).raise_for_status()
            first_feed_ms = round((time.perf_counter() - t0) * 1000, 1)
            pages, hsds, v1 = record_paths(http)
            for p in pages + hsds + v1:  # every city's feed made, every answer once
                http.get(p).raise_for_status()
        workloads = {"healthz": ["/healthz"], "hsds_services": pages, "hsds_service": hsds, "v1_resource": v1,
                     "healthz_end": ["/healthz"]}
        rows = {name: run_wrk(base, paths, args.clients, args.seconds, 1, work) for name, paths in workloads.items()}
        for name, row in rows.items():
            row["paths"] = len(workloads[name])
            print(f"{name:14} {row['rps']:8.1f} req/s  p50 {row['p50_ms']:7.2f} ms  p95 {row['p95_ms']:7.2f} ms  "
                  f"errors {row['socket_errors'] + row['non_2xx_3xx']}", file=sys.stderr)
        print(json.dumps({"first_feed_ms": first_feed_ms, "clients": args.clients, "seconds": args.seconds,
                          "load_avg": os.getloadavg(), "workloads": rows}, ensure_ascii=False))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
