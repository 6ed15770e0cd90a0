"""Printed guides: per district, pages (goal 2 = one sheet both sides), smallest type, PDF size;
the time to render every guide; the personal sheet for 10 addresses across the four cities.

Run after `tsunagu build`: `.venv/bin/python bench/bench_guides.py`. Renders into a temporary
folder (the build is not touched). Prints a final JSON line. Nothing here is asserted.
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tsunagu.settings import Settings

# (city, address, needs): matched, ambiguous and town-only addresses, zero to three needs.
ADDRESSES = [
    ("zushi", "新宿4丁目2番35号", ["高齢"]),
    ("zushi", "新宿4丁目", ["高齢", "障がい"]),
    ("zushi", "逗子5丁目", []),
    ("zushi", "小坪5丁目", ["生活困窮"]),
    ("kamakura", "大船2丁目", ["子育て", "生活困窮", "障がい"]),
    ("kamakura", "腰越3丁目", ["高齢"]),
    ("nagano", "鶴賀", ["高齢"]),
    ("nagano", "篠ノ井布施高田", []),
    ("shimonoseki", "竹崎町", ["高齢"]),
    ("shimonoseki", "唐戸町", ["ケアラー"]),
]


def main() -> None:
    from fastapi.testclient import TestClient

    from tsunagu.catalog import Catalog
    from tsunagu.geo.engine import GeoEngine
    from tsunagu.guides.files import names
    from tsunagu.guides.pdfinfo import read_pdf
    from tsunagu.guides.render import render_district_guides
    from tsunagu.site.app import create_app

    settings = Settings.from_env()
    catalog = Catalog(settings.current_build.resolve())
    geo = GeoEngine(settings.data_dir)
    guides = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        render_district_guides(catalog, geo, out, settings.public_url)
        all_seconds = time.perf_counter() - start
        for city in catalog.cities.values():
            for d in city.districts:
                n = names(city.slug, d["id"])
                std, large = (out / n["pdf"]).read_bytes(), (out / n["large"]).read_bytes()
                a, b = read_pdf(std), read_pdf(large)
                fit = json.loads((out / n["fit"]).read_text(encoding="utf-8"))
                key = f"{city.slug}/{d['id']}"
                guides[key] = {
                    "pages": a.pages, "smallest_pt": a.smallest_pt, "kb": round(len(std) / 1024),
                    "map_mm": fit["fit"]["map_height_mm"], "overflow": bool(fit["overflow"]), "tagged": a.tagged,
                    "large_pages": b.pages, "large_smallest_pt": b.smallest_pt, "large_kb": round(len(large) / 1024)}
                print(f"{key}: {guides[key]}", file=sys.stderr)
    client = TestClient(create_app(settings))
    sheets = []
    for city, address, needs in ADDRESSES:
        start = time.perf_counter()
        r = client.get(f"/{city}/sheet.pdf", params={"address": address, "need": needs})
        seconds = time.perf_counter() - start
        info = read_pdf(r.content) if r.status_code == 200 else None
        sheets.append({"city": city, "status": r.status_code, "pages": info.pages if info else None,
                       "smallest_pt": info.smallest_pt if info else None, "kb": round(len(r.content) / 1024),
                       "seconds": round(seconds, 2)})
        print(f"sheet {city} {needs}: {sheets[-1]}", file=sys.stderr)
    rows = list(guides.values())
    print(json.dumps({
        "bench": "guides", "districts": len(rows),
        "pages": sorted({r["pages"] for r in rows}), "one_sheet": sum(r["pages"] == 2 for r in rows),
        "smallest_pt": min(r["smallest_pt"] for r in rows), "max_kb": max(r["kb"] for r in rows),
        "large_smallest_pt": min(r["large_smallest_pt"] for r in rows), "large_max_kb": max(r["large_kb"] for r in rows),
        "all_guides_seconds": round(all_seconds, 1),
        "sheets": len(sheets), "sheet_pages": sorted({s["pages"] for s in sheets if s["pages"]}),
        "sheet_ok": sum(s["status"] == 200 for s in sheets),
        "sheet_median_seconds": statistics.median(s["seconds"] for s in sheets),
        "guides": guides,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
