"""`tsunagu backup FILE`, `tsunagu restore FILE [--force]` and `tsunagu rollback [BUILD_ID]`."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tsunagu.build import BuildFailed, build, check_all
from tsunagu.builds import BuildBusy

from .backup import BackupError, backup, describe, restore
from .rollback import RollbackError, rollback


def add_parser(sub) -> None:
    b = sub.add_parser("backup", help="data/ and the staff database in one archive (safe while serving)")
    b.add_argument("file", type=Path)
    r = sub.add_parser("restore", help="restore a backup into empty folders and an empty database, then check and build")
    r.add_argument("file", type=Path)
    r.add_argument("--force", action="store_true", help="overwrite a non-empty data folder or SQLite database")
    r.add_argument("--no-build", action="store_true", help="restore only (no check, no build)")
    rb = sub.add_parser("rollback", help="serve the previous (or the named) build again; data/ and the console follow")
    rb.add_argument("build_id", nargs="?", default=None)


def run(args: argparse.Namespace, settings) -> int:
    started = time.monotonic()
    if args.command == "rollback":
        try:
            done = rollback(settings, args.build_id)
        except (RollbackError, BuildBusy) as exc:
            print(f"エラー: {exc}", file=sys.stderr)
            return 2
        print(f"ビルド {done.to_build} に戻しました（{done.from_build} から。取り消した変更依頼 {len(done.undone)} 件、"
              f"{time.monotonic() - started:.1f} 秒）。動いているサーバーは数秒で切りかわります", file=sys.stderr)
        return 0
    try:
        if args.command == "backup":
            manifest = backup(settings, args.file)
            size = args.file.stat().st_size
            print(f"{args.file} に保存しました（{describe(manifest)}、{size // 1024} KB、"
                  f"{time.monotonic() - started:.1f} 秒）", file=sys.stderr)
            return 0
        manifest = restore(settings, args.file, args.force)
    except (BackupError, OSError) as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 2
    print(f"{args.file} から戻しました（{describe(manifest)}）", file=sys.stderr)
    if args.no_build:
        return 0
    return check_and_build(settings)


def check_and_build(settings) -> int:
    """What `tsunagu check` and `tsunagu build` would say about the restored data."""
    problems = check_all(settings.data_dir)
    errors = [p for p in problems if p.severity == "error"]
    for p in errors[:50]:
        print(p)
    if errors:
        print(f"戻したデータに {len(errors)} 件のエラーがあります。直してから tsunagu build してください", file=sys.stderr)
        return 1
    try:
        path = build(settings)
    except BuildFailed as exc:
        print(f"ビルドできませんでした: {exc}", file=sys.stderr)
        return 1
    print(f"検査に通り、ビルド {path.name} を公開しました", file=sys.stderr)
    return 0
