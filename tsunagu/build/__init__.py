"""`tsunagu build`: the steps in steps.py, into a fresh folder, switched in atomically.

The build imports nothing from the web app (tsunagu.site): guides are made by tsunagu.guides, and what it
writes for the server is declared in output.py.

Each city's part of a build is a content-addressed unit (`units.py`): a build makes the units of the
cities whose inputs (or the shared reference data, or the code) changed and links the others' files in
unchanged. The served build is `build/current`, a symlink. A new build is written to `builds/<id>.tmp`,
renamed when complete, and only then does the symlink move (os.replace of a symlink is atomic).
Any failure — a data error, a shrink the caller did not allow, a full disk, a kill — leaves
`current` as it was. See `tsunagu/builds.py` for the lock, leases and pruning.
"""
from __future__ import annotations

import errno
import os
import shutil
import sys
from pathlib import Path

from tsunagu import builds as store
from tsunagu.settings import Settings

from . import units
from .context import BuildContext
from .gate import SHRINK_LIMIT, BuildFailed, check_all, shrink_problems
from .progress import Silent
from .steps import STEPS, run

__all__ = ["SHRINK_LIMIT", "STEPS", "BuildFailed", "build", "check_all", "shrink_problems"]


def build(settings: Settings, *, allow_shrink: bool = False, fail_after_index: bool = False,
          lock_wait_seconds: float = 600, progress: Silent | None = None) -> Path:
    """Build into a fresh folder and switch `current` to it. Returns the new build's path.

    Raises BuildFailed (with located problems) and never touches `current` when the data has an
    error, a city would shrink by more than 10 % (unless `allow_shrink`), another build holds the
    lock for longer than `lock_wait_seconds`, or the disk refuses. `fail_after_index` exists for
    the test that proves a failed build keeps the old one. `progress` hears of each step and city
    (progress.for_terminal() for a person watching; nothing by default).
    """
    def waiting() -> None:
        print("別のビルドが実行中です。終わるのを待っています…", file=sys.stderr)

    try:
        with store.build_lock(settings.build_dir, lock_wait_seconds, waiting):
            return _build_locked(settings, allow_shrink, fail_after_index, progress or Silent())
    except store.BuildBusy:
        raise BuildFailed(f"別のビルドが {int(lock_wait_seconds)} 秒たっても終わりません。後でもう一度実行してください") from None
    except OSError as exc:
        raise BuildFailed(_disk_message(exc)) from exc


def _disk_message(exc: OSError) -> str:
    where = f"（{exc.filename}）" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"ディスクの空きがありません{where}。空きを作ってからもう一度ビルドしてください"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"ビルド用のフォルダに書き込めません{where}。書き込みの権限と読み取り専用でないことを確かめてください"
    return f"ファイルの読み書きに失敗しました{where}: {exc.strerror or exc}"


def _build_locked(settings: Settings, allow_shrink: bool, fail_after_index: bool, progress: Silent) -> Path:
    folder = store.builds_dir(settings.build_dir)
    folder.mkdir(parents=True, exist_ok=True)
    store.remove_stale_tmp(settings.build_dir)
    build_id = store.new_build_id()
    tmp, final = folder / f"{build_id}.tmp", folder / build_id
    try:
        tmp.mkdir()
        run(BuildContext(settings.data_dir, tmp, build_id, store.served_build(settings.build_dir),
                         settings.public_url, allow_shrink, fail_after_index, build_dir=settings.build_dir,
                         progress=progress))
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    store.switch_current(settings.build_dir, final)
    store.prune(settings.build_dir, keep=final)
    # A unit lives as long as a remaining build names it (builds hold hard links to its files, but the
    # next build reuses a unit only from units/).
    units.prune(settings.build_dir, [p for p in folder.iterdir() if p.is_dir() and not p.name.endswith(".tmp")])
    return final
