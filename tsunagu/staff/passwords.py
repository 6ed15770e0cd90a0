"""Password hashing (argon2id, argon2-cffi's recommended parameters) and the length policy.

ASVS L1 2.1: at least 12 characters, at most 128, any characters, no composition rules.
"""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 128
_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY = _hasher.hash("tsunagu-dummy-password-for-timing")


def policy_problem(password: str) -> str:
    if len(password) < MIN_LENGTH:
        return f"パスワードは {MIN_LENGTH} 文字以上にしてください"
    if len(password) > MAX_LENGTH:
        return f"パスワードは {MAX_LENGTH} 文字以内にしてください"
    return ""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
