"""Page weight: HTML bytes and total transfer (HTML + CSS + JS + images it loads), gzip as served.

Run after `tsunagu build`: `.venv/bin/python bench/bench_pages.py`. Prints a final JSON line.
Map tiles are not counted (they come from the tile server, and are absent offline).
"""
from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tsunagu.settings import Settings
from tsunagu.site.app import create_app

PAGES = {
    "home": "/",
    "search_no_map": "/zushi/search?q=%E3%81%AA%E3%81%84%E3%81%93%E3%81%A8%E3%81%B0%E3%81%A7%E3%81%99",
    "search_with_map": "/zushi/search?q=%E3%82%B5%E3%83%AD%E3%83%B3",
    "desk_matched": "/zushi/desk?address=%E6%96%B0%E5%AE%BF4-2-35",
    "near": "/zushi/near?address=%E9%80%97%E5%AD%905%E4%B8%81%E7%9B%AE",
    "area_guide": "/zushi/areas/kotsubo",
}


def wire_size(response) -> int:
    """Bytes on the wire: the gzip body when the server compressed it (streamed, so no length header)."""
    if response.headers.get("content-encoding") == "gzip":
        return int(response.headers.get("content-length") or len(gzip.compress(response.content)))
    return len(response.content)


def transfer(client: TestClient, path: str) -> dict:
    start = time.perf_counter()
    r = client.get(path, headers={"accept-encoding": "gzip"})
    elapsed = time.perf_counter() - start
    html_raw = len(r.content)
    html_wire = wire_size(r)
    soup = BeautifulSoup(r.text, "html.parser")
    assets = [t["src"] for t in soup.find_all(["script", "img"], src=True)] + \
             [t["href"] for t in soup.find_all("link", rel="stylesheet")]
    wire = html_wire
    for url in assets:
        a = client.get(url, headers={"accept-encoding": "gzip"})
        wire += wire_size(a)
    return {"html_bytes": html_raw, "html_gzip_bytes": html_wire, "total_transfer_bytes": wire, "assets": len(assets), "ms": round(elapsed * 1000, 1)}


def latency(client: TestClient, path: str, runs: int = 40) -> dict:
    """Server-side time for the page itself (in-process client, no network), p50/p95 in ms."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"p50_ms": round(times[len(times) // 2], 1), "p95_ms": round(times[int(len(times) * 0.95) - 1], 1)}


def main() -> None:
    client = TestClient(create_app(Settings.from_env()))
    results = {name: transfer(client, path) for name, path in PAGES.items()}
    for name, path in PAGES.items():
        results[name].update(latency(client, path))
    for name, row in results.items():
        print(f"{name:16s} html {row['html_bytes']:>8,d} B   total transfer {row['total_transfer_bytes']:>8,d} B   "
              f"p50 {row['p50_ms']} ms  p95 {row['p95_ms']} ms")
    print(json.dumps({"pages": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
