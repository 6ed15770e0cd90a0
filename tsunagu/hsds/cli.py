"""`tsunagu export hsds --city SLUG --out DIR`: the served build's city as an HSDS tabular data package."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tsunagu.builds import served_build
from tsunagu.catalog import Catalog
from tsunagu.geo.rules import load_all

from .export import export_city
from .feed import make_feed


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="the published directory in an open format (hsds: HSDS 3.1 data package)")
    p.add_argument("format", choices=["hsds"])
    p.add_argument("--city", required=True, help="city slug, e.g. zushi")
    p.add_argument("--out", required=True, type=Path, help="folder to write datapackage.json and the CSVs into")


def run(args: argparse.Namespace, settings) -> int:
    # The published build, not data/: an export says what residents see, with the same checks passed.
    build = served_build(settings.build_dir)
    if build is None:
        print("エラー: 公開中のビルドがありません。先に tsunagu build を実行してください。", file=sys.stderr)
        return 2
    catalog = Catalog(build)
    city = catalog.city(args.city)
    if city is None:
        print(f"エラー: 市「{args.city}」はビルドにありません。使える市: {', '.join(catalog.cities)}", file=sys.stderr)
        return 2
    rules, _ = load_all(build / "data")
    counts = export_city(make_feed(catalog, city, rules.get(city.slug)), args.out)
    for path, n in counts.items():
        if n:
            print(f"{path}: {n}行")
    print(f"{args.out / 'datapackage.json'} に {city.name} の HSDS データパッケージを書きました", file=sys.stderr)
    return 0
