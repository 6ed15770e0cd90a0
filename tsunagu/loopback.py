"""An app served for real by uvicorn on a free loopback port, in a thread of this process.

The one way the browser tests and the benchmarks start a server in-process (a served app, real sockets,
its lifespan run), so a fix to how a test server starts or stops is made once.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn


class ServerDidNotStart(RuntimeError):
    pass


@contextmanager
def serve_in_thread(app, *, timeout: float = 60) -> Iterator[str]:
    """Yields the server's URL once GET /healthz answers 200; stops the server on leaving."""

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # a free port, held until uvicorn takes the socket over
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="uvicorn", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + timeout
        while not healthy(url):
            if time.monotonic() > deadline or not thread.is_alive():
                raise ServerDidNotStart(f"uvicorn did not answer GET {url}/healthz with 200 within {timeout:.0f} s")
            time.sleep(0.1)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
