"""Benchmark: desk lookup and nearest-N over generated addresses (p50 / p95, ms).

Addresses are generated from the Zushi town list with random 丁目/番/号 in several written
forms (4-2-35, 4丁目2番35号, 全角, 漢数字, の, kana town, partial, with a building).
The last line printed is one JSON object with the figures.

    .venv/bin/python bench/bench_geo.py [--n 2000] [--seed 1]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tsunagu.data.loader import load_directory  # noqa: E402
from tsunagu.geo.engine import GeoEngine  # noqa: E402

KANJI = "〇一二三四五六七八九"


def kanji(n: int) -> str:
    if n < 10:
        return KANJI[n]
    t, o = divmod(n, 10)
    return ("" if t == 1 else KANJI[t]) + "十" + (KANJI[o] if o else "")


def forms(town: str, kana: str, chome, ban: int, go: int, rnd: random.Random) -> str:
    full = str.maketrans("0123456789-", "０１２３４５６７８９－")
    if chome is None:  # a 丁目-less 大字 (池子, 久木, 桜山): 地番 forms
        n = rnd.randint(100, 2200)
        return rnd.choice([f"逗子市{town}{n}", f"逗子市{town}{n}-{go}", f"{town}字大畑{n}番地", f"{kana}{n}"])
    c = chome
    choices = [
        f"逗子市{town}{c}-{ban}-{go}",
        f"神奈川県逗子市{town}{c}丁目{ban}番{go}号",
        f"{town}{c}-{ban}-{go}".translate(full),
        f"{town}{kanji(c)}丁目{kanji(ban)}番{kanji(go)}号",
        f"{town}{c}の{ban}の{go}",
        f"{kana}{c}-{ban}-{go}",
        f"{town}{c}丁目",
        f"{town}{c}-{ban}",
        f"逗子市{town}{c}-{ban}-{go} サンハイツ{rnd.randint(101, 305)}号室",
        f"〒249-000{rnd.randint(1, 8)} 逗子市{town}{c}丁目{ban}-{go}",
    ]
    return rnd.choice(choices)


def _rss_mb() -> float:
    """Resident memory of this process now (Linux /proc), in MB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    engine = GeoEngine(ROOT / "data")  # loads the national municipality table too
    init_s = time.perf_counter() - t0
    init_rss_mb = _rss_mb() - rss0
    directory = load_directory(ROOT / "data")
    engine.geocode_directory(directory)
    ref = engine.gaz.cities["zushi"]
    towns = []
    for base, variants in ref.towns.items():
        kana = next((t.kana for t in variants.values() if t.kana), base)
        for chome in variants:
            towns.append((base, kana, chome))
    addresses = [forms(b, k, c, rnd.randint(1, 40), rnd.randint(1, 70), rnd) for b, k, c in
                 (rnd.choice(towns) for _ in range(args.n))]
    needs = [None, None, None, "高齢", "障がい", "子育て"]
    desk_ms, desk_cpu_ms, statuses = [], [], {}
    for a in addresses:
        t, c = time.perf_counter(), time.thread_time()
        ans = engine.lookup_desk("zushi", a, rnd.choice(needs), directory.resources)
        desk_ms.append((time.perf_counter() - t) * 1000)
        # CPU time of this thread: on a shared machine wall-clock p95 measures the neighbours.
        desk_cpu_ms.append((time.thread_time() - c) * 1000)
        statuses[ans.status] = statuses.get(ans.status, 0) + 1
    near_ms = []
    stations = ["逗子", "東逗子", "逗子・葉山", "神武寺"]
    for i, a in enumerate(addresses):
        kw = {"station": rnd.choice(stations)} if i % 4 == 0 else {"address": a}
        t = time.perf_counter()
        engine.nearest("zushi", directory.resources, kind="salon", limit=5, **kw)
        near_ms.append((time.perf_counter() - t) * 1000)
    result = {
        "n": args.n, "init_s": round(init_s, 2), "init_rss_mb": round(init_rss_mb, 1),
        "rss_mb": round(_rss_mb(), 1),
        "municipalities": len(getattr(engine.gaz, "municipalities", ()) or ()),
        "desk_p50_ms": round(statistics.median(desk_ms), 3), "desk_p95_ms": round(pct(desk_ms, 95), 3),
        "desk_max_ms": round(max(desk_ms), 2),
        "desk_cpu_p50_ms": round(statistics.median(desk_cpu_ms), 3), "desk_cpu_p95_ms": round(pct(desk_cpu_ms, 95), 3),
        "load_avg_1m": round(os.getloadavg()[0], 1),
        "near_p50_ms": round(statistics.median(near_ms), 3), "near_p95_ms": round(pct(near_ms, 95), 3),
        "near_max_ms": round(max(near_ms), 2),
        "statuses": statuses, "resources": len(directory.resources),
    }
    for a in addresses[:5]:
        print(a, "→", engine.lookup_desk("zushi", a, None, directory.resources).status)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
