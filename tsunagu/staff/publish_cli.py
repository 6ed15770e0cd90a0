"""`tsunagu publish [--once]` (the publisher as its own process) and `tsunagu maintenance`."""
from __future__ import annotations

import argparse
import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys

from sqlalchemy.exc import SQLAlchemyError

from .db import open_store
from .leader import PublisherLock

PARENT_ENV = "TSUNAGU_PUBLISHER_PARENT"


def add_parser(sub) -> None:
    p = sub.add_parser("publish", help="the publisher: applies approved changes and builds (one in all, by a lock)")
    p.add_argument("--once", action="store_true",
                   help="settle what a stopped publisher left, publish what is queued, then exit")
    sub.add_parser("maintenance", help="return stuck suggestions, end expired sessions, purge contacts, prune builds")


def run(args: argparse.Namespace, settings) -> int:
    try:
        store = open_store(settings)
    except (SQLAlchemyError, OSError) as exc:  # a database that is down or refuses: say so, no traceback
        first = (str(getattr(exc, "orig", None) or exc).splitlines() or [""])[0]
        print(f"エラー: スタッフ用のデータベースを開けません（{first}）。何も変えていません", file=sys.stderr)
        return 2
    if args.command == "maintenance":
        from .maintenance import run_all  # lazy: adds 0.3 s to importing this module
        done = run_all(store, settings)
        print(f"確認待ちに戻したお知らせ {done['suggestions']} 件、終了したログイン {done['sessions']} 件、"
              f"消した連絡先 {done['contacts']} 件、消した古いビルド {done['builds']} 件", file=sys.stderr)
        return 0
    from .publisher import Publisher  # lazy: adds 0.4 s to importing this module
    publisher = Publisher(store, settings)
    if args.once:
        lock = PublisherLock(store)
        if not lock.acquire():
            print("別の公開処理が動いています。その処理が公開します", file=sys.stderr)
            return 1
        try:
            build_id = publisher.publish_queued()
        finally:
            lock.release()
        print(f"ビルド {build_id} を公開しました" if build_id else "公開するものはありませんでした", file=sys.stderr)
        return 0
    if not _die_with_parent():
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    def stop(_signum, _frame):
        publisher.stop_soon()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    publisher.run()  # in this thread, until SIGTERM / Ctrl-C; a build under way is finished first
    return 0


def start_beside(settings):
    """For `tsunagu serve` (the single-machine default): the publisher as a process of its own next to the
    server, never inside a worker. Returns the process (the caller stops it by its pid) or None when this
    server does not publish (TSUNAGU_STAFF_PUBLISHER=0). Workers are told not to start one."""
    os.environ["TSUNAGU_STAFF_PUBLISHER"] = "0"  # read by every worker's Settings.from_env()
    if not settings.staff_publisher:
        return None
    env = {**os.environ, "TSUNAGU_DATA_DIR": str(settings.data_dir), "TSUNAGU_BUILD_DIR": str(settings.build_dir),
           "TSUNAGU_VAR_DIR": str(settings.var_dir)}
    env[PARENT_ENV] = str(os.getpid())
    return subprocess.Popen([sys.executable, "-m", "tsunagu.cli", "publish"], env=env)


def _die_with_parent() -> bool:
    """Started by `tsunagu serve`: get SIGTERM when that server dies, even by SIGKILL (Linux), so no orphan
    keeps the lock and publishes for a server that is gone. False if it is already gone."""
    parent = os.environ.get(PARENT_ENV, "")
    if not parent.isdigit():
        return True
    with contextlib.suppress(OSError, AttributeError):  # not Linux: stopped by stop_beside only
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
    return os.getppid() == int(parent)


def stop_beside(process) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()  # finishes the round under way (a build takes up to a minute)
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
