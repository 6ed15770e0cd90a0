"""Security headers, with a per-request nonce for the one inline script a map needs."""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit


def tile_origin(tile_url: str) -> str:
    parts = urlsplit(tile_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# The site uses none of these; saying so stops any script (or a framed page) from asking.
PERMISSIONS = ("accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
               "magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()")


def policy(img_src: str, nonce: str | None) -> str:
    """The page CSP; without a nonce (static files, which run no inline script) only files from here."""
    own = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
    return (f"default-src 'self'; img-src {img_src}; script-src {own}; style-src {own}; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def img_sources(tile_url: str) -> str:
    return " ".join(filter(None, ("'self'", "data:", tile_origin(tile_url))))


FIXED = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
         (b"x-frame-options", b"DENY"), (b"permissions-policy", PERMISSIONS.encode())]


def static_headers(tile_url: str) -> list[tuple[bytes, bytes]]:
    """The same headers for the hashed static files, made once (site/http/asset_server.py)."""
    return [(b"content-security-policy", policy(img_sources(tile_url), None).encode()), *FIXED]


NAMES = frozenset([b"content-security-policy", *(k for k, _ in FIXED)])


DOCS_POLICY = ("default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self' 'unsafe-inline'; "
               "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def request_headers(scope, img_src: str) -> list[tuple[bytes, bytes]]:
    """A request's CSP and security headers; its nonce is put in `request.state.nonce` for the templates.
    Applied to every page and API answer by the innermost layer (site/http/inner.py)."""
    nonce = secrets.token_urlsafe(16)
    scope.setdefault("state", {})["nonce"] = nonce
    # Swagger UI (vendored) sets inline styles; its scripts are files, so scripts stay strict.
    csp = DOCS_POLICY if scope["path"] == "/docs" else policy(img_src, nonce)
    return [(b"content-security-policy", csp.encode()), *FIXED]


def with_security(headers, extra: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The response's headers with the security ones set (a route's own of the same names replaced)."""
    return [(k, v) for k, v in headers if k.lower() not in NAMES] + extra
