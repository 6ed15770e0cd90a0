"""Password hashing (argon2id, argon2-cffi's recommended parameters) and the password policy.

ASVS L1 2.1: at least 12 characters, at most 128, any characters, no composition rules; and not a
common or breached password (2.1.7): zxcvbn (Dropbox's estimator) knows ~30,000 of the most common
passwords from breaches, English words, names and keyboard runs, and refuses what it rates guessable.
"""
from __future__ import annotations

from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3  # zxcvbn's 0–4: 3 is "safely unguessable", against an offline attack on slow hashes
RATED_CHARS = 72  # zxcvbn's own limit; a longer password is at least as strong as its first 72 characters
SITE_WORDS = ("tsunagu", "つなぐ", "staff", "shakyo", "社協")
_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY = _hasher.hash("tsunagu-dummy-password-for-timing")


def policy_problem(password: str, user_inputs: Iterable[str] = ()) -> str:
    """What is wrong with `password`, in words for the person choosing it, or "". `user_inputs`: the
    account's own name and organisation, which make a password easier to guess."""
    if len(password) < MIN_LENGTH:
        return f"パスワードは {MIN_LENGTH} 文字以上にしてください"
    if len(password) > MAX_LENGTH:
        return f"パスワードは {MAX_LENGTH} 文字以内にしてください"
    if zxcvbn(password[:RATED_CHARS], user_inputs=[*SITE_WORDS, *user_inputs])["score"] < MIN_SCORE:
        return ("このパスワードは推測されやすいため使えません（よく使われるパスワード・単語のくり返し・"
                "キーボードの並び・名前などに近いもの）。関係のない単語を 4 つ以上つなげた文などにしてください")
    return ""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
