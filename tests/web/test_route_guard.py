"""The route guard (site/http/route_guard.py) passes over routes that cannot match, and never changes which
route answers a URL."""
from __future__ import annotations

import re

import pytest
from starlette.routing import Match

from tsunagu.site.http.route_guard import RouteGuard, templates

pytestmark = pytest.mark.bundled_data

PATHS = [
    "/", "/search", "/healthz", "/favicon.ico", "/metrics", "/docs", "/openapi.json", "/about/data", "/about/hsds",
    "/zushi", "/zushi/", "/zushi/search", "/zushi/desk", "/zushi/near", "/zushi/areas/", "/zushi/areas",
    "/zushi/areas/kotsubo", "/zushi/areas/kotsubo.pdf", "/zushi/areas/kotsubo/large.pdf", "/zushi/areas/kotsubo/map.png",
    "/zushi/sheet", "/zushi/sheet.pdf", "/zushi/map/towns.geojson", "/zushi/resources/zushi-001",
    "/zushi/resources/zushi-001.ics", "/zushi/resources/zushi-001/suggest", "/zushi/suggest", "/suggest/status/abc",
    "/api/v1/cities", "/api/v1/zushi/desk", "/api/v1/zushi/search", "/api/v1/zushi/resources.geojson",
    "/api/v1/zushi/resources/x", "/api/hsds/zushi/", "/api/hsds/zushi/services", "/api/hsds/zushi/services/1",
    "/staff", "/staff/", "/staff/login", "/staff/zushi/new", "/staff/changes/", "/staff/changes/3",
    "/staff/imports/", "/static/css/site.css", "/static/", "/static", "/nothing/here/at/all", "/zushi/desk/",
    "/api", "/api/v1", "/api/v1/zushi", "/about", "/about/", "//", "/zushi//desk", "/staff/zushi/records/x/verify",
]


def _first(routes, scope, ask):
    partial = None
    for i, route in enumerate(routes):
        match, _ = ask(route, scope)
        if match == Match.FULL:
            return i, "full"
        if match == Match.PARTIAL and partial is None:
            partial = i
    return partial, "partial" if partial is not None else "none"


def _scope(path: str, method: str) -> dict:
    return {"type": "http", "path": path, "root_path": "", "method": method, "headers": [], "query_string": b""}


def test_the_same_route_answers_every_path_with_and_without_the_guard(app):
    routes = app.router.routes
    assert any("matches" in vars(r) for r in routes)  # the guard is installed
    every = [t for r in routes for t in templates(r) or []]  # each route's own paths, filled in
    assert len(every) > 60
    paths = PATHS + [re.sub(r"\{[^}]*\}", "x", t) for t in every] + [re.sub(r"\{[^}]*\}", "x", t) + "/" for t in every]
    for path in paths:
        for method in ("GET", "POST"):
            guarded = _first(routes, _scope(path, method), lambda r, s: r.matches(s))
            unguarded = _first(routes, _scope(path, method), lambda r, s: type(r).matches(r, s))
            assert guarded == unguarded, (path, method)


def test_a_page_asks_only_the_routes_that_can_match_it(app):
    """The desk page was matched against some twenty routes' regexes; now only its own router is asked."""
    routes = app.router.routes
    possible = RouteGuard(routes).possible("/zushi/desk")
    assert len(possible) <= 2 and len(routes) > 20
    full = [i for i in sorted(possible) if type(routes[i]).matches(routes[i], _scope("/zushi/desk", "GET"))[0] == Match.FULL]
    assert full


def test_pages_answer_as_before(client):
    assert client.get("/zushi/desk").status_code == 200
    assert client.get("/zushi/areas/kotsubo").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/nothing/here/at/all").status_code == 404
    assert client.post("/zushi/desk").status_code == 405
