"""The app's middleware in one list, outermost first: the one place their order is set and explained.

Starlette's `add_middleware` wraps everything added before it, so `install` adds the list in reverse.
"""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from tsunagu.settings import Settings

from ..assets import assets_for
from ..reload import PinState, StateHolder
from ..staff import StaffHeaders
from .asset_server import AssetServer
from .caching import HttpCaching
from .head import HeadAsGet
from .metrics import Metrics, MetricsMiddleware
from .proxies import TrustedProxies, networks
from .reading import ReadingMiddleware
from .security import SecurityHeaders, static_headers

GZIP_LEVEL = 4  # Starlette's default 9 took 1.5–2× the CPU per page for 1–2 % fewer bytes


def stack(settings: Settings, holder: StateHolder, metrics: Metrics) -> list[tuple[type, dict[str, Any]]]:
    """(middleware, options), outermost first."""
    return [
        # Outermost: times every answer (static files too) for /metrics, labelled by route template.
        (MetricsMiddleware, {"metrics": metrics}),
        # Before anything that reads the address: the client (and scheme) as every later piece should see it — the peer's own
        # unless the peer is a proxy named in TSUNAGU_TRUSTED_PROXIES.
        (TrustedProxies, {"trusted": networks(settings.trusted_proxies)}),
        # Hashed static files from memory, before any page middleware runs (no build, no gzip, no ETag work).
        (AssetServer, {"assets": assets_for(settings.static_dir), "security": static_headers(settings.tile_url)}),
        # /staff only: never cached or indexed, bodies capped (the refusal is audited); other paths pass through.
        (StaffHeaders, {}),
        # HEAD is answered as GET without the body; it needs no build of its own.
        (HeadAsGet, {}),
        # The request's build stays leased until the last byte of the response has gone.
        (PinState, {"holder": holder}),
        # Inside the pinning: the ETag names the pinned build (and the code and the day).
        (HttpCaching, {"salt": repr(settings)}),
        (GZipMiddleware, {"minimum_size": 1000, "compresslevel": GZIP_LEVEL}),
        # Inside the gzip: the reader's language and ふりがな for the page, kept in its links (it may
        # rewrite the page). The caching above resolves the same reading for the ETag.
        (ReadingMiddleware, {}),
        # Innermost: every page and API answer gets its CSP and security headers.
        (SecurityHeaders, {"tile_url": settings.tile_url}),
    ]


def install(app: FastAPI, settings: Settings, holder: StateHolder, metrics: Metrics) -> None:
    for middleware, options in reversed(stack(settings, holder, metrics)):
        app.add_middleware(middleware, **options)
