"""HEAD on every GET route, and `Allow` naming HEAD wherever GET is allowed.

FastAPI routes answer only the methods they declare, so HEAD got 405 on every page. HEAD is
answered as the GET would be (same status and headers, Content-Length included) with no body.
"""
from __future__ import annotations


class HeadAsGet:
    """Pure ASGI middleware; its place in the stack is set in site/http/middleware.py."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            # A copy: the server keeps its own scope and so still knows not to send a body.
            scope = {**scope, "method": "GET"}

        async def send_wrapper(message):
            if message["type"] == "http.response.start" and message["status"] == 405:
                message = {**message, "headers": _allow_head(message.get("headers", []))}
            elif message["type"] == "http.response.body" and head:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(scope, receive, send_wrapper)


def _allow_head(headers: list) -> list:
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
