"""`tsunagu staff add | list | disable | reset-password | audit`: accounts from a terminal, and the audit log."""
from __future__ import annotations

import argparse
import getpass
import sys

from . import accounts, audit
from .db import open_store
from .models import ROLES


def add_parser(sub) -> None:
    staff = sub.add_parser("staff", help="staff accounts and the audit log")
    cmds = staff.add_subparsers(dest="staff_command", required=True)
    add = cmds.add_parser("add", help="add a staff account (asks for the password)")
    add.add_argument("name")
    add.add_argument("--city", action="append", required=True, help="city slug; repeat or comma-separate for several")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--org", default="", help="organisation named as the supplier, e.g. 逗子市社会福祉協議会")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    cmds.add_parser("list", help="list staff accounts")
    disable = cmds.add_parser("disable", help="disable an account and end its sessions")
    disable.add_argument("name")
    reset = cmds.add_parser("reset-password", help="set a new password for a forgotten one (asks for it); "
                                                   "unlocks the name and ends its sessions")
    reset.add_argument("name")
    reset.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    aud = cmds.add_parser("audit", help="print the audit log, newest first")
    aud.add_argument("--limit", type=int, default=200)
    aud.add_argument("--city", default=None)


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("パスワード: ")
    if getpass.getpass("もう一度: ") != first:
        raise ValueError("2 回のパスワードが一致しません")
    return first


def run(args: argparse.Namespace, settings) -> int:
    from tsunagu.data.loader import load_cities  # lazy: adds 0.2 s to importing this module

    store = open_store(settings)
    try:
        if args.staff_command == "add":
            cities = [c.strip() for part in args.city for c in part.split(",") if c.strip()]
            known = set(load_cities(settings.data_dir))
            password = _read_password(args)
            with store.tx() as s:
                accounts.add_account(s, args.name, password, args.role, cities, args.org, known)
            print(f"{args.name} を登録しました（{args.role}、{','.join(cities)}）")
        elif args.staff_command == "list":
            with store.tx() as s:
                for a in accounts.list_accounts(s):
                    state = "有効" if a.active else "停止"
                    print("\t".join((a.name, a.role, a.cities, a.org or "-", state)))
        elif args.staff_command == "disable":
            with store.tx() as s:
                accounts.disable_account(s, args.name)
            print(f"{args.name} を停止しました（ログイン中のセッションも終了しました）")
        elif args.staff_command == "reset-password":
            password = _read_password(args)
            with store.tx() as s:
                accounts.reset_password(s, args.name, password)
            print(f"{args.name} のパスワードを設定しました（ロックを解除し、ログイン中のセッションを終了しました）")
        elif args.staff_command == "audit":
            with store.tx() as s:
                for e in audit.entries(s, args.limit, args.city):
                    print(audit.format_entry(e))
    except ValueError as exc:  # AccountError and password mismatch: a message, not a traceback
        print(f"エラー: {exc}", file=sys.stderr)
        return 2
    return 0
