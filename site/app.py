"""FastAPI application factory: load the build once, then serve it read-only."""
from __future__ import annotations

import errno
import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from tsunagu.build.output import Manifest
from tsunagu.catalog import Catalog
from tsunagu.geo.engine import GeoEngine
from tsunagu.search.gaps import flush_gaps
from tsunagu.search.searcher import Searcher
from tsunagu.settings import Settings

from .api import docs, hsds
from .api import routes as api
from .api.errors import install_api_errors
from .assets import HashedStaticFiles, assets_for
from .deps import State
from .http import middleware
from .http.metrics import Metrics
from .http.route_guard import guard
from .http.unavailable import staff_database_cached, storage_failed
from .layout_pool import LayoutPool
from .pages.contexts import ErrorContext
from .pages.maps import MapRenderer
from .pages.templating import make_templates, render
from .reload import StateHolder, Watcher
from .routes import areas, calendar, desk, layers, metrics, near, pages, search, sheet
from .staff import mount as mount_staff
from .state import AppState, get_state
from .suggest import mount as mount_suggest

log = logging.getLogger("tsunagu")


def load_build(settings: Settings, build: Path, previous: AppState | None = None) -> AppState:
    """Everything a request reads, from one build folder only (its `data/` is the build's snapshot).
    On a reload (`previous`), the geo engine is kept when the new build's reference data is the same."""
    snapshot = build / "data"
    if not snapshot.is_dir():
        raise RuntimeError(f"ビルド {build.name} は古い形式です（data の写しがありません）。`tsunagu build` をやり直してください")
    # cities are loaded on first use, at most city_cache at once; a reload keeps the unchanged ones loaded
    catalog = Catalog(build, max_cities=settings.city_cache, previous=previous.catalog if previous else None)
    geo = _geo_engine(build, previous)
    searcher = Searcher(build / "index", snapshot, cache=settings.search_cache, max_open=settings.city_cache)
    maps = MapRenderer(build / "layers", settings.tile_url, settings.tile_attribution)
    return AppState(settings, catalog, geo, searcher, maps, make_templates(catalog, settings.static_dir), build, build.name)


def _geo_engine(build: Path, previous: AppState | None):
    """The previous state's engine when both builds' manifests name the same reference data (a change of
    rows only, the usual approval): the engine reads its files only while it is made (geo/engine.py), so
    sharing it costs nothing and a reload skips a second copy of the tables. Otherwise a new one."""
    if previous is not None:
        old, new = Manifest.read(previous.build_path), Manifest.read(build)
        if old is not None and new is not None and new.reference and old.reference == new.reference:
            return previous.geo
    return GeoEngine(build / "data")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    served: list[StateHolder] = []

    def load(build: Path) -> AppState:
        # A reload keeps what did not change from the state being served (load_build); the first load has none.
        return load_build(settings, build, served[0].current if served else None)

    holder = StateHolder(settings, load)
    served.append(holder)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        watcher = Watcher(holder, settings.reload_seconds)
        watcher.start()
        try:
            yield
        finally:
            watcher.stop()
            holder.close()
            flush_gaps()  # the search-gap counts still queued

    app = FastAPI(title="つなぐ Tsunagu API", description="地域の福祉資源（サロン・相談窓口・支援）の案内",
                  version="1", docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.holder = holder
    app.state.metrics = Metrics(app.state)
    app.state.layout_pool = LayoutPool(per_minute=settings.sheets_per_minute)  # bounded layouts (site/layout_pool.py)
    middleware.install(app, settings, holder, app.state.metrics)  # the one list, outermost first
    app.mount("/static", HashedStaticFiles(assets_for(settings.static_dir)), name="static")
    _add_routes(app, settings)
    _add_error_handlers(app)
    return app


def _add_routes(app: FastAPI, settings: Settings) -> None:
    favicon = settings.static_dir / "favicon.ico"

    # Browsers ask for it on every site (a 404 in every log otherwise); registered before `/{city}`.
    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon_ico():
        return FileResponse(favicon, media_type="image/x-icon")

    # Registered before the page routers: `/{city}` would otherwise swallow `/healthz`.
    @app.get("/healthz", include_in_schema=False)
    async def healthz(request: Request, state: State):
        # The staff database is reported, not judged: the public pages never need it (issue 26.8).
        body = {"build": state.build_id, "resources": len(state.catalog.resources),
                "staff_database": await staff_database_cached(request.app)}
        if not (state.build_path / "records.json").exists():
            return JSONResponse({"status": "error", **body, "detail": "served build folder is missing"}, status_code=503)
        return {"status": "ok", **body}

    mount_staff(app, settings)  # /staff/ (registered before `/{city}/…` would claim it)
    mount_suggest(app, settings)  # public suggestions and their review queue (after the staff console)
    for module in (metrics, api, hsds, calendar, docs, pages, search, desk, near, areas, sheet, layers):  # .ics, /about/hsds before pages
        app.include_router(module.router)
    # The order above decides which route answers; the guard only lets a page pass over the routes that
    # cannot match its path without running their regexes (site/http/route_guard.py).
    guard(app.router.routes)


def _add_error_handlers(app: FastAPI) -> None:
    """Pages answer the error page (never a bare 500); install_api_errors wraps these for /api/v1 paths."""
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        title = "ページが見つかりません" if exc.status_code == 404 else "表示できません"
        return render(get_state(request), request, "error.html",
                      ErrorContext({"title": title, "status": exc.status_code, "detail": exc.detail}), status_code=exc.status_code,
                      headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return render(get_state(request), request, "error.html",
                      ErrorContext({"title": "入力の形が正しくありません", "status": 400, "detail": "URL の値を確かめてください"}), status_code=400)

    @app.exception_handler(SQLAlchemyError)
    def database_error(request: Request, exc: SQLAlchemyError):  # a plain def: rendering may touch the disk
        return storage_failed(request, exc)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:  # the disk is full: nothing was saved
            return await run_in_threadpool(storage_failed, request, exc)
        log.exception("unhandled error on %s", request.url.path)
        return render(get_state(request), request, "error.html",
                      ErrorContext({"title": "サーバーで問題が起きました", "status": 500,
                       "detail": "時間をおいてもう一度お試しください。"}), status_code=500)

    install_api_errors(app)  # /api/v1 answers errors in the API's error model; the pages keep theirs
