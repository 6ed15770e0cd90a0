"""FastAPI application factory: load the build once, then serve it read-only."""
from __future__ import annotations

import logging

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from tsunagu.settings import Settings

from .catalog import Catalog
from .maps import MapRenderer
from .security import SecurityHeaders
from .state import AppState
from .templating import make_templates, render

log = logging.getLogger("tsunagu")


def load_state(settings: Settings) -> AppState:
    build = settings.current_build
    if not (build / "records.json").exists():
        raise RuntimeError(f"ビルドがありません: {build}。先に `tsunagu build` を実行してください")
    build = build.resolve()
    catalog = Catalog(build)
    from tsunagu.geo.engine import GeoEngine
    from tsunagu.search.searcher import Searcher
    geo = GeoEngine(settings.data_dir)
    searcher = Searcher(build / "index", settings.data_dir)
    maps = MapRenderer(build / "geo", settings.tile_url, settings.tile_attribution)
    return AppState(settings, catalog, geo, searcher, maps, make_templates(catalog))


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    state = load_state(settings)
    app = FastAPI(title="つなぐ Tsunagu API", description="地域の福祉資源（サロン・相談窓口・支援）の案内",
                  version="1", docs_url="/docs", redoc_url=None)
    app.state.tsunagu = state
    app.add_middleware(SecurityHeaders, tile_url=settings.tile_url)
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.mount("/static", StaticFiles(directory=str(settings.static_dir)), name="static")

    # Registered before the page routers: `/{city}` would otherwise swallow `/healthz`.
    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict:
        return {"status": "ok", "resources": len(state.catalog.resources)}

    from .staff import mount as mount_staff
    mount_staff(app, settings)  # /staff/ (registered before `/{city}/…` would claim it)
    from .routes import api, areas, desk, near, pages, search
    for module in (api, pages, search, desk, near, areas):
        app.include_router(module.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        title = "ページが見つかりません" if exc.status_code == 404 else "表示できません"
        return render(state, request, "error.html",
                      {"title": title, "status": exc.status_code, "detail": exc.detail}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "入力の形が正しくありません", "detail": exc.errors()}, status_code=422)
        return render(state, request, "error.html",
                      {"title": "入力の形が正しくありません", "status": 400, "detail": "URL の値を確かめてください"}, status_code=400)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "サーバーで問題が起きました"}, status_code=500)
        return render(state, request, "error.html",
                      {"title": "サーバーで問題が起きました", "status": 500,
                       "detail": "時間をおいてもう一度お試しください。"}, status_code=500)

    return app
