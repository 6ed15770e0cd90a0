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


class SecurityHeaders:
    """Pure ASGI middleware (BaseHTTPMiddleware ran every response through an extra task and stream)."""

    def __init__(self, app, tile_url: str):
        self.app = app
        self.img_src = img_sources(tile_url)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["nonce"] = nonce  # request.state.nonce for the templates
        if scope["path"] == "/docs":
            # Swagger UI (vendored) sets inline styles; its scripts are files, so scripts stay strict.
            csp = ("default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                   "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
        else:
            csp = policy(self.img_src, nonce)
        extra = [(b"content-security-policy", csp.encode()), *FIXED]

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in NAMES]
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, send_wrapper)
