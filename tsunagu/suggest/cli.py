"""`tsunagu suggest purge-contacts`: delete senders' contacts 90 days after their suggestion was resolved.

Run it daily (cron or a systemd timer); it is idempotent.
"""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    p = sub.add_parser("suggest", help="public suggestions: delete old sender contacts")
    cmds = p.add_subparsers(dest="suggest_command", required=True)
    purge = cmds.add_parser("purge-contacts", help="delete senders' contacts N days after resolution (default 90)")
    purge.add_argument("--days", type=int, default=90)


def run(args: argparse.Namespace, settings) -> int:
    from tsunagu.staff.db import open_store  # lazy: adds 0.2 s to importing this module

    from .service import purge_contacts  # lazy: adds 0.4 s to importing this module
    if args.days < 1:
        print("--days は 1 以上にしてください")
        return 2
    n = purge_contacts(open_store(settings), days=args.days)
    print(f"送った人の連絡先を {n} 件消しました（処理が終わってから {args.days} 日を過ぎたもの）")
    return 0
