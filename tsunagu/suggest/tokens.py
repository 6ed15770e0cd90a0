"""Form tokens for anonymous visitors: CSRF protection, page expiry and the minimum fill time.

A token is `issued.nonce.mac`, the MAC (HMAC-SHA256 with a secret kept in var_dir) covering the
issue time, the nonce, the form's path and the visitor's form cookie. So a token cannot be made
elsewhere, works only on its own form and in the browser it was given to, and says how long the
form was open. Each nonce is stored with the suggestion it produced: a replay is refused.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

MAX_AGE_SECONDS = 2 * 3600


def secret(var_dir: Path) -> bytes:
    path = Path(var_dir) / "suggest-secret"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    for _ in range(50):  # another worker may be writing it this instant
        if value := path.read_bytes().strip():
            return value
        time.sleep(0.01)
    raise RuntimeError(f"{path} is empty")


def _mac(key: bytes, issued: str, nonce: str, path: str, cookie: str) -> str:
    return hmac.new(key, f"{issued}.{nonce}.{path}.{cookie}".encode(), hashlib.sha256).hexdigest()


def issue(key: bytes, path: str, cookie: str, now: float | None = None) -> str:
    issued = str(int(now if now is not None else time.time()))
    nonce = secrets.token_urlsafe(16)
    return f"{issued}.{nonce}.{_mac(key, issued, nonce, path, cookie)}"


def check(key: bytes, token: str, path: str, cookie: str, min_fill: float, now: float | None = None) -> tuple[str, str]:
    """(problem, nonce). problem: "" | missing | invalid | expired | too_fast."""
    if not token or not cookie:
        return "missing", ""
    parts = token.split(".")
    if len(token) > 200 or len(parts) != 3 or not parts[0].isdigit():
        return "invalid", ""
    issued, nonce, mac = parts
    if not hmac.compare_digest(mac, _mac(key, issued, nonce, path, cookie)):
        return "invalid", ""
    age = (now if now is not None else time.time()) - int(issued)
    if age > MAX_AGE_SECONDS:
        return "expired", nonce
    if age < min_fill:
        return "too_fast", nonce
    return "", nonce


def client_key(key: bytes, address: str) -> str:
    """The sender's address is kept only as a keyed hash (enough to count, not to identify)."""
    return hmac.new(key, f"client:{address}".encode(), hashlib.sha256).hexdigest()
