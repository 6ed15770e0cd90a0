"""Staff accounts: add, list, disable, sign-in with lockout after repeated failures, and password changes."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from . import audit, counters
from .models import ROLES, Account, utcnow
from .passwords import hash_password, policy_problem, verify
from .sessions import end_all_sessions

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
    if problem := policy_problem(password, (name, org)):
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
    end_all_sessions(s, account.id)
    audit.record(s, "account_disable", actor="cli", city=account.cities, target=name)


def list_accounts(s: Session) -> list[Account]:
    return list(s.scalars(select(Account).order_by(Account.name)))


@dataclass
class SignIn:
    account: Account | None
    message: str = ""


LOCKED = f"ログインに続けて失敗したため、この名前は {LOCK_MINUTES} 分間ログインできません。時間をおいてください"
THROTTLED = f"この接続元からのログインの失敗が多いため、{LOCK_MINUTES} 分間ログインできません。時間をおいてください"
WINDOW = timedelta(minutes=LOCK_MINUTES)


def sign_in(store, name: str, password: str, ip: str) -> SignIn:
    """Check a name and password. Every outcome is audited; failures say nothing about which part was wrong.

    Each attempt is counted (per address, then per name) and that count committed *before* the password is
    checked, so N simultaneous attempts get the numbers 1…N and only the first MAX_FAILURES are ever
    checked: a burst cannot outrun the lockout. The right password gives its count back."""
    name = name[:64]
    now = utcnow()
    with store.tx() as s:
        refusal, account, tries = _count_attempt(s, name, ip, now)
    if refusal:
        verify(None, password)  # as slow as a real check: the answer's timing says nothing
        return SignIn(None, refusal)
    ok = verify(account.password_hash if account else None, password)
    with store.tx() as s:
        if ok and account is not None and account.active:
            s.execute(update(Account).where(Account.id == account.id).values(failed_logins=0, locked_until=None))
            if ip:
                counters.give_back(s, f"login-ip:{ip}", WINDOW, now)
            audit.record(s, "login", actor=account.name, city=account.cities, ip=ip)
            return SignIn(account)
        if account is not None and tries >= MAX_FAILURES:
            s.execute(update(Account).where(Account.id == account.id).values(locked_until=now + WINDOW))
        audit.record(s, "login_failed", actor=name, city=account.cities if account else "", ip=ip,
                     detail={"known_name": account is not None})
    return SignIn(None, "名前かパスワードが違います")


def _count_attempt(s: Session, name: str, ip: str, now) -> tuple[str, Account | None, int]:
    """(refusal message or "", the account, this attempt's number for the name)."""
    if ip and counters.bump(s, f"login-ip:{ip}", WINDOW, now) > MAX_FAILURES_PER_ADDRESS:
        audit.record(s, "login_throttled", actor=name, ip=ip)
        return THROTTLED, None, 0
    account = s.scalar(select(Account).where(Account.name == name))
    if account is None:
        return "", None, 0
    tries, locked_until = _reserve_try(s, account.id, now)
    if (locked_until and locked_until > now) or tries > MAX_FAILURES:
        audit.record(s, "login_locked", actor=account.name, city=account.cities, ip=ip)
        return LOCKED, account, tries
    return "", account, tries


def _reserve_try(s: Session, account_id: int, now) -> tuple[int, datetime | None]:
    """Add one to the account's failures in one statement (a lock that has run out starts again at 1)."""
    expired = Account.locked_until.is_not(None) & (Account.locked_until <= now)
    row = s.execute(update(Account).where(Account.id == account_id).values(
        failed_logins=case((expired, 1), else_=Account.failed_logins + 1),
        locked_until=case((expired, None), else_=Account.locked_until),
    ).returning(Account.failed_logins, Account.locked_until).execution_options(synchronize_session=False)).one()
    return int(row[0]), row[1]


@dataclass
class PasswordChange:
    errors: list[tuple[str, str]]  # (form field, message); empty when the password was changed
    locked: bool = False  # the current password was wrong too often: every session of the account has ended


def change_password(s: Session, account_id: int, current: str, new: str, confirm: str, ip: str) -> PasswordChange:
    """A signed-in person's own change (ASVS 2.1.5, 2.1.6). The current password is asked again and a wrong
    one counts towards the same lockout as sign-in, so a session left open cannot be used to guess it.
    A change ends every session of the account; the caller gives the person a new one."""
    account = s.get(Account, account_id)
    now = utcnow()
    if account is None or not account.active:
        return PasswordChange([("current", "この名前は使えなくなっています。管理者に連絡してください")])
    if account.locked_until and account.locked_until > now:
        return PasswordChange([("current", f"パスワードを続けて間違えたため、{LOCK_MINUTES} 分間は変更できません")])
    errors = []
    if not current:
        errors.append(("current", "今のパスワードを入力してください"))
    elif not verify(account.password_hash, current):
        tries, _ = _reserve_try(s, account.id, now)
        locked = tries >= MAX_FAILURES
        if locked:
            s.execute(update(Account).where(Account.id == account.id).values(locked_until=now + WINDOW, failed_logins=0))
        audit.record(s, "password_change_failed", actor=account.name, city=account.cities, ip=ip,
                     detail={"locked": locked})
        if locked:
            end_all_sessions(s, account.id)
            return PasswordChange([("current", "今のパスワードが違います")], locked=True)
        errors.append(("current", "今のパスワードが違います"))
    if not new:
        errors.append(("new", "新しいパスワードを入力してください"))
    elif problem := policy_problem(new, (account.name, account.org)):
        errors.append(("new", problem))
    elif new == current:
        errors.append(("new", "今のパスワードとは違うものにしてください"))
    elif new != confirm:
        errors.append(("confirm", "確認のため、新しいパスワードと同じものを入力してください"))
    if errors:
        return PasswordChange(errors)
    account.password_hash = hash_password(new)
    s.execute(update(Account).where(Account.id == account.id).values(failed_logins=0))
    end_all_sessions(s, account.id)
    audit.record(s, "password_change", actor=account.name, city=account.cities, ip=ip)
    return PasswordChange([])


def reset_password(s: Session, name: str, password: str) -> None:
    """An administrator's reset from the terminal (a forgotten password): unlocks and ends every session."""
    account = s.scalar(select(Account).where(Account.name == name))
    if account is None:
        raise AccountError(f"「{name}」という職員は登録されていません")
    if problem := policy_problem(password, (account.name, account.org)):
        raise AccountError(problem)
    account.password_hash = hash_password(password)
    account.failed_logins = 0
    account.locked_until = None
    end_all_sessions(s, account.id)
    audit.record(s, "password_reset", actor="cli", city=account.cities, target=name)

