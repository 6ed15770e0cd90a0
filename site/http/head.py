"""HEAD on every GET route, and `Allow` naming HEAD wherever GET is allowed.

FastAPI routes answer only the methods they declare, so HEAD got 405 on every page. HEAD is
answered as the GET would be (same status and headers, Content-Length included) with no body. The
HEAD-as-GET step itself runs in the caching layer (http/caching.py, `HttpCaching`), folded there so a
page passes one layer fewer (issue 25.5).
"""
from __future__ import annotations


def allow_head(headers: list) -> list:
    """`Allow` naming HEAD wherever it names GET (a 405's header)."""
    out = []
    for name, value in headers:
        if name.lower() != b"allow":
            out.append((name, value))
            continue
        methods = [m.strip() for m in value.decode("latin-1").split(",") if m.strip()]
        if "GET" in methods and "HEAD" not in methods:
            methods.append("HEAD")
        out.append((name, ", ".join(methods).encode("latin-1")))
    return out
