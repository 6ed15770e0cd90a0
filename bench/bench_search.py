"""Nationwide search benchmark: Whoosh (the app's own index and Searcher) vs SQLite FTS5 trigram.

Not a test: run by hand or with `make bench`. Everything is written to a temp folder.

    python bench/bench_search.py                 # 150,000 records over 1,741 municipalities
    python bench/bench_search.py --records 20000 # smaller, quicker

It generates a synthetic nationwide directory (salon / 通いの場 / 体操 / 会食 / 子ども食堂 /
相談窓口 / 地域包括支援センター names built from generated town names, with kana), then for
each engine, in its own child process (so peak RSS is per engine):

* build time and index size;
* query latency p50/p95 for queries scoped to one city and for national queries.

Whoosh is measured end to end through `tsunagu.search` (build_index + Searcher.search:
normalisation, readings, synonyms, facets, sorting, top 20). FTS5 gets the same
normalised text and queries and does the same Python work after the SQL (facet counts
over all hits, sort, top 20), so both produce the same kind of API response. FTS5's
trigram MATCH needs ≥ 3 characters: shorter words use instr() on the plain columns.

The last line printed is the figures as JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tsunagu.data.model import Resource

ROOT = Path(__file__).resolve().parent.parent

DATA_DIR = ROOT / "data"

# (kanji, kana) pieces for generated place names
HEADS = [("東", "ひがし"), ("西", "にし"), ("南", "みなみ"), ("北", "きた"), ("中", "なか"), ("上", "かみ"),
         ("下", "しも"), ("新", "しん"), ("大", "おお"), ("小", "こ"), ("高", "たか"), ("本", "もと"),
         ("若", "わか"), ("桜", "さくら"), ("松", "まつ"), ("竹", "たけ"), ("梅", "うめ"), ("亀", "かめ"),
         ("鶴", "つる"), ("青", "あお"), ("白", "しろ"), ("赤", "あか"), ("金", "かな"), ("長", "なが")]
CORES = [("山", "やま"), ("川", "かわ"), ("田", "た"), ("野", "の"), ("原", "はら"), ("沢", "さわ"),
         ("岡", "おか"), ("谷", "たに"), ("浜", "はま"), ("島", "しま"), ("木", "き"), ("森", "もり"),
         ("井", "い"), ("石", "いし"), ("崎", "さき"), ("坂", "さか"), ("橋", "はし"), ("台", "だい"),
         ("里", "さと"), ("宮", "みや"), ("瀬", "せ"), ("浦", "うら"), ("根", "ね"), ("畑", "はた")]
TAILS = [("", ""), ("町", "ちょう"), ("が丘", "がおか"), ("ケ谷", "がや"), ("の台", "のだい"), ("新田", "しんでん")]
MUNI_SUFFIX = [("市", "し")] * 5 + [("町", "まち")] * 4 + [("村", "むら")]

# (name template, kana template, kind, categories, targets); {t}/{tk} = town, {c}/{ck} = city
TEMPLATES = [
    ("{t}サロン", "{tk}さろん", "salon", ["地域交流"], ["高齢者"]),
    ("ふれあいサロン{t}", "ふれあいさろん{tk}", "salon", ["地域交流", "お楽しみ"], ["高齢者"]),
    ("{t}地区通いの場", "{tk}ちくかよいのば", "salon", ["介護予防"], ["高齢者"]),
    ("いきいき{t}体操", "いきいき{tk}たいそう", "program", ["体操", "介護予防"], ["高齢者"]),
    ("{t}会食会", "{tk}かいしょくかい", "salon", ["会食"], ["高齢者"]),
    ("{t}子ども食堂", "{tk}こどもしょくどう", "support_service", ["食の支援", "子育て・子ども"], ["子ども・若者"]),
    ("{t}相談窓口", "{tk}そうだんまどぐち", "consultation_desk", ["総合相談"], ["どなたでも"]),
    ("{c}{t}地域包括支援センター", "{ck}{tk}ちいきほうかつしえんせんたー", "consultation_desk",
     ["総合相談", "高齢・介護"], ["高齢者", "介護する人"]),
    ("{t}囲碁クラブ", "{tk}いごくらぶ", "salon", ["お楽しみ"], ["高齢者"]),
    ("介護予防{t}教室", "かいごよぼう{tk}きょうしつ", "program", ["介護予防"], ["高齢者"]),
    ("{t}オレンジカフェ", "{tk}おれんじかふぇ", "salon", ["認知症"], ["介護する人"]),
    ("{t}ポールウォーキング", "{tk}ぽーるうぉーきんぐ", "program", ["体操", "健康づくり"], ["どなたでも"]),
    ("{t}健康麻雀の会", "{tk}けんこうまーじゃんのかい", "salon", ["お楽しみ"], ["高齢者"]),
    ("{t}子育てひろば", "{tk}こそだてひろば", "facility", ["子育て・子ども"], ["子育て"]),
    ("{t}障がい者相談支援事業所", "{tk}しょうがいしゃそうだんしえんじぎょうしょ", "consultation_desk",
     ["障がい"], ["障がいのある人"]),
]
DESCRIPTIONS = [
    "住民が主体となって開く、高齢の方を中心とした集いの場です。",
    "体操とおしゃべりで介護予防に取り組みます。どなたでも参加できます。",
    "地域の子どもと大人が一緒に食事をする場所です。",
    "介護や福祉の困りごとの相談を受け付けます。",
    "月に一度、公民館で会食をしています。",
    "認知症の人と家族、地域の人が集うカフェです。",
]
# Query words as residents type them. {t}/{tk} are replaced with a town of the city.
QUERIES = ["サロン", "さろん", "体操", "子ども食堂", "こども食堂", "包括", "相談窓口", "認知症カフェ", "{t}",
           "{tk}", "{t} サロン", "ぽーるうぉーきんぐ", "マージャン", "囲碁", "通いの場", "会食"]


def generate(n_records: int, n_munis: int, seed: int) -> tuple[list[Resource], dict]:
    rng = random.Random(seed)
    # municipality sizes: skewed like the real country (a few large cities, many small towns)
    weights = [rng.lognormvariate(0, 1.0) for _ in range(n_munis)]
    scale = n_records / sum(weights)
    sizes = [max(5, round(w * scale)) for w in weights]
    sizes[0] += n_records - sum(sizes)
    if sizes[0] < 5:  # small --records: trim evenly
        sizes = [max(1, n_records // n_munis)] * n_munis
    munis: dict[str, dict] = {}
    resources: list[Resource] = []
    used_names: set[str] = set()
    for m in range(n_munis):
        for _attempt in range(50):  # unique names while they last (Japan has a few repeats too)
            h, c = rng.choice(HEADS), rng.choice(CORES)
            suffix = rng.choice(MUNI_SUFFIX)
            name = h[0] + c[0] + suffix[0]
            if name not in used_names:
                break
        used_names.add(name)
        slug = f"m{m:05d}"
        towns = []
        for _ in range(rng.randint(8, 40)):
            h2, c2, t2 = rng.choice(HEADS), rng.choice(CORES), rng.choice(TAILS)
            towns.append((h2[0] + c2[0] + t2[0], h2[1] + c2[1] + t2[1]))
        munis[slug] = {"name": name, "kana": h[1] + c[1] + suffix[1], "towns": towns}
        for i in range(sizes[m]):
            tname, tkana = rng.choice(towns)
            tpl = rng.choice(TEMPLATES)
            resources.append(Resource(
                id=f"{slug}-{i:05d}", city=slug, kind=tpl[2],
                name=tpl[0].format(t=tname, c=name), name_kana=tpl[1].format(tk=tkana, ck=h[1] + c[1] + suffix[1]),
                categories=tuple(tpl[3]), targets=tuple(tpl[4]), district=f"d{rng.randint(1, 8)}",
                venue_text=f"{tname}{rng.choice(['会館', '公民館', '集会所', '自治会館'])}", town=tname,
                description=rng.choice(DESCRIPTIONS), lat=35.0, lon=139.0, precision="town"))
    return resources[:max(n_records, 0)] if len(resources) > n_records else resources, munis


def make_queries(munis: dict, n: int, seed: int, national: bool) -> list[tuple[str | None, str]]:
    rng = random.Random(seed)
    slugs = sorted(munis)
    out = []
    for i in range(n):
        slug = rng.choice(slugs)
        tname, tkana = rng.choice(munis[slug]["towns"])
        q = QUERIES[i % len(QUERIES)].format(t=tname, tk=tkana)
        out.append((None if national else slug, q))
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return round(values[k] * 1000, 1)


def timed(fn, queries) -> dict:
    times, totals = [], []
    for city, q in queries:
        t = time.perf_counter()
        total = fn(city, q)
        times.append(time.perf_counter() - t)
        totals.append(total)
    return {"p50_ms": pct(times, 50), "p95_ms": pct(times, 95), "mean_ms": round(statistics.mean(times) * 1000, 1),
            "mean_total": round(statistics.mean(totals), 1), "n": len(queries)}


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# ---- Whoosh (the app's code) -----------------------------------------------------------------

def run_whoosh(resources, work: Path, city_q, nat_q) -> dict:
    from tsunagu.search.indexer import build_index
    from tsunagu.search.searcher import Searcher
    t = time.perf_counter()
    build_index(resources, work / "index", DATA_DIR)
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    searcher = Searcher(work / "index", DATA_DIR)
    open_s = time.perf_counter() - t
    fn = lambda city, q: searcher.search(city, q).total  # noqa: E731
    for city, q in city_q[:20]:  # warm up (Sudachi dictionary, OS cache)
        fn(city, q)
    return {"build_s": round(build_s, 1), "open_s": round(open_s, 2), "size_mb": round(dir_size(work / "index") / 1e6, 1),
            "city": timed(fn, city_q), "national": timed(fn, nat_q)}


# ---- SQLite FTS5 trigram baseline ------------------------------------------------------------

FTS_COLS = ("name", "kana", "place", "body")


def run_fts5(resources, work: Path, city_q, nat_q) -> dict:
    from tsunagu.search.analysis import normalize, runs
    db_path = work / "fts.sqlite"
    t = time.perf_counter()
    db = sqlite3.connect(db_path, check_same_thread=False)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT, city TEXT, kind TEXT, targets TEXT,"
               " categories TEXT, district TEXT, name TEXT, kana TEXT, place TEXT, body TEXT)")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(city, name, kana, place, body, content='docs',"
               " content_rowid='rowid', tokenize='trigram')")
    rows = []
    for i, r in enumerate(resources, 1):
        rows.append((i, r.id, r.city, r.kind, "\x1e".join(r.targets), "\x1e".join(r.categories), r.district,
                     normalize(r.name), normalize(r.name_kana), normalize(f"{r.venue_text} {r.town}"),
                     normalize(f"{r.description} {' '.join(r.categories)}")))
    db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.execute("INSERT INTO fts(rowid, city, name, kana, place, body) SELECT rowid, city, name, kana, place, body FROM docs")
    db.execute("CREATE INDEX docs_city ON docs(city)")
    db.commit()
    build_s = time.perf_counter() - t
    del rows

    def search(city, q):
        words = runs(normalize(q))
        long_words = [w for w in words if len(w) >= 3]
        short = [w for w in words if len(w) < 3]
        if not words:
            return 0
        cols = "d.rowid, {score}, d.kind, d.targets, d.categories, d.district"
        where, params = [], []
        if long_words:
            match = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
            if city:
                match = f'city : "{city}" AND ({match})'
            sql = f"SELECT {cols.format(score='bm25(fts)')} FROM fts JOIN docs d ON d.rowid = fts.rowid"
            where.append("fts MATCH ?")
            params.append(match)
        else:
            sql = f"SELECT {cols.format(score='0.0')} FROM docs d"
            if city:
                where.append("d.city = ?")
                params.append(city)
        for w in short:  # trigram MATCH cannot do < 3 characters: instr() on the plain columns
            where.append("(instr(d.name, ?) OR instr(d.kana, ?) OR instr(d.place, ?) OR instr(d.body, ?))")
            params += [w] * 4
        hits = db.execute(sql + " WHERE " + " AND ".join(where), params).fetchall()
        facets: dict = {"kind": {}, "targets": {}, "categories": {}, "district": {}}
        for h in hits:  # the same Python work as the Whoosh searcher: facets, sort, top 20
            for name, vals in (("kind", [h[2]]), ("targets", h[3].split("\x1e")), ("categories", h[4].split("\x1e")),
                               ("district", [h[5]])):
                for v in vals:
                    facets[name][v] = facets[name].get(v, 0) + 1
        hits.sort(key=lambda h: (h[1], h[0]))
        _top = [h[0] for h in hits[:20]]
        return len(hits)

    for city, q in city_q[:20]:
        search(city, q)
    db.execute("PRAGMA optimize")
    return {"build_s": round(build_s, 1), "size_mb": round(db_path.stat().st_size / 1e6, 1),
            "city": timed(search, city_q), "national": timed(search, nat_q)}


def in_child(fn, *args) -> dict:
    """Run fn in a forked child; return its result plus the child's own peak RSS."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(r)
        try:
            out = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - report, don't hang the parent
            out = {"error": repr(exc)}
        with os.fdopen(w, "w") as fh:
            fh.write(json.dumps(out))
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as fh:
        data = fh.read()
    _, _, usage = os.wait4(pid, 0)
    out = json.loads(data) if data else {"error": "child died"}
    out["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=150_000)
    ap.add_argument("--municipalities", type=int, default=1741)
    ap.add_argument("--queries", type=int, default=400, help="city-scoped queries")
    ap.add_argument("--national-queries", type=int, default=20,
                    help="queries over all cities (slow in Whoosh: one index per city)")
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--engines", default="whoosh,fts5")
    args = ap.parse_args(argv)
    t = time.perf_counter()
    resources, munis = generate(args.records, args.municipalities, args.seed)
    gen_s = time.perf_counter() - t
    city_q = make_queries(munis, args.queries, args.seed + 1, national=False)
    nat_q = make_queries(munis, args.national_queries, args.seed + 2, national=True)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(resources)} records, {len(munis)} municipalities ({gen_s:.1f} s, parent RSS {base_rss:.0f} MB)",
          file=sys.stderr)
    result = {"records": len(resources), "municipalities": len(munis), "city_queries": len(city_q),
              "national_queries": len(nat_q), "corpus_rss_mb": round(base_rss, 1)}
    work = Path(tempfile.mkdtemp(prefix="tsunagu-bench-search-"))
    try:
        for engine in args.engines.split(","):
            fn = {"whoosh": run_whoosh, "fts5": run_fts5}[engine]
            (work / engine).mkdir()
            t = time.perf_counter()
            result[engine] = in_child(fn, resources, work / engine, city_q, nat_q)
            print(f"{engine}: {json.dumps(result[engine], ensure_ascii=False)} ({time.perf_counter() - t:.0f} s)",
                  file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if "whoosh" in result and "fts5" in result and "city" in result["whoosh"] and "city" in result["fts5"]:
        w, f = result["whoosh"]["city"], result["fts5"]["city"]
        result["city_p95_target_met"] = w["p95_ms"] <= 50 and w["p95_ms"] <= f["p95_ms"]
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
