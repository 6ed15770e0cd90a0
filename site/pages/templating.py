"""Jinja2 set-up: autoescape on, one base layout, macros for components.

One environment per loaded build (its globals name the build's cities). Templates are code: they
are not checked for changes on every render (a deploy restarts the server), and their compiled
form is kept for the process, so a hot reload to a new build does not compile them again.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from markupsafe import Markup

from tsunagu.paths import STATIC_DIR

from ..assets import assets_for
from . import i18n
from .answer_words import answer_words
from .reading import CurrentReading, current_reading, language_links
from .schedule_view import when_text
from .timefmt import jst
from .views import ResourceView, shared_cards

TEMPLATES_DIR = Path(__file__).parent.parent / "templates"
# A record shows up at a few list numbers in practice; a crawler paging through every search
# must not make it keep one card per number (cards are ~1.5 KB).
MAX_CARDS_PER_VIEW = 8


class ProcessBytecodeCache(BytecodeCache):
    """Compiled templates in memory for the process. Jinja keys a bucket by the template's name and
    a checksum of its source, so an edited template compiles afresh."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


BYTECODE = ProcessBytecodeCache()


def make_templates(catalog, static_dir: Path | None = None) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.autoescape = True
    env.auto_reload = False  # no stat() of every template and macro file per page
    env.bytecode_cache = BYTECODE
    # One helper for every static URL: the content-hashed name, cacheable for a year.
    env.globals["static_url"] = assets_for(static_dir or STATIC_DIR).url
    env.globals["cities"] = list(catalog.cities.values())
    env.filters["jst"] = jst  # staff times: stored in UTC, shown in Japan time
    env.filters["metres"] = lambda m: f"{m:,} m" if m < 1000 else f"{m / 1000:.1f} km"
    env.globals["resource_card"] = card_renderer(env)
    install_reading(env)
    return templates


def install_reading(env: Environment) -> None:
    """The reader's language in every template: the catalogs (`_`, `{% trans %}`, `tr`), `reading`
    and the language switch's links (pages/reading.py, pages/i18n.py)."""
    i18n.install(env)
    env.globals["reading"] = CurrentReading()
    env.globals["when_text"] = when_text
    env.filters["answer_words"] = answer_words
    env.globals["language_links"] = lambda request: language_links(
        request.url.path, request.url.query, current_reading())
    env.globals["once"] = once_per_reading()


MAX_KEPT_PARTS = 1000  # a few parts × cities × readings; a bound all the same


def once_per_reading():
    """`once(name, macro, *args)`: a layout part that is the same on every page in a reading (language and
    ふりがな) given its arguments — the footer, a city's menu — rendered once and kept for the environment's
    life (one build). The key holds all the macro reads: its name, its arguments and the reading; the kept
    Markup is the macro's own autoescaped output (issue 25.5: the layout was 40 % of the desk page)."""
    kept: dict[tuple, Markup] = {}

    def once(name: str, macro, *args) -> Markup:
        key = (name, current_reading(), *args)
        part = kept.get(key)
        if part is None:
            part = macro(*args)
            if len(kept) < MAX_KEPT_PARTS:
                kept[key] = part
        return part

    return once


def card_renderer(env: Environment):
    """`resource_card(item, level)`: the `resource_item` macro's card, kept with the record's shared view.

    A card shows nothing of the request but its list number, so a record listed at the same number
    shows the same card on every page until the build or the day changes (the view cache's own life).
    Search pages make 20 cards each; this renders each once. The macro's output is autoescaped: the
    cache keeps escaped HTML, it marks nothing safe. A card with a distance (the near page) or of a view
    outside the cache (a staff preview) is rendered every time."""
    macro = None

    def resource_card(item: ResourceView, heading_level: int = 3) -> Markup:
        nonlocal macro
        if macro is None:
            macro = env.get_template("macros/components.html").module.resource_item  # type: ignore[attr-defined]
        cards = shared_cards(item)
        if cards is None or item.distance_m is not None:
            return macro(item, heading_level)
        key = (item.number, heading_level, current_reading())  # a card is in its reader's words
        card = cards.get(key)
        if card is None:
            card = macro(item, heading_level)
            if len(cards) < MAX_CARDS_PER_VIEW:
                cards[key] = card
        return card

    return resource_card


def render(state, request: Request, template: str, context: Mapping[str, Any], status_code: int = 200, headers=None):
    ctx = {"request": request, "nonce": getattr(request.state, "nonce", ""), **context}
    return state.templates.TemplateResponse(request, template, ctx, status_code=status_code, headers=headers)
