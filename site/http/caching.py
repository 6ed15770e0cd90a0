"""Cache-Control and ETag for everything but /static (see site/assets.py for that).

Policy (README "HTTP caching"):
* an answer for an address — `/desk`, `/near` and their API twins with a query — is personal (a
  parent's address, typed on a library PC): `no-store`, never kept by the browser or a proxy;
* a search with words (`q`) says what worries someone: `private, max-age=60`, the visitor's own
  browser only;
* other pages and API answers: `public, max-age=60`; the area guides' PDF and map image: 300 s;
* `/healthz` and anything that is not a 200: `no-store`;
* anything sent with a cookie or credentials, or setting a cookie (staff pages, sessions, CSRF
  tokens), and anything but GET: `no-store` — the URL alone does not say what such a page holds.
A page is a function of the URL, the served build, the code, the settings, the day (next dates and
"not checked for a long time" marks move at midnight) and the reading (language and ふりがな, which a
plain URL takes from the `lang`/`ruby` cookies or Accept-Language: pages/reading.py), so its ETag is a
hash of those and is known before the page is made: a matching If-None-Match gets a 304 without
rendering. Pages say `Vary: Accept-Language, Cookie` for the same reason; the reading cookies alone do
not make a page personal (any other cookie still does).
The 304 carries no Content-Security-Policy, so the browser keeps the nonce that matches its copy.
"""
from __future__ import annotations

import hashlib
import re

from tsunagu.paths import code_hash_paths

from ..pages.reading import other_cookies, reading_of
from ..pages.views import service_days
from .head import allow_head

PERSONAL = re.compile(r"^/(?:api/v1/)?[^/]+/(?:desk|near)$")
SEARCH = re.compile(r"^/(?:api/v1/)?[^/]+/search$")
ARTEFACT = re.compile(r"\.(?:pdf|png|geojson)$")
PAGE = "public, max-age=60"
PRIVATE = "private, max-age=60"
ARTEFACT_CACHE = "public, max-age=300"
NO_STORE = "no-store"
# What a page's words depend on besides its URL (the reading: http/reading.py); API answers and
# files named by content do not read it.
READING_VARY = b"Accept-Language, Cookie"
UNREAD = ("/api/", "/openapi.json", "/healthz", "/staff")


def code_version() -> str:
    """A hash of the program's source and templates: a deploy changes every ETag."""
    h = hashlib.sha256()
    for name, path in code_hash_paths((".py", ".html", ".po")):  # .po: the catalogs are served as read
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def policy(path: str, query: str) -> str:
    if path == "/healthz" or path.startswith("/staff"):  # the staff console is personal
        return NO_STORE
    if PERSONAL.match(path) and query:
        return NO_STORE
    if SEARCH.match(path) and re.search(r"(?:^|&)q=[^&]", query):
        return PRIVATE
    return ARTEFACT_CACHE if ARTEFACT.search(path) else PAGE


def matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored."""
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag.removeprefix("W/") in tags


class HttpCaching:
    """Pure ASGI middleware, inside the build pinning (it needs the pinned build's id). It also answers HEAD
    as GET without the body (http/head.py), everywhere, /static/ included: one layer instead of two."""

    def __init__(self, app, salt: str = ""):
        self.app = app
        # `salt`: anything else pages depend on (the settings, e.g. the tile server).
        self.version = hashlib.sha256(f"{code_version()}\0{salt}".encode()).hexdigest()[:16]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            # A copy: the server keeps its own scope and so still knows not to send a body.
            scope = {**scope, "method": "GET"}
        rules = None if scope["path"].startswith("/static/") else self.rules(scope)
        if rules is not None and rules[2]:
            await send({"type": "http.response.start", "status": 304, "headers": rules[2]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                if message["status"] == 405:
                    headers = allow_head(headers)
                if rules is not None:
                    headers = _cache_headers(list(headers), message["status"], *rules[:2], reads=rules[3])
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and head:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(scope, receive, send_wrapper)

    def rules(self, scope) -> tuple[str, str | None, list | None, bool]:
        """(Cache-Control, ETag or None, the 304's headers when If-None-Match matches, whether the page reads
        the reading): known before the page is made."""
        path, query = scope["path"], scope.get("query_string", b"").decode("latin-1")
        personal = scope["method"] != "GET" or other_cookies(_header(scope, b"cookie")) or _header(scope, b"authorization")
        cache = NO_STORE if personal else policy(path, query)
        state = scope.get("state", {}).get("tsunagu")
        reads = not path.startswith(UNREAD)
        if cache == NO_STORE or state is None:
            return cache, None, None, reads
        reading = reading_of(scope) if reads else None
        key = f"{self.version}\0{state.build_id}\0{service_days()}\0{path}\0{query}\0{reading}"
        etag = f'W/"{hashlib.sha256(key.encode()).hexdigest()[:24]}"'
        asked = _header(scope, b"if-none-match")
        if asked and matches(asked, etag):
            vary = b"Accept-Encoding, " + READING_VARY if reads else b"Accept-Encoding"
            return cache, etag, [(b"etag", etag.encode()), (b"cache-control", cache.encode()), (b"vary", vary)], reads
        return cache, etag, None, reads


def _cache_headers(headers: list, status: int, cache: str, etag: str | None, reads: bool) -> list:
    ok = status == 200 and not any(k.lower() == b"set-cookie" for k, _ in headers)
    if not any(k.lower() == b"cache-control" for k, _ in headers):  # a route may know better
        headers.append((b"cache-control", (cache if ok else NO_STORE).encode()))
    if ok and etag and cache != NO_STORE:
        headers = [(k, v) for k, v in headers if k.lower() != b"etag"] + [(b"etag", etag.encode())]
    if reads:
        headers = _add_vary(headers, READING_VARY)
    return headers


def _add_vary(headers: list, value: bytes) -> list:
    old = b", ".join(v for k, v in headers if k.lower() == b"vary")
    merged = b", ".join(x for x in (old, value) if x)
    return [(k, v) for k, v in headers if k.lower() != b"vary"] + [(b"vary", merged)]


def _header(scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return ""
