"""Staff accounts: add, list, disable, and sign-in with lockout after repeated failures."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .models import ROLES, Account, utcnow
from .passwords import hash_password, policy_problem, verify

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MAX_FAILURES = 5
LOCK_MINUTES = 15
MAX_FAILURES_PER_ADDRESS = 20  # many names tried from one address (credential stuffing)


class AccountError(ValueError):
    pass


def add_account(s: Session, name: str, password: str, role: str, cities: list[str], org: str,
                known_cities: set[str]) -> Account:
    if not NAME_RE.match(name):
        raise AccountError("名前は半角英小文字・数字・. _ - で 2〜64 文字にしてください")
    if role not in ROLES:
        raise AccountError(f"役割は {' / '.join(ROLES)} のどれかです")
    bad = [c for c in cities if c not in known_cities]
    if not cities or bad:
        raise AccountError(f"市は {' / '.join(sorted(known_cities))} から選んでください（{', '.join(bad) or '未指定'}）")
    if ";" in org or ":" in org or len(org) > 100:
        raise AccountError("所属に ; と : は使えません（100 文字まで）")
    if problem := policy_problem(password):
        raise AccountError(problem)
    if s.scalar(select(Account).where(Account.name == name)):
        raise AccountError(f"「{name}」はもう登録されています")
    account = Account(name=name, password_hash=hash_password(password), role=role,
                      cities=",".join(dict.fromkeys(cities)), org=org)
    s.add(account)
    s.flush()
    audit.record(s, "account_add", actor="cli", city=",".join(cities), target=name, detail={"role": role, "org": org})
    return account


def disable_account(s: Session, name: str) -> None:
    account = s.scalar(select(Account).where(Account.name == name))
    if account is None:
        raise AccountError(f"「{name}」という職員は登録されていません")
    account.active = False
    from .sessions import end_all_sessions
    end_all_sessions(s, account.id)
    audit.record(s, "account_disable", actor="cli", city=account.cities, target=name)


def list_accounts(s: Session) -> list[Account]:
    return list(s.scalars(select(Account).order_by(Account.name)))


@dataclass
class SignIn:
    account: Account | None
    message: str = ""


def authenticate(s: Session, name: str, password: str, ip: str) -> SignIn:
    """Check a name and password. Every outcome is audited; failures say nothing about which part was wrong."""
    account = s.scalar(select(Account).where(Account.name == name[:64]))
    now = utcnow()
    if ip and _recent_failures_from(s, ip, now) >= MAX_FAILURES_PER_ADDRESS:
        audit.record(s, "login_throttled", actor=name[:64], ip=ip)
        return SignIn(None, f"この接続元からのログインの失敗が多いため、{LOCK_MINUTES} 分間ログインできません。時間をおいてください")
    if account is not None and account.locked_until and account.locked_until > now:
        verify(None, password)
        audit.record(s, "login_locked", actor=account.name, city=account.cities, ip=ip)
        return SignIn(None, f"ログインに続けて失敗したため、この名前は {LOCK_MINUTES} 分間ログインできません。時間をおいてください")
    ok = verify(account.password_hash if account else None, password)
    if not ok or account is None or not account.active:
        if account is not None:
            account.failed_logins += 1
            if account.failed_logins >= MAX_FAILURES:
                account.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                account.failed_logins = 0
        audit.record(s, "login_failed", actor=name[:64], city=account.cities if account else "", ip=ip,
                     detail={"known_name": account is not None})
        return SignIn(None, "名前かパスワードが違います")
    account.failed_logins = 0
    account.locked_until = None
    audit.record(s, "login", actor=account.name, city=account.cities, ip=ip)
    return SignIn(account)


def _recent_failures_from(s: Session, ip: str, now) -> int:
    from sqlalchemy import func

    from .models import AuditEntry
    return s.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "login_failed", AuditEntry.ip == ip,
        AuditEntry.at > now - timedelta(minutes=LOCK_MINUTES))) or 0
