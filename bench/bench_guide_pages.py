"""Time per request of the area guide pages, in process (FastAPI TestClient), against /healthz.

`.venv/bin/python bench/bench_guide_pages.py [--requests 200] [--build-dir DIR]`

Serves the build `build/current` (or `--build-dir`, a folder with `current`). Each page is requested
`--requests` times after two warm-up requests; the rounds are interleaved (healthz, guide, index, …)
so a busy shared machine slows every page alike: compare the ratios to /healthz, not milliseconds.
Prints a final JSON line. Nothing here is asserted.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tsunagu.settings import Settings

PAGES = {
    "healthz": "/healthz",
    "area_guide": "/zushi/areas/kotsubo",
    "area_guide_all": "/shimonoseki/areas/all",
    "areas_index": "/nagano/areas/",
}


def main() -> None:
    from fastapi.testclient import TestClient

    from tsunagu.site.app import create_app

    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--build-dir", type=Path)
    args = parser.parse_args()
    settings = Settings.from_env()
    if args.build_dir:
        settings = replace(settings, build_dir=args.build_dir)
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    with TestClient(create_app(settings)) as client:
        for path in PAGES.values():
            for _ in range(2):
                assert client.get(path).status_code == 200, path
        for _ in range(args.requests):
            for name, path in PAGES.items():
                start = time.perf_counter()
                client.get(path)
                times[name].append(time.perf_counter() - start)
    result = {}
    health = statistics.median(times["healthz"])
    for name, values in times.items():
        values.sort()
        result[name] = {"p50_ms": round(statistics.median(values) * 1000, 2),
                        "p95_ms": round(values[int(len(values) * 0.95) - 1] * 1000, 2),
                        "x_healthz": round(statistics.median(values) / health, 1)}
        print(f"{name}: {result[name]}", file=sys.stderr)
    print(json.dumps({"bench": "guide_pages", "requests": args.requests, "pages": result}))


if __name__ == "__main__":
    main()
