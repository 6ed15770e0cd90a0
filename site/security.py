"""Security headers, with a per-request nonce for the one inline script a map needs."""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from starlette.middleware.base import BaseHTTPMiddleware


def tile_origin(tile_url: str) -> str:
    parts = urlsplit(tile_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# The site uses none of these; saying so stops any script (or a framed page) from asking.
PERMISSIONS = ("accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
               "magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()")


class SecurityHeaders(BaseHTTPMiddleware):
    def __init__(self, app, tile_url: str):
        super().__init__(app)
        self.img_src = " ".join(filter(None, ("'self'", "data:", tile_origin(tile_url))))

    async def dispatch(self, request, call_next):
        request.state.nonce = secrets.token_urlsafe(16)
        response = await call_next(request)
        nonce = request.state.nonce
        if request.url.path == "/docs":
            # Swagger UI (vendored) sets inline styles; its scripts are files, so scripts stay strict.
            csp = ("default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                   "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
        else:
            csp = (f"default-src 'self'; img-src {self.img_src}; script-src 'self' 'nonce-{nonce}'; "
                   f"style-src 'self' 'nonce-{nonce}'; object-src 'none'; base-uri 'self'; "
                   "form-action 'self'; frame-ancestors 'none'")
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Permissions-Policy"] = PERMISSIONS
        return response
