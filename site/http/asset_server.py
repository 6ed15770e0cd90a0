"""Hashed static assets answered from memory, ahead of every page middleware.

A hashed name (`/static/css/site.3f2a9c81d0e4.css`) names fixed bytes, so its whole answer —
body, gzipped body, headers, security headers included — is made once at start-up. A request for
one is answered here, outermost, without the build pinning, ETag hashing, gzip, nonce or routing a
page needs. Anything else under /static/ (plain names, older hashes, HEAD of a missing file, POST)
goes on to the normal stack (site/assets.py), which answers it as before.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..assets import IMMUTABLE, Assets

Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class Prepared:
    etag: bytes
    body: bytes
    packed: bytes | None  # gzipped once, or None where gzip does not pay (images)
    plain_headers: Headers
    packed_headers: Headers
    not_modified_headers: Headers


def prepare(assets: Assets, security: Headers) -> dict[str, Prepared]:
    """URL path -> its answer, for every hashed file held in memory."""
    table = {}
    for rel, (body, packed, media) in assets.blobs.items():
        name = assets.hashed[rel]
        etag = f'"{name}"'.encode()
        content_type = f"{media}; charset=utf-8" if media.startswith("text/") else media
        common = [(b"cache-control", IMMUTABLE.encode()), (b"etag", etag), (b"vary", b"Accept-Encoding")]
        typed = [(b"content-type", content_type.encode()), *common]
        table["/static/" + name] = Prepared(
            etag=etag, body=body, packed=packed,
            plain_headers=[(b"content-length", str(len(body)).encode()), *typed, *security],
            packed_headers=([(b"content-length", str(len(packed)).encode()), (b"content-encoding", b"gzip"),
                             *typed, *security] if packed is not None else []),
            not_modified_headers=[*common, *security])
    return table


@lru_cache(maxsize=64)
def accepts_gzip(accept_encoding: bytes) -> bool:
    """RFC 9110 12.5.3: gzip (or x-gzip, or *) listed without q=0. Few distinct values: cached."""
    allowed = None
    for part in accept_encoding.decode("latin-1").lower().split(","):
        coding, _, params = part.partition(";")
        coding = coding.strip()
        if coding not in ("gzip", "x-gzip", "*"):
            continue
        q = params.replace(" ", "")
        refused = q.startswith("q=") and q[2:].rstrip("0").rstrip(".") in ("0", "")
        if coding != "*" or allowed is None:  # an explicit gzip entry outranks "*"
            allowed = not refused
    return bool(allowed)


def etag_matches(if_none_match: bytes, etag: bytes) -> bool:
    """Weak comparison (RFC 9110 13.1.2), as for pages (site/http/caching.py)."""
    tags = [t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")]
    return b"*" in tags or etag in tags


async def serve(hit: Prepared, scope, send) -> None:
    """Answer a request for a hashed file from memory (GET or HEAD; the caller checked): 304, gzipped or plain."""
    gzip_ok, asked = False, b""
    for key, value in scope["headers"]:
        if key == b"accept-encoding":
            gzip_ok = accepts_gzip(value)
        elif key == b"if-none-match":
            asked = value
    if asked and etag_matches(asked, hit.etag):
        await send({"type": "http.response.start", "status": 304, "headers": hit.not_modified_headers})
        await send({"type": "http.response.body", "body": b""})
        return
    packed = gzip_ok and hit.packed is not None
    await send({"type": "http.response.start", "status": 200,
                "headers": hit.packed_headers if packed else hit.plain_headers})
    body = b"" if scope["method"] == "HEAD" else hit.packed if packed else hit.body
    await send({"type": "http.response.body", "body": body})
