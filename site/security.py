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


class SecurityHeaders:
    """Pure ASGI middleware (BaseHTTPMiddleware ran every response through an extra task and stream)."""

    def __init__(self, app, tile_url: str):
        self.app = app
        self.img_src = " ".join(filter(None, ("'self'", "data:", tile_origin(tile_url))))

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
            csp = (f"default-src 'self'; img-src {self.img_src}; script-src 'self' 'nonce-{nonce}'; "
                   f"style-src 'self' 'nonce-{nonce}'; object-src 'none'; base-uri 'self'; "
                   "form-action 'self'; frame-ancestors 'none'")
        extra = [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
                 (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY"),
                 (b"permissions-policy", PERMISSIONS.encode())]
        names = {k for k, _ in extra}

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, send_wrapper)
