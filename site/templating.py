"""Jinja2 set-up: autoescape on, one base layout, macros for components.

One environment per loaded build (its globals name the build's cities). Templates are code: they
are not checked for changes on every render (a deploy restarts the server), and their compiled
form is kept for the process, so a hot reload to a new build does not compile them again.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from tsunagu.settings import PROJECT_ROOT

from .assets import assets_for

TEMPLATES_DIR = Path(__file__).parent / "templates"


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
    env.globals["static_url"] = assets_for(static_dir or PROJECT_ROOT / "static").url
    env.globals["cities"] = list(catalog.cities.values())
    env.filters["metres"] = lambda m: f"{m:,} m" if m < 1000 else f"{m / 1000:.1f} km"
    return templates


def render(state, request: Request, template: str, context: dict, status_code: int = 200, headers=None):
    ctx = {"request": request, "nonce": getattr(request.state, "nonce", ""), **context}
    return state.templates.TemplateResponse(request, template, ctx, status_code=status_code, headers=headers)
