"""Form tokens for anonymous visitors: CSRF protection, page expiry and the minimum fill time.

A token is `issued.nonce.mac`, the MAC (HMAC-SHA256 with a secret kept in the staff database, shared
by every server) covering the issue time (in milliseconds), the nonce, the form's path and the visitor's
form cookie. So a token cannot be made elsewhere, works only on its own form and in the browser it was
given to, and says how long the form was open. Each nonce is stored with the suggestion it produced: a replay is refused.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from pathlib import Path

from sqlalchemy import text

from tsunagu.staff.models import utcnow

MAX_AGE_SECONDS = 2 * 3600
SECRET_NAME = "suggest-form"
_KEEP_FIRST = text("INSERT INTO app_secrets (name, value, created_at) VALUES (:name, :value, :now) "
                   "ON CONFLICT (name) DO NOTHING")


def shared_secret(store, var_dir: Path) -> bytes:
    """The form secret, kept in the staff database so every server on it accepts the others' forms (a form
    shown by server A and sent to server B was refused while each had its own var/ file). The first server
    to start stores it; one that had a var/suggest-secret offers that, so forms already out and the keyed
    address hashes of stored suggestions stay valid across the change."""
    legacy = Path(var_dir) / "suggest-secret"
    offered = legacy.read_bytes().strip() if legacy.is_file() else b""
    with store.tx() as s:
        s.execute(_KEEP_FIRST, {"name": SECRET_NAME, "value": (offered or secrets.token_hex(32).encode()).decode(),
                                "now": utcnow()})
    with store.tx() as s:
        value = s.scalar(text("SELECT value FROM app_secrets WHERE name = :name"), {"name": SECRET_NAME})
    return str(value).encode()


def _mac(key: bytes, issued: str, nonce: str, path: str, cookie: str) -> str:
    return hmac.new(key, f"{issued}.{nonce}.{path}.{cookie}".encode(), hashlib.sha256).hexdigest()


def issue(key: bytes, path: str, cookie: str, now: float | None = None) -> str:
    # milliseconds: in whole seconds a form shown at 10.9 s and sent at 13.0 s counted as 3 s old
    issued = str(int((now if now is not None else time.time()) * 1000))
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
    # a token issued before the change to milliseconds counts whole seconds (10 digits until the year 5138)
    shown = int(issued) / 1000 if len(issued) > 10 else int(issued)
    age = (now if now is not None else time.time()) - shown
    if age > MAX_AGE_SECONDS:
        return "expired", nonce
    if age < min_fill:
        return "too_fast", nonce
    return "", nonce


def client_key(key: bytes, address: str) -> str:
    """The sender's address is kept only as a keyed hash (enough to count, not to identify)."""
    return hmac.new(key, f"client:{address}".encode(), hashlib.sha256).hexdigest()
