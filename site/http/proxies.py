"""Which address a request comes from: the peer, unless the peer is a proxy named in TSUNAGU_TRUSTED_PROXIES.

The sign-in and suggestion limits and the audit log count by address. If any peer's X-Forwarded-For were
believed, anyone able to reach the server directly (a local program, when it listens on 127.0.0.1) could
pick a new address per request and never be limited (issue 26.4: 30/30 suggestions stored with a rotating
header, a locked name signing in with a new one). So nothing is believed by default — `tsunagu serve` also
tells uvicorn not to rewrite the address itself — and behind a proxy the chain is walked from the right,
through listed proxies only: the first address that is not a listed proxy is the client.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(names: Iterable[str]) -> list[Network]:
    """Addresses or networks ("10.0.0.5", "10.0.0.0/8", "::1"); a bad entry stops the server at start."""
    found = []
    for name in names:
        try:
            found.append(ipaddress.ip_network(name.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"TSUNAGU_TRUSTED_PROXIES: 「{name}」はアドレスとして読めません") from exc
    return found


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1:text.index("]")]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(peer: str, forwarded_for: str, trusted: list[Network]) -> str:
    """The client's address for a request from `peer` carrying `forwarded_for` (all its values, joined)."""
    def is_trusted(address) -> bool:
        return address is not None and any(address in net for net in trusted)

    if not trusted or not is_trusted(_ip(peer)):
        return peer
    client = peer
    for hop in reversed([h for h in forwarded_for.split(",") if h.strip()]):
        address = _ip(hop)
        if address is None:  # not an address: whatever is left of it was written by the client
            break
        client = str(address)
        if not is_trusted(address):
            break
    return client


def forwarded(scope, trusted: list[Network]):
    """The scope with its client (and scheme, from X-Forwarded-Proto) rewritten only when the peer is a listed
    proxy, so request.client and request.url mean the same everywhere after it (site/http/front.py)."""
    if not trusted or scope["type"] not in ("http", "websocket") or not scope.get("client"):
        return scope
    peer, port = scope["client"]
    headers: dict[str, str] = {}
    for key, value in scope["headers"]:
        if key in (b"x-forwarded-for", b"x-forwarded-proto"):
            name = key.decode("latin-1")
            headers[name] = f"{headers[name]},{value.decode('latin-1')}" if name in headers else value.decode("latin-1")
    client = client_address(peer, headers.get("x-forwarded-for", ""), trusted)
    if client != peer:
        scope = dict(scope, client=(client, port))
        proto = headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
        if proto in ("http", "https"):
            scope["scheme"] = proto if scope["type"] == "http" else {"http": "ws", "https": "wss"}[proto]
    return scope
