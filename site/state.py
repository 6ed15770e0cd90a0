"""Objects shared by every request: loaded once in create_app, injected with Depends."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates

from tsunagu.catalog import Catalog
from tsunagu.data.model import City
from tsunagu.settings import Settings

from .pages.maps import MapRenderer

if TYPE_CHECKING:
    from tsunagu.geo.engine import GeoEngine
    from tsunagu.search.searcher import Searcher


@dataclass
class AppState:
    settings: Settings
    catalog: Catalog
    geo: GeoEngine
    searcher: Searcher
    maps: MapRenderer
    templates: Jinja2Templates
    build_path: Path
    build_id: str


def get_state(request: Request) -> AppState:
    """The state this request was pinned to (see site/reload.py): one build for the whole request."""
    pinned = request.scope.get("state", {}).get("tsunagu")
    return pinned if pinned is not None else request.app.state.holder.current


async def pinned_state(request: Request) -> AppState:
    """get_state as an async dependency: FastAPI runs a plain `def` dependency in a worker thread,
    a hop that costs more than reading this attribute. The public pages and the API are `async def`
    too (see tests/web/test_event_loop.py for why and for which routes stay in threads)."""
    return get_state(request)



def city_or_404(state: AppState, slug: str) -> City:
    city = state.catalog.city(slug)
    if city is None:
        raise HTTPException(status_code=404, detail="その市はまだ載っていません")
    return city


def public_base(state: AppState, request: Request) -> str:
    """The site's address for links a person copies or prints: TSUNAGU_PUBLIC_URL when set; otherwise the
    address this request came in on (never the loopback default a visitor could not open)."""
    if state.settings.public_url != Settings().public_url:
        return state.settings.public_url
    return str(request.base_url).rstrip("/")
