"""`tsunagu import PATH --city SLUG [--kind KIND] [--sheet NAME] [--mapping FILE] [--dry-run] [--as STAFF]`."""
from __future__ import annotations

import argparse
import shutil
import sys
from datetime import date
from pathlib import Path

from tsunagu.data.model import KINDS
from tsunagu.hsds.package_reader import is_package, read_package

from .batches import propose_batch
from .plan import plan_import
from .profiles import read_mapping
from .report import render
from .sheet import SheetError, read_sheet

MAPPINGS = "import_mappings"  # data/import_mappings/{city}/{file stem}.yaml: kept for the next import


def add_parser(sub) -> None:
    p = sub.add_parser("import", help="a supplier's list (CSV, XLSX, ODS) → one batch of changes to review")
    p.add_argument("path", type=Path, help="a list (CSV, XLSX, ODS) or an HSDS package folder (datapackage.json)")
    p.add_argument("--city", required=True, help="city slug, e.g. zushi")
    p.add_argument("--kind", default="salon", choices=KINDS, help="kind of the rows without a 種類 column")
    p.add_argument("--sheet", default="", help="the sheet of a workbook (default: the first)")
    p.add_argument("--mapping", type=Path, help="YAML 「見出し: 列」 for headers the lexicon does not know")
    p.add_argument("--dry-run", action="store_true", help="write nothing; print what would happen")
    p.add_argument("--as", dest="as_staff", default="", help="the staff account (an editor of the city) proposing it")


def saved_mapping(data_dir: Path, city: str, path: Path) -> Path:
    return Path(data_dir) / MAPPINGS / city / f"{path.stem}.yaml"


def run(args: argparse.Namespace, settings) -> int:
    if not args.dry_run and not args.as_staff:
        print("エラー: 取り込むには --as で担当者（その市の編集者）を指定してください。試すだけなら --dry-run", file=sys.stderr)
        return 2
    saved = saved_mapping(settings.data_dir, args.city, args.path)
    mapping_file = args.mapping or (saved if saved.exists() else None)
    try:
        if is_package(args.path):  # an HSDS package (tsunagu export hsds): its services as one list
            sheet, mapping = read_package(args.path)
        else:
            mapping = read_mapping(mapping_file)
            sheet = read_sheet(args.path, args.sheet)
        plan = plan_import(sheet, settings.data_dir, args.city, args.kind, mapping,
                           date.fromtimestamp(args.path.stat().st_mtime))
    except (SheetError, ValueError, OSError) as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 2
    for line in render(plan):
        print(line)
    if plan.refused:
        print("取り込めない行があります。直してから、もう一度取り込んでください（何も書きかえていません）", file=sys.stderr)
        return 1
    if args.dry_run:
        print("--dry-run: 何も書きかえていません", file=sys.stderr)
        return 0
    try:
        batch = propose_batch(settings, args.as_staff, plan, date.fromtimestamp(args.path.stat().st_mtime))
    except ValueError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 2
    if args.mapping and args.mapping.resolve() != saved.resolve():
        saved.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(args.mapping, saved)
    print(f"取り込み #{batch.id} として {batch.size} 件の変更依頼を作りました。スタッフ画面で確認・承認してください"
          "（公開はまだです）", file=sys.stderr)
    return 0
