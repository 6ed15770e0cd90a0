"""ふりがな and English pages against plain ones, in one run (issue 30's measure: ruby must not double the cost).

`.venv/bin/python bench/bench_ruby.py [--build DIR] [--runs N]`: without --build, builds a copy of the bundled
data in a temporary folder first. For each page, p50 of N in-process requests, the variants taken in turns (TestClient: routing,
rendering and the middleware, no network):

* plain — Japanese, no ruby;
* ruby — `?ruby=1` (the reading cookie already set, so the page is a cacheable one);
* en — `?lang=en`;
* ruby_pass — the plain page plus site/http/ruby.py's pass over it in-process: first on empty caches
  (`cold`: the build's readings made and every text run read by Sudachi), then warm (`warm`), i.e. what
  ruby adds to a page when the served build has been read before.
Prints a table and a final JSON line. Nothing here is asserted by tests.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

PAGES = {
    "home": "/",
    "city": "/zushi/",
    "search": "/zushi/search?q=%E3%82%B5%E3%83%AD%E3%83%B3",
    "desk": "/zushi/desk?address=%E6%96%B0%E5%AE%BF4-2-35",
    "resource": "/zushi/resources/zushi-salon-01",
    "areas": "/nagano/areas/",
}


def p50s(client: TestClient, variants: dict[str, tuple[str, str]], runs: int) -> dict[str, float]:
    """p50 ms of each (path, cookie) variant, taken in turns so that a busy machine slows all alike."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, (path, cookie) in variants.items():
            start = time.perf_counter()
            r = client.get(path, headers={"Cookie": cookie})
            times[name].append((time.perf_counter() - start) * 1000)
            assert r.status_code == 200, (path, r.status_code)
    return {name: statistics.median(t) for name, t in times.items()}


def ruby_pass(app, client: TestClient, path: str, runs: int) -> tuple[float, float]:
    from tsunagu.site.http.ruby import ruby_body
    page = client.get(path, headers={"Cookie": "ruby=0"}).content
    scope = {"state": {"tsunagu": app.state.holder.current}, "path": path.split("?")[0]}
    start = time.perf_counter()
    ruby_body(page, scope)
    cold = (time.perf_counter() - start) * 1000
    warm = []
    for _ in range(runs):
        start = time.perf_counter()
        ruby_body(page, scope)
        warm.append((time.perf_counter() - start) * 1000)
    return cold, statistics.median(warm)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", type=Path, help="a folder holding a finished build (build_dir)")
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    from world import test_settings

    from tsunagu.build import build
    from tsunagu.site.app import create_app
    tmp = Path(tempfile.mkdtemp(prefix="bench-ruby-"))
    settings = test_settings(tmp, build_dir=args.build)
    if args.build is None:
        build(settings)
    app = create_app(settings)
    out = {}
    with TestClient(app) as client:
        for name, path in PAGES.items():
            cold, warm = ruby_pass(app, client, path, args.runs)
            sep = "&" if "?" in path else "?"
            row = {**p50s(client, {
                "plain_ms": (path, "ruby=0; lang=ja"),
                "ruby_ms": (f"{path}{sep}ruby=1", "ruby=1; lang=ja"),
                "en_ms": (f"{path}{sep}lang=en", "lang=en"),
            }, args.runs), "ruby_pass_cold_ms": cold, "ruby_pass_warm_ms": warm}
            out[name] = {k: round(v, 2) for k, v in row.items()}
            print(f"{name:9} " + "  ".join(f"{k} {v:7.2f}" for k, v in out[name].items()))
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
