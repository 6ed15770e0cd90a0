"""Expensive pages beside cheap ones (issue 26.7's measure).

`.venv/bin/python bench/bench_sheet_load.py [--clients 30] [--pdf-clients 6] [--seconds 20]`

Builds the bundled data into a temp folder, starts `tsunagu serve` (one worker) on a free loopback port,
then runs a public page mix with `--clients` clients for `--seconds`, alone, and again beside
`--pdf-clients` clients fetching `/zushi/sheet.pdf` in a loop (each from its own address is not possible on
loopback: they share one, so the per-address rate applies — set high here, TSUNAGU_SHEETS_PER_MINUTE, to
measure the pool's queue, not the rate). Prints one JSON line: p50/p95 of the mix alone and beside the PDFs,
the ratio, and how the PDF requests were answered (200 / 429).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
MIX = ["/zushi/", "/zushi/search?q=サロン", "/kamakura/search?q=お金", "/zushi/desk?address=新宿4丁目2番35号",
       "/zushi/near?address=逗子5丁目", "/nagano/", "/zushi/areas/", "/api/v1/zushi/search?q=体操"]
PDF = "/zushi/sheet.pdf?address=新宿4丁目2番35号&need=高齢"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def clients(base: str, paths: list[str], n: int, until: float, times: list[float], codes: dict) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        async def one(i: int) -> None:
            k = i
            while time.monotonic() < until:
                started = time.monotonic()
                r = await c.get(paths[k % len(paths)])
                times.append(time.monotonic() - started)
                codes[r.status_code] = codes.get(r.status_code, 0) + 1
                k += 1
        await asyncio.gather(*(one(i) for i in range(n)))


def p(values: list[float], q: float) -> float:
    return round(statistics.quantiles(values, n=100)[int(q) - 1] * 1000, 1) if len(values) > 2 else 0.0


async def run(base: str, args) -> dict:
    alone: list[float] = []
    await clients(base, MIX, args.clients, time.monotonic() + args.seconds, alone, {})
    beside: list[float] = []
    pdf_times: list[float] = []
    pdf_codes: dict = {}
    until = time.monotonic() + args.seconds
    await asyncio.gather(clients(base, MIX, args.clients, until, beside, {}),
                         clients(base, [PDF], args.pdf_clients, until, pdf_times, pdf_codes))
    return {"mix_alone_p50_ms": p(alone, 50), "mix_alone_p95_ms": p(alone, 95), "mix_beside_pdf_p50_ms": p(beside, 50),
            "mix_beside_pdf_p95_ms": p(beside, 95), "p95_ratio": round(p(beside, 95) / max(p(alone, 95), 0.1), 2),
            "pdf_answers": pdf_codes, "requests_alone": len(alone), "requests_beside": len(beside)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=30)
    ap.add_argument("--pdf-clients", type=int, default=6)
    ap.add_argument("--seconds", type=float, default=20)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tsunagu-bench-sheet-"))
    port = free_port()
    env = {**os.environ, "TSUNAGU_DATA_DIR": str(tmp / "data"), "TSUNAGU_BUILD_DIR": str(tmp / "build"),
           "TSUNAGU_VAR_DIR": str(tmp / "var"), "TSUNAGU_TILE_URL": "", "TSUNAGU_SHEETS_PER_MINUTE": "100000",
           "TSUNAGU_STAFF_PUBLISHER": "0"}
    shutil.copytree(ROOT / "data", tmp / "data", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    tsunagu = [sys.executable, "-m", "tsunagu.cli"]
    subprocess.run([*tsunagu, "build"], env=env, check=True, capture_output=True)
    server = subprocess.Popen([*tsunagu, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        print(json.dumps(asyncio.run(run(base, args))))
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
