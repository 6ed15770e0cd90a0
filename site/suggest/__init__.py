"""Public suggestion forms (/{city}/suggest, /{city}/resources/{id}/suggest), receipts (/suggest/status/…)
and the reviewers' queue of suggestions (/staff/suggestions/). Mounted after the staff console, whose
database, sessions and publisher they use."""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI

from tsunagu.settings import Settings
from tsunagu.suggest import tokens
from tsunagu.suggest.abuse import AttemptLimiter, Limits

from . import routes_public, routes_review


@dataclass
class SuggestRuntime:
    key: bytes
    limiter: AttemptLimiter
    limits: Limits
    min_fill_seconds: float


def mount(app: FastAPI, settings: Settings) -> SuggestRuntime:
    runtime = SuggestRuntime(tokens.shared_secret(app.state.staff.store, settings.var_dir), AttemptLimiter(settings.suggest_attempts_per_minute),
                             Limits(settings.suggest_per_client_per_hour, settings.suggest_per_city_per_hour),
                             settings.suggest_min_fill_seconds)
    app.state.suggest = runtime
    app.include_router(routes_review.router)
    app.include_router(routes_public.router)
    return runtime
