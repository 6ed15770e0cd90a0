"""FastAPI application factory."""
from __future__ import annotations

from fastapi import FastAPI

from tsunagu.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(title="つなぐ Tsunagu")

    @app.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok"}

    return app
