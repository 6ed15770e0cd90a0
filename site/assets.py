"""Static files under content-hashed names, so browsers may keep them for a year.

At start-up every file under static/ is hashed; templates ask `static_url("css/site.css")` and
get `/static/css/site.3f2a9c81d0e4.css`. A changed file gets a new name, so the old one can be
`immutable`. Names without a hash (Leaflet's images, which its CSS names relatively) and hashed
names that are no longer current (a page cached before a deploy) are served with a short max-age.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from functools import lru_cache
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles

IMMUTABLE = "public, max-age=31536000, immutable"
IN_MEMORY_LIMIT = 4 * 1024 * 1024  # per file: CSS, JS, icons (about 2 MB in all, Swagger UI included)
COMPRESSIBLE = (".css", ".js", ".svg", ".json", ".txt")
SHORT = "public, max-age=300"
HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")


class Assets:
    def __init__(self, static_dir: Path):
        self.static_dir = Path(static_dir)
        self.hashed: dict[str, str] = {}  # "css/site.css" -> "css/site.<hash>.css"
        self.original: dict[str, str] = {}  # and back
        # Hashed files are served from memory, gzipped once here rather than on every request.
        self.blobs: dict[str, tuple[bytes, bytes | None, str]] = {}  # rel -> (body, gzipped, media type)
        for path in sorted(self.static_dir.rglob("*")) if self.static_dir.is_dir() else []:
            if not path.is_file() or path.name.startswith("."):
                continue
            rel = path.relative_to(self.static_dir).as_posix()
            body = path.read_bytes()
            digest = hashlib.sha256(body).hexdigest()[:12]
            if len(body) <= IN_MEMORY_LIMIT:
                packed = gzip.compress(body, 6) if path.suffix in COMPRESSIBLE else None
                media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                self.blobs[rel] = (body, packed, media)
            name = f"{rel[: -len(path.suffix)]}.{digest}{path.suffix}" if path.suffix else f"{rel}.{digest}"
            self.hashed[rel] = name
            self.original[name] = rel

    def url(self, rel: str) -> str:
        """The URL templates use. An unknown file keeps its plain name (and 404s as before)."""
        return "/static/" + self.hashed.get(rel, rel)

    def resolve(self, name: str) -> tuple[str, bool]:
        """(file to serve, immutable?) for a requested name under /static/."""
        if name in self.original:
            return self.original[name], True
        match = HASHED.match(name)
        if match and f"{match['stem']}{match['suffix']}" in self.hashed:  # an older hash: serve today's file
            return f"{match['stem']}{match['suffix']}", False
        return name, False


@lru_cache(maxsize=8)
def assets_for(static_dir: Path) -> Assets:
    return Assets(static_dir)


class HashedStaticFiles(StaticFiles):
    def __init__(self, assets: Assets):
        super().__init__(directory=str(assets.static_dir), check_dir=False)
        self.assets = assets

    async def get_response(self, path: str, scope):
        real, immutable = self.assets.resolve(path.replace("\\", "/"))
        if immutable and real in self.assets.blobs and scope["method"] in ("GET", "HEAD"):  # else StaticFiles' 405
            return self.from_memory(real, scope)
        response = await super().get_response(real, scope)
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE if immutable else SHORT
        return response

    def from_memory(self, rel: str, scope) -> Response:
        body, packed, media = self.assets.blobs[rel]
        headers = {"Cache-Control": IMMUTABLE, "ETag": f'"{self.assets.hashed[rel]}"', "Vary": "Accept-Encoding"}
        accepts = b"gzip" in dict(scope.get("headers", [])).get(b"accept-encoding", b"")
        if packed is not None and accepts:
            headers["Content-Encoding"] = "gzip"  # the gzip middleware leaves encoded bodies alone
            body = packed
        return Response(body, media_type=media, headers=headers)
