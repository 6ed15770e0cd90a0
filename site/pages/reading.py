"""How this request is read: its interface language and whether kanji get ふりがな (issue 30.1, 30.4).

The one place the choice is made, once per request, for pages, catalogs, ruby and caching alike:

* `?lang=ja|en|easy` / `?ruby=1|0` in the query win; then the `lang` / `ruby` cookies (the choice
  is kept there when made in a query); then `Accept-Language` (English only if the browser prefers
  it to Japanese; やさしい日本語 has no language tag of its own, so it is only ever chosen);
* `ruby` defaults to on for やさしい日本語 and off otherwise;
* the staff console stays Japanese whatever was chosen (its words are the staff's own working terms).

`reading_of(scope)` resolves it and keeps it in `scope["state"]["reading"]`, which Starlette shows as
`request.state.reading`; `current_reading()` gives it to code with no request at hand (the catalogs'
gettext, which macros call without the page's context). Templates see it as `reading`.
`keep_query(reading)` is what every link of the public site carries so the choice survives a click.
"""
from __future__ import annotations

import re
from contextlib import suppress
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, urlencode

Lang = Literal["ja", "en", "easy"]
LANGS: tuple[Lang, ...] = ("ja", "en", "easy")
LANG_COOKIE = "lang"
RUBY_COOKIE = "ruby"
# Each language's name in its own words, for the switch (a reader finds the one they can read).
OWN_NAMES: dict[Lang, str] = {"en": "English", "easy": "やさしい にほんご", "ja": "日本語"}
# The `<html lang>` / hreflang of each: やさしい日本語 is Japanese to a screen reader.
HTML_LANG: dict[Lang, str] = {"ja": "ja", "en": "en", "easy": "ja"}
HREFLANG: dict[Lang, str] = {"ja": "ja", "en": "en", "easy": "ja-x-easy"}


@dataclass(frozen=True)
class Reading:
    lang: Lang
    ruby: bool

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]

    @property
    def is_default(self) -> bool:
        return self == DEFAULT


DEFAULT = Reading("ja", False)
_current: ContextVar[Reading] = ContextVar("tsunagu_reading", default=DEFAULT)


def ruby_default(lang: Lang) -> bool:
    return lang == "easy"


def _lang(value: str | None) -> Lang | None:
    return value if value in LANGS else None


def _flag(value: str | None) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


def cookies(header: str) -> dict[str, str]:
    """The Cookie header as a dict (no quoting: our own values are plain words)."""
    out: dict[str, str] = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            out[name] = value
    return out


def other_cookies(header: str) -> bool:
    """Whether the request carries any cookie but the reading's own (a session, a CSRF token …):
    the reading cookies alone do not make a page personal, so it can still be cached by its ETag."""
    return any(name not in (LANG_COOKIE, RUBY_COOKIE) for name in cookies(header))


_AL_ITEM = re.compile(r"^\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9-]*)?\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def from_accept_language(header: str) -> Lang:
    """English if the browser ranks English above Japanese; otherwise Japanese (the site's source)."""
    best: dict[str, float] = {}
    for item in header.split(",")[:20]:  # a long header is not worth reading to the end
        m = _AL_ITEM.match(item)
        if m:
            lang, q = m.group(1).lower(), float(m.group(2) or 1)
            best[lang] = max(best.get(lang, 0.0), q)
    en, ja = best.get("en", 0.0), best.get("ja", 0.0)
    return "en" if en > 0 and en > ja else "ja"


def resolve(query: str, cookie_header: str, accept_language: str) -> Reading:
    asked = dict(parse_qsl(query))
    kept = cookies(cookie_header)
    lang = _lang(asked.get("lang")) or _lang(kept.get(LANG_COOKIE)) or from_accept_language(accept_language)
    ruby = _flag(asked.get("ruby"))
    if ruby is None:
        # A kept ruby choice belongs to the language it was made in unless the query changed language.
        ruby = _flag(kept.get(RUBY_COOKIE)) if "lang" not in asked else None
    return Reading(lang, ruby_default(lang) if ruby is None else ruby)


def _header(scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return ""


def is_staff(path: str) -> bool:
    return path == "/staff" or path.startswith("/staff/")


def always_japanese(path: str) -> bool:
    """The staff console and the machine answers (API, OpenAPI, health) are Japanese whatever was chosen:
    the API's contract is its Japanese messages."""
    return is_staff(path) or path.startswith(("/api/", "/openapi.json", "/healthz"))


def reading_of(scope) -> Reading:
    """The request's reading, resolved once and kept in the scope's state (`request.state.reading`)."""
    state = scope.setdefault("state", {})
    reading = state.get("reading")
    if reading is None:
        if always_japanese(scope.get("path", "")):
            reading = DEFAULT
        else:
            query = scope.get("query_string", b"").decode("latin-1")
            reading = resolve(query, _header(scope, b"cookie"), _header(scope, b"accept-language"))
        state["reading"] = reading
    return reading


def set_current(reading: Reading):
    """Make `reading` the current one for this task (returns the token to reset it)."""
    return _current.set(reading)


def reset_current(token) -> None:
    with suppress(ValueError):  # reset from another context (a body streamed after the handler returned)
        _current.reset(token)


def current_reading() -> Reading:
    return _current.get()


def keep_query(reading: Reading) -> list[tuple[str, str]]:
    """The query parameters a link carries so the reading survives a click ([] for plain Japanese)."""
    params: list[tuple[str, str]] = []
    if reading.lang != "ja":
        params.append(("lang", reading.lang))
    if reading.ruby != ruby_default(reading.lang):
        params.append(("ruby", "1" if reading.ruby else "0"))
    return params


def with_reading(url: str, reading: Reading) -> str:
    """`url` with the reading's parameters (any it already had replaced); fragments are kept."""
    keep = keep_query(reading)
    if not keep:
        return url
    url, hash_, fragment = url.partition("#")
    path, _, query = url.partition("?")
    rest = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in ("lang", "ruby")]
    return f"{path}?{urlencode(rest + keep)}{hash_}{fragment}"


def _switch_base(path: str, query: str) -> str:
    """`path?` with the query's own parameters (not lang/ruby) encoded, ready for one `lang=`."""
    rest = urlencode([(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in ("lang", "ruby")])
    return f"{path}?{rest}&" if rest else f"{path}?"


def switch_url(path: str, query: str, lang: Lang) -> str:
    """This page in `lang`: the query kept, the language named (so the cookie follows), ruby back to
    that language's default."""
    return f"{_switch_base(path, query)}{urlencode([('lang', lang)])}"


@dataclass(frozen=True)
class LanguageLink:
    lang: Lang
    name: str  # in its own words
    url: str
    current: bool

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]

    @property
    def hreflang(self) -> str:
        return HREFLANG[self.lang]


def language_links(path: str, query: str, reading: Reading) -> list[LanguageLink]:
    """This page in each language, for the switch on every page and the `hreflang` alternates."""
    base = _switch_base(path, query)  # the query is read once for the three links
    return [LanguageLink(lang, OWN_NAMES[lang], f"{base}lang={lang}", lang == reading.lang)
            for lang in ("ja", "easy", "en")]


class CurrentReading:
    """`reading` in every template: the request's reading, wherever the template is rendered from
    (a macro imported without context, a card kept for many pages)."""

    @property
    def lang(self) -> Lang:
        return current_reading().lang

    @property
    def ruby(self) -> bool:
        return current_reading().ruby

    @property
    def html_lang(self) -> str:
        return current_reading().html_lang

    @property
    def is_default(self) -> bool:
        return current_reading().is_default
