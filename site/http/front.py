"""The outermost layer: the metrics timer, the client's address behind a proxy and the hashed static files.

These were three layers every request passed (issue 25.5): each a coroutine frame and, for the timer, a send
wrapper per message. Folded into one they keep their order, which is the order of the code below:
1. the timer starts first and observes last, so it times every answer, static files included, labelled by
   the route that answered (metrics.route_label);
2. the client (and scheme) as every later piece should see it — the peer's own unless the peer is a proxy
   named in TSUNAGU_TRUSTED_PROXIES (proxies.forwarded);
3. a hashed static file is answered from memory (asset_server.serve) before any page middleware runs.
"""
from __future__ import annotations

import time

from .asset_server import Headers, prepare, serve
from .metrics import Metrics, route_label
from .proxies import Network, forwarded


class Front:
    """Pure ASGI middleware; its place in the stack (outermost) is set in site/http/middleware.py."""

    def __init__(self, app, metrics: Metrics, trusted: list[Network], assets, security: Headers):
        self.app = app
        self.metrics = metrics
        self.trusted = trusted
        self.table = prepare(assets, security)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(forwarded(scope, self.trusted), receive, send)
            return
        scope = forwarded(scope, self.trusted)  # a copy when rewritten: the router writes its route into this one
        started = time.perf_counter()
        status = 500

        async def sending(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            hit = self.table.get(scope["path"])
            if hit is not None and scope["method"] in ("GET", "HEAD"):
                await serve(hit, scope, sending)
            else:
                await self.app(scope, receive, sending)
        finally:
            self.metrics.observe(route_label(scope), status, time.perf_counter() - started)
