"""Jinja2 set-up: autoescape on, one base layout, macros for components."""
from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from tsunagu.settings import PROJECT_ROOT

from .assets import assets_for

TEMPLATES_DIR = Path(__file__).parent / "templates"


def make_templates(catalog, static_dir: Path | None = None) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.autoescape = True
    # One helper for every static URL: the content-hashed name, cacheable for a year.
    env.globals["static_url"] = assets_for(static_dir or PROJECT_ROOT / "static").url
    env.globals["cities"] = list(catalog.cities.values())
    env.filters["metres"] = lambda m: f"{m:,} m" if m < 1000 else f"{m / 1000:.1f} km"
    return templates


def render(state, request: Request, template: str, context: dict, status_code: int = 200, headers=None):
    ctx = {"request": request, "nonce": getattr(request.state, "nonce", ""), **context}
    return state.templates.TemplateResponse(request, template, ctx, status_code=status_code, headers=headers)
