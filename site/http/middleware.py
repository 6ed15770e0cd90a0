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
from .caching import HttpCaching
from .front import Front
from .inner import Inner
from .metrics import Metrics
from .proxies import networks
from .security import static_headers

GZIP_LEVEL = 4  # Starlette's default 9 took 1.5–2× the CPU per page for 1–2 % fewer bytes


def stack(settings: Settings, holder: StateHolder, metrics: Metrics) -> list[tuple[type, dict[str, Any]]]:
    """(middleware, options), outermost first. Every page passes each layer (a coroutine frame and a send
    wrapper a message), so pieces that sit next to each other are folded into one (issue 25.5: ten were
    40 % of the desk page's middleware time); each folded layer keeps its pieces' order inside."""
    return [
        # Outermost (site/http/front.py): the /metrics timer around every answer (static files too, labelled by
        # route template); then the client (and scheme) as every later piece should see it — the peer's own
        # unless the peer is a proxy named in TSUNAGU_TRUSTED_PROXIES; then hashed static files from memory,
        # before any page middleware runs (no build, no gzip, no ETag work).
        (Front, {"metrics": metrics, "trusted": networks(settings.trusted_proxies),
                 "assets": assets_for(settings.static_dir), "security": static_headers(settings.tile_url)}),
        # /staff only: never cached or indexed, bodies capped (the refusal is audited); other paths pass through.
        (StaffHeaders, {}),
        # The request's build stays leased until the last byte of the response has gone.
        (PinState, {"holder": holder}),
        # Inside the pinning: the ETag names the pinned build (and the code and the day). HEAD is answered
        # here as GET without the body (http/head.py); it needs no build of its own.
        (HttpCaching, {"salt": repr(settings)}),
        (GZipMiddleware, {"minimum_size": 1000, "compresslevel": GZIP_LEVEL}),
        # Inside the gzip (site/http/inner.py): every page and API answer gets its CSP and security headers;
        # then the reader's language and ふりがな for the page, kept in its links (it may rewrite the page).
        # The caching above resolves the same reading for the ETag.
        (Inner, {"tile_url": settings.tile_url}),
    ]


def install(app: FastAPI, settings: Settings, holder: StateHolder, metrics: Metrics) -> None:
    for middleware, options in reversed(stack(settings, holder, metrics)):
        app.add_middleware(middleware, **options)
