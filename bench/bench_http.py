"""HTTP throughput of the real server: every workload in one run, as shares of a reference page.

`.venv/bin/python bench/bench_http.py [--seconds 5] [--clients 10] [--mix-clients 50] [--mix-seconds 60]
                                      [--build-dir DIR]`

Builds the bundled data into a temp folder (or serves `--build-dir`, a folder with `current`),
starts `tsunagu serve` (one worker) on a free loopback port and drives it with Debian `wrk`
(`make bench-deps`; C, so the load generator takes little of the 2 cores from the server):
1. each workload alone, `--clients` connections for `--seconds`: req/s, p50/p95, and req/s as a
   share of /healthz measured in the same run (first and last, averaged: absolute figures swing
   with the shared machine), and the server's CPU time per request with the share it implies
   (`cpu_share_of_healthz`: load-independent, the figure to trust when the load average is high).
   The `search` workload cycles through distinct realistic queries (every query of
   bench/everyday_queries.csv in each of the four cities, shuffled), so it measures the
   search itself, not one repeated answer; `search_repeat` is the old single 「サロン」 page.
   `desk_form` (the desk page with no address: no lookup) shows what any page costs here;
   The server runs with its search result cache off (TSUNAGU_SEARCH_CACHE=0) unless
   `--cache` is given: the default figures are the uncached (cold) path;
   Before any of that, `search first visits` requests each distinct search page once, one client,
   on the fresh server: the cost before the per-build memos are warm;
2. HTML size of a search page, a desk answer and a near answer in every city;
3. the mix of all pages, `--mix-clients` connections for `--mix-seconds`: req/s, p95, errors,
   and the server's memory (RSS) before and after.
The load average is printed before and after: on a busy machine compare ratios, not req/s.
The reference (issue 25.5, the decision on issue 15's targets): `bench/reference_app.py`, the least a
FastAPI + Jinja2 page costs on this stack (one async route, a base layout, a form and a list of 20 items,
gzipped, no data work), started the same way (uvicorn, one worker, no access log) in the same run and
measured first and last like /healthz; every workload is also given as a share of it, by req/s
(`share_of_reference`) and by server CPU per request (`cpu_share_of_reference`), against the targets
(TARGETS). Every distinct search page's size is checked against the 30 KB ceiling.
Prints a final JSON line.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
TSUNAGU = [sys.executable, "-m", "tsunagu.cli"]

CITIES = ("zushi", "kamakura", "nagano", "shimonoseki")


def search_paths() -> list[str]:
    """Every everyday query in every city, in a fixed shuffled order (cities interleaved)."""
    with (ROOT / "bench" / "everyday_queries.csv").open(encoding="utf-8") as f:
        queries = list(dict.fromkeys(row["query"] for row in csv.DictReader(f)))
    paths = [f"/{city}/search?q={quote(q)}" for q in queries for city in CITIES]
    random.Random(15).shuffle(paths)
    return paths


# name -> path, or a list of paths cycled through (the static CSS is found on the home page:
# its name carries a content hash).
WORKLOADS: dict[str, str | list[str] | None] = {
    "healthz": "/healthz",
    "home": "/",
    "search": search_paths(),
    "search_repeat": "/zushi/search?q=サロン",
    "search_shimonoseki": "/shimonoseki/search?q=サロン",
    "desk": "/zushi/desk?address=新宿4-2-35",
    "desk_form": "/zushi/desk",
    "near": "/zushi/near?address=逗子5丁目",
    "area_guide": "/zushi/areas/kotsubo",
    "resource_api": "/api/v1/zushi/search?q=サロン",
    "static_css": None,
}
# Not in the mix: the desk route and the page layout with no lookup, i.e. about the least a page costs
# in this stack (routing, query parameters, Jinja, gzip), against which the desk target can be read.
FLOOR_ONLY = {"desk_form"}
# Issue 25.5: the least share of the reference page each workload should reach, and the search page ceiling.
TARGETS = {"search": 0.5, "desk": 0.8, "near": 0.6, "area_guide": 1.0, "static_css": 1.5}
SEARCH_PAGE_MAX_BYTES = 30 * 1024
REFERENCE = [sys.executable, str(ROOT / "bench" / "reference_app.py")]
PLACES = {"zushi": "逗子5丁目", "kamakura": "御成町", "nagano": "鶴賀", "shimonoseki": "竹崎町"}  # each has a desk answer
SIZE_PAGES = {"search": "/{city}/search?q=サロン", "search_empty": "/{city}/search",
              "desk": "/{city}/desk?address={town}", "near": "/{city}/near?address={town}"}

LUA = r"""
local paths = {%PATHS%}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, '
    .. '"max_ms": %.2f, "socket_errors": %d, "non_2xx_3xx": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency.max / 1000, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def encode(path: str) -> str:
    return quote(path, safe="/?=&%-._~")


def rss_mb(pid: int) -> float:
    """Resident memory of the server process and its children (uvicorn may fork)."""
    total = 0
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return round(total / 1024, 1)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by the server process and its children."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    total = 0
    for p in pids:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / ticks


def run_wrk(base: str, paths: list[str], clients: int, seconds: int, threads: int, workdir: Path) -> dict:
    script = workdir / "paths.lua"
    lua_paths = ", ".join(json.dumps(encode(p)) for p in paths)
    script.write_text(LUA.replace("%PATHS%", lua_paths).replace("%%", "%"), encoding="utf-8")
    cmd = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
           "-H", "Accept-Encoding: gzip", "-s", str(script), base]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=seconds + 60).stdout
    match = re.search(r"^RESULT (.*)$", out, re.MULTILINE)
    if not match:
        raise RuntimeError(f"wrk gave no result:\n{out}")
    row = json.loads(match.group(1))
    row["rps"] = round(row["requests"] / row["seconds"], 1) if row["seconds"] else 0.0
    return row


def first_visits(http: httpx.Client, pid: int, paths: list[str]) -> dict:
    """Each distinct search page once, one at a time, before anything has warmed the server's
    per-build memos (postings, phrases, result cards): what a first visitor's page costs."""
    cpu0, t0 = cpu_seconds(pid), time.perf_counter()
    largest = (0, "")
    for p in paths:
        largest = max(largest, (len(http.get(encode(p)).content), p))
    n = len(paths)
    return {"requests": n, "ms_per_request": round((time.perf_counter() - t0) * 1000 / n, 3),
            "server_cpu_ms_per_request": round((cpu_seconds(pid) - cpu0) * 1000 / n, 3),
            "largest_html_bytes": largest[0], "largest_path": largest[1]}


def page_sizes(http: httpx.Client, build: Path) -> dict:
    payload = json.loads((build / "records.json").read_text(encoding="utf-8"))
    out = {}
    for slug, city in payload["cities"].items():
        town = PLACES.get(slug, city["name"])
        row = {}
        for name, pattern in SIZE_PAGES.items():
            r = http.get(pattern.format(city=slug, town=town))
            row[name] = {"status": r.status_code, "html_bytes": len(r.content),
                         "gzip_bytes": len(gzip.compress(r.content))}
        out[slug] = row
    return out


def start_server(env: dict, port: int, log: Path, command: list[str] | None = None, cwd: Path = ROOT) -> subprocess.Popen:
    """`tsunagu serve` (or `command`, given --port) on `port`, once its /healthz answers."""
    proc = subprocess.Popen((command or TSUNAGU + ["serve"]) + ["--port", str(port)], env=env, cwd=cwd,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()}")
        time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("server did not answer /healthz within 120 s")


def measured(base: str, paths: list[str], pid: int, args, work: Path) -> dict:
    """One workload under wrk, with the CPU time its server spent per request."""
    cpu0 = cpu_seconds(pid)
    row = run_wrk(base, paths, args.clients, args.seconds, 1, work)
    row["server_cpu_ms_per_request"] = round((cpu_seconds(pid) - cpu0) * 1000 / max(1, row["requests"]), 3)
    return row


def add_shares(rows: dict, key: str, first: dict, last: dict) -> None:
    """share_of_<key> (req/s against the mean of its first and last runs) and cpu_share_of_<key>."""
    ref = (first["rps"] + last["rps"]) / 2 or 1
    cpu_ref = (first["server_cpu_ms_per_request"] + last["server_cpu_ms_per_request"]) / 2
    for row in rows.values():
        row[f"share_of_{key}"] = round(row["rps"] / ref, 3)
        row[f"cpu_share_of_{key}"] = round(cpu_ref / (row["server_cpu_ms_per_request"] or cpu_ref or 1), 3)


def print_targets(rows: dict, first: dict) -> None:
    for name, goal in TARGETS.items():
        row = rows[name]
        met = min(row["share_of_reference"], row["cpu_share_of_reference"]) >= goal
        print(f"target {name:12s} >= {goal * 100:4.0f} % of the reference page: req/s {row['share_of_reference'] * 100:5.0f} %"
              f"  cpu {row['cpu_share_of_reference'] * 100:5.0f} %  {'met' if met else 'MISSED'}")
    size = first["largest_html_bytes"]
    print(f"target every search page <= 30 KB: largest {size / 1024:.1f} KB ({first['largest_path']}) "
          f"{'met' if size <= SEARCH_PAGE_MAX_BYTES else 'MISSED'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=5, help="per workload")
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--mix-clients", type=int, default=50)
    ap.add_argument("--mix-seconds", type=int, default=60)
    ap.add_argument("--build-dir", type=Path, help="serve this build folder instead of building one")
    ap.add_argument("--sizes-only", action="store_true", help="only the page sizes (no load)")
    ap.add_argument("--cache", action="store_true", help="serve with the search result cache on (warm figures)")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: run `make bench-deps` (Debian package wrk)")
    work = Path(tempfile.mkdtemp(prefix="tsunagu-bench-http-"))
    env = {**os.environ, "TSUNAGU_BUILD_DIR": str(args.build_dir or work / "build"),
           "TSUNAGU_VAR_DIR": str(work / "var"), "TSUNAGU_TILE_URL": "",
           "TSUNAGU_SEARCH_CACHE": "1" if args.cache else "0"}
    proc = ref_proc = None
    try:
        if not args.build_dir:
            t0 = time.monotonic()
            subprocess.run(TSUNAGU + ["build"], env=env, cwd=ROOT, check=True, capture_output=True)
            print(f"built in {time.monotonic() - t0:.0f} s", file=sys.stderr)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(env, port, work / "server.log")
        ref_port = free_port()
        ref_base = f"http://127.0.0.1:{ref_port}"
        ref_proc = start_server(env, ref_port, work / "reference.log", REFERENCE)
        httpx.get(f"{ref_base}/reference")
        load_before = os.getloadavg()
        with httpx.Client(base_url=base, timeout=30) as http:
            css = re.search(r'<link rel="stylesheet" href="(/static/[^"]+\.css)"', http.get("/").text)
            paths = {k: v or (css.group(1) if css else "/static/css/site.css") for k, v in WORKLOADS.items()}
            first = first_visits(http, proc.pid, paths["search"])
            for path in paths.values():  # warm the caches a first visitor would fill
                for p in [path] if isinstance(path, str) else path:
                    http.get(encode(p))
            sizes = page_sizes(http, Path(env["TSUNAGU_BUILD_DIR"]) / "current")
        if args.sizes_only:
            print(json.dumps({"page_sizes": sizes}, ensure_ascii=False))
            return
        rows = {"reference": measured(ref_base, ["/reference"], ref_proc.pid, args, work)}
        rows["reference"]["path"] = "/reference (bench/reference_app.py)"
        for name, path in paths.items():
            rows[name] = measured(base, [path] if isinstance(path, str) else path, proc.pid, args, work)
            rows[name]["path"] = path if isinstance(path, str) else f"{len(path)} distinct: {path[0]} …"
        # /healthz and the reference again at the end: on a shared machine the load drifts during the run,
        # so each reference is the mean of its first and last measurement
        rows["healthz_end"] = measured(base, [paths["healthz"]], proc.pid, args, work)
        rows["healthz_end"]["path"] = paths["healthz"]
        rows["reference_end"] = measured(ref_base, ["/reference"], ref_proc.pid, args, work)
        rows["reference_end"]["path"] = rows["reference"]["path"]
        # the CPU shares: what one worker would serve on an idle core, insensitive to the shared machine's load
        add_shares(rows, "healthz", rows["healthz"], rows["healthz_end"])
        add_shares(rows, "reference", rows["reference"], rows["reference_end"])
        mem_before = rss_mb(proc.pid)
        mix_paths = [p for k, p in paths.items() if k != "healthz" and k not in FLOOR_ONLY and isinstance(p, str)] + paths["search"][:8]
        mix = run_wrk(base, mix_paths, args.mix_clients,
                      args.mix_seconds, 2, work)
        mix["rss_mb_before"], mix["rss_mb_after"] = mem_before, rss_mb(proc.pid)
        load_after = os.getloadavg()
    finally:
        for server in (proc, ref_proc):
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    for name, row in rows.items():
        print(f"{name:20s} {row['rps']:8.1f} req/s  {row['share_of_reference'] * 100:5.0f} % of reference "
              f"({row['share_of_healthz'] * 100:4.0f} % of healthz)  cpu {row['server_cpu_ms_per_request']:6.2f} ms/req = "
              f"{row['cpu_share_of_reference'] * 100:4.0f} % of reference  "
              f"p50 {row['p50_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms  errors {row['socket_errors'] + row['non_2xx_3xx']}")
    print_targets(rows, first)
    print(f"search first visits: {first['requests']} distinct pages once each, nothing warm: "
          f"cpu {first['server_cpu_ms_per_request']:.2f} ms/req ({first['ms_per_request']:.2f} ms wall, one client)")
    for slug, row in sizes.items():
        print(f"{slug:14s} " + "  ".join(f"{k} {v['html_bytes'] / 1024:6.1f} KB" for k, v in row.items()))
    print(f"mix {args.mix_clients} clients {args.mix_seconds} s: {mix['rps']} req/s p95 {mix['p95_ms']} ms "
          f"errors {mix['socket_errors'] + mix['non_2xx_3xx']} rss {mix['rss_mb_before']} -> {mix['rss_mb_after']} MB")
    print(json.dumps({"load_before": load_before, "load_after": load_after, "cpus": os.cpu_count(),
                      "search_cache": bool(args.cache), "search_first_visits": first,
                      "workloads": rows, "page_sizes": sizes, "mix": mix}, ensure_ascii=False))


if __name__ == "__main__":
    main()
