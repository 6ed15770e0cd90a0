"""Public suggestion forms (/{city}/suggest, /{city}/resources/{id}/suggest), receipts (/suggest/status/…)
and the reviewers' queue of suggestions (/staff/suggestions/). Mounted after the staff console, whose
database, sessions and publisher they use."""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI

from tsunagu.settings import Settings
from tsunagu.suggest import tokens
from tsunagu.suggest.abuse import AttemptLimiter


@dataclass
class SuggestRuntime:
    key: bytes
    limiter: AttemptLimiter


def mount(app: FastAPI, settings: Settings) -> SuggestRuntime:
    from . import routes_public, routes_review
    runtime = SuggestRuntime(tokens.secret(settings.var_dir), AttemptLimiter())
    app.state.suggest = runtime
    app.include_router(routes_review.router)
    app.include_router(routes_public.router)
    return runtime
