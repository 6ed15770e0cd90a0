"""In a real browser: the map draws the build's layers fetched by URL; /docs works offline."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from .helpers import goto

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]


def drawn_paths(page, expected: int) -> int:
    """Vector shapes Leaflet drew (outline, areas, origin), waiting for the fetched layers."""
    for _ in range(50):
        n = page.locator(".leaflet-overlay-pane path").count()
        if n >= expected:
            return n
        page.wait_for_timeout(100)
    return page.locator(".leaflet-overlay-pane path").count()


def test_the_desk_map_draws_the_fetched_outline_and_areas(page):
    layers = []
    page.on("response", lambda r: layers.append((r.url, r.status)) if ".geojson" in r.url else None)
    goto(page, "/zushi/desk?address=" + quote("新宿4丁目2番35号"))
    assert drawn_paths(page, 5) >= 5, "the outline and the desk areas were not drawn"
    assert any("/zushi/map/areas.geojson" in u and s == 200 for u, s in layers), layers
    assert any("/zushi/map/outline.geojson" in u and s == 200 for u, s in layers), layers


def test_the_near_map_keeps_the_origin_above_the_outline(page):
    goto(page, "/zushi/near?address=" + quote("逗子5丁目"))
    assert drawn_paths(page, 2) >= 2  # the outline and the origin
    last = page.locator(".leaflet-overlay-pane path").last
    assert last.get_attribute("fill") == "#ffd400", "the origin circle is hidden under a layer"


def test_docs_render_the_api_from_vendored_assets(page, blocked):
    before = len(blocked.urls)
    goto(page, "/docs")
    page.locator(".opblock").first.wait_for(timeout=15_000)
    assert page.locator(".opblock").count() >= 5
    assert "/api/v1/{city}/desk" in page.content()
    assert blocked.urls[before:] == [], f"/docs asked another host: {blocked.urls[before:]}"
