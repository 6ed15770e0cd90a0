"""The innermost layer: security headers on every answer, and the reader's reading on every public page.

Two layers every page passed (issue 25.5), folded into one with one send wrapper; their order is kept: the
security headers are set on the route's answer first (http/security.py: the CSP with the request's nonce,
`request.state.nonce` for the templates), then the reading's work (http/reading.py: the current reading for
the catalogs' gettext, the `lang`/`ruby` cookies, ふりがな and the links that keep the reading). It sits
inside the gzip, which packs the page it may rewrite. Files under /static/ and the staff console get the
security headers only.
"""
from __future__ import annotations

import gzip

from ..pages.reading import Reading, is_staff, keep_query, reading_of, reset_current, set_current
from .reading import cookies_to_set, header, location, rewrite_links
from .ruby import ruby_body
from .security import img_sources, request_headers, with_security

Extra = list[tuple[bytes, bytes]]


class Inner:
    """Pure ASGI middleware; its place in the stack (innermost) is set in site/http/middleware.py."""

    def __init__(self, app, tile_url: str):
        self.app = app
        self.img_src = img_sources(tile_url)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = request_headers(scope, self.img_src)
        if scope["path"].startswith("/static/") or is_staff(scope["path"]):
            await self.app(scope, receive, _secured(send, extra))
            return
        reading = reading_of(scope)
        token = set_current(reading)
        try:
            query = scope.get("query_string", b"").decode("latin-1")
            set_cookie = cookies_to_set(query, header(scope, b"cookie"), reading)
            if not set_cookie and not keep_query(reading):
                await self.app(scope, receive, _secured(send, extra))
            else:
                await self.app(scope, receive, _kept(scope, send, extra, reading, set_cookie))
        finally:
            reset_current(token)


def _secured(send, extra: Extra):
    async def send_wrapper(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": with_security(message.get("headers", []), extra)}
        await send(message)

    return send_wrapper


def _kept(scope, send, extra: Extra, reading: Reading, set_cookie: list[bytes]):
    """The send of a page whose reading is kept: cookies set, the redirect's Location and the links rewritten
    (a page is held until its last byte, then rewritten; the gzip outside packs it)."""
    rewrite = bool(keep_query(reading))
    held: dict = {}
    chunks: list[bytes] = []

    async def send_wrapper(message):
        if message["type"] == "http.response.start":
            headers = with_security(message.get("headers", []), extra)
            headers += [(b"set-cookie", c) for c in set_cookie]
            if rewrite:
                headers = [(k, location(v, reading) if k.lower() == b"location" else v) for k, v in headers]
            encodings = [v for k, v in headers if k.lower() == b"content-encoding"]
            page = rewrite and any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers) \
                and encodings in ([], [b"gzip"])
            if not page:
                await send({**message, "headers": headers})
                return
            held["start"] = {**message, "headers": headers}
            return
        if message["type"] == "http.response.body" and "start" in held:
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            if any(k.lower() == b"content-encoding" for k, _ in held["start"]["headers"]):
                # a page kept gzipped (the area guides): opened to keep its links; the gzip outside packs it again
                body = gzip.decompress(body)
            if reading.ruby:  # ふりがな between the body's tags (http/ruby.py), before the links are kept
                body = ruby_body(body, scope)
            body = rewrite_links(body, reading)
            start = held.pop("start")
            start["headers"] = [(k, v) for k, v in start["headers"]
                                if k.lower() not in (b"content-length", b"content-encoding")] + [
                (b"content-length", str(len(body)).encode())]
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        await send(message)

    return send_wrapper
