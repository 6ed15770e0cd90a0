"""The reading (interface language, ふりがな) put on every request and kept across clicks (issue 30.1).

Done by the innermost layer (http/inner.py), inside the gzip (it reads and may rewrite the page before it is packed):
* resolves the request's reading once (`pages.reading.reading_of`: `request.state.reading`) and makes
  it the current one for the catalogs' gettext;
* keeps a choice made in the query in the `lang` / `ruby` cookies (only when it changed: a response
  that sets a cookie is not cached, see http/caching.py);
* keeps the reading in every link of a public page: each internal `href` and POST form `action` gets
  `lang`/`ruby`, each GET form a hidden field (a GET form drops its action's query), and a redirect's
  `Location` too — so the choice survives a click even where cookies are refused, and a page's URL
  says which language it is in (what a shared link, a bookmark or a cache sees). Links that already
  name a language (the language switch) are left alone. A plain Japanese page is not rewritten.
The staff console is left alone: it stays Japanese.
"""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl

from ..pages.reading import (
    LANG_COOKIE,
    LANGS,
    RUBY_COOKIE,
    Reading,
    cookies,
    keep_query,
    with_reading,
)

YEAR = 365 * 24 * 3600
LINK = re.compile(rb'(<a\b[^>]*?\bhref|<link\b[^>]*?\bhref|<form\b[^>]*?\baction)="(/[^"/][^"]*|/)"')
FORM = re.compile(rb"<form\b[^>]*>")
# Files and machine answers whose URL must stay as it is (they read no language).
PLAIN = ("/static/", "/api/", "/openapi.json", "/docs", "/healthz", "/staff")


def _kept(url: str) -> bool:
    return not url.startswith(PLAIN) and "lang=" not in url


def rewrite_links(body: bytes, reading: Reading) -> bytes:
    """Every internal link of a page with the reading's parameters (see the module's docstring)."""
    params = keep_query(reading)
    hidden = b"".join(f'<input type="hidden" name="{k}" value="{v}">'.encode() for k, v in params)

    def link(m: re.Match) -> bytes:
        url = html.unescape(m.group(2).decode())
        if not _kept(url) or (m.group(1).startswith(b"<form") and _get_form(m.group(0))):
            return m.group(0)
        return m.group(1) + b'="' + html.escape(with_reading(url, reading)).encode() + b'"'

    def form(m: re.Match) -> bytes:
        tag = m.group(0)
        action = re.search(rb'action="([^"]*)"', tag)
        if _get_form(tag) and action and _kept(html.unescape(action.group(1).decode())):
            return tag + hidden
        return tag

    return FORM.sub(form, LINK.sub(link, body))


def _get_form(tag: bytes) -> bool:
    method = re.search(rb'method="([^"]*)"', tag)
    return method is None or method.group(1).lower() == b"get"


def cookies_to_set(query: str, cookie_header: str, reading: Reading) -> list[bytes]:
    """Set-Cookie values for a choice made in the query that the cookies do not hold yet."""
    asked, kept = dict(parse_qsl(query)), cookies(cookie_header)
    out = []
    if asked.get("lang") in LANGS and kept.get(LANG_COOKIE) != reading.lang:
        out.append(f"{LANG_COOKIE}={reading.lang}")
    if asked.get("ruby") in ("0", "1") and kept.get(RUBY_COOKIE) != asked["ruby"]:
        out.append(f"{RUBY_COOKIE}={asked['ruby']}")
    if "lang" in asked and "ruby" not in asked and RUBY_COOKIE in kept:
        out.append(f"{RUBY_COOKIE}=; Max-Age=0")  # a new language starts from its own ruby default
        return [c.encode() + b"; Path=/; SameSite=Lax" for c in out]
    return [c.encode() + f"; Path=/; Max-Age={YEAR}; SameSite=Lax".encode() for c in out]


def header(scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return ""


def location(value: bytes, reading: Reading) -> bytes:
    """A redirect's Location with the reading kept (an internal URL only)."""
    url = value.decode("latin-1")
    return with_reading(url, reading).encode("latin-1") if url.startswith("/") and _kept(url) else value
