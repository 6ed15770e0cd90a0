"""Which routes run on the event loop and which in worker threads.

The public pages and the API only read the build already in memory, so they are `async def` with
async dependencies: FastAPI runs a plain `def` handler or dependency in a worker thread, and under
load every hop made each worker wait for the GIL. Measured with bench/bench_http.py (50 clients on
the mix): 3.9–4.1 ms of server CPU per request with threads, 2.9 on the loop; p95 from 450 to about
210 ms. What waits on disk, a database or a long layout stays in a thread, so the loop never stalls:
the list below names each such route and why.
"""
from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute

pytestmark = pytest.mark.bundled_data

# path -> why its handler runs in a worker thread
THREADED = {
    "/{city}/areas/{district}.pdf": "checks the file on disk, then streams it",
    "/{city}/areas/{district}/large.pdf": "checks the file on disk, then streams it",
    "/{city}/areas/{district}/map.png": "checks the file on disk, then streams it",
    "/{city}/map/{layer}.geojson": "checks the file on disk, then streams it",
    "/{city}/sheet": "lays out the personal sheet to fit one A4 page (WeasyPrint, tens of ms)",
    "/{city}/sheet.pdf": "lays out and writes a PDF",
    "/{city}/suggest": "reads the suggestion database",
    "/{city}/resources/{record_id}/suggest": "reads the suggestion database",
    "/suggest/status/{token}": "reads the suggestion database",
    "/metrics": "reads the publishing queue from the staff database",
}
THREADED_PREFIXES = ("/staff/",)  # the console reads its database on every page
# POST routes left `async def`, and why that is safe: everything else that takes a form is a plain `def`
# (its body is read by an async dependency, then the handler checks passwords, writes the database or
# checks a row in a thread), so a sign-in's argon2 check or a locked database never stalls public pages.
ASYNC_POSTS = {
    "/{city}/suggest": "reads the body on the loop, then writes the database in a thread (run_in_threadpool)",
    "/{city}/resources/{record_id}/suggest": "reads the body on the loop, then writes the database in a thread",
}


def api_routes(routes) -> Iterator[APIRoute]:
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI keeps included routers nested
        if included is not None:
            yield from api_routes(included.routes)
        elif isinstance(route, APIRoute):
            yield route


def sync_parts(route: APIRoute) -> list[str]:
    """Names of the handler and dependencies FastAPI would call in a worker thread."""
    calls, todo = [route.endpoint], list(route.dependant.dependencies)
    while todo:
        dep = todo.pop()
        calls.append(dep.call)
        todo.extend(dep.dependencies)
    return [c.__name__ for c in calls if c is not None and not inspect.iscoroutinefunction(c)]


def get_routes(app) -> dict[str, APIRoute]:
    return {r.path: r for r in api_routes(app.routes) if "GET" in r.methods}


def test_pages_and_api_never_hop_to_a_thread(app):
    routes = get_routes(app)
    public = {p: r for p, r in routes.items() if p not in THREADED and not p.startswith(THREADED_PREFIXES)}
    for path in ("/", "/{city}/search", "/{city}/near", "/{city}/desk", "/{city}/areas/{district}",
                 "/api/v1/{city}/search", "/healthz"):
        assert path in public, f"{path} is not a route any more: update this test"
    hopping = {p: sync_parts(r) for p, r in public.items() if sync_parts(r)}
    assert hopping == {}, f"these routes would run in a worker thread: {hopping}"


def test_the_threaded_list_is_true(app):
    """A route that moved to the loop (or was removed) must leave the list, so the list stays a record."""
    routes = get_routes(app)
    assert set(THREADED) <= set(routes)
    assert [p for p in THREADED if not sync_parts(routes[p])] == []


def test_forms_do_their_database_work_in_a_thread(app):
    posts = {r.path: r for r in api_routes(app.routes) if "POST" in r.methods}
    for path in ("/staff/login", "/staff/logout", "/staff/changes/{cr_id}", "/staff/{city}/records/{record_id}",
                 "/staff/suggestions/{sid}", *ASYNC_POSTS):
        assert path in posts, f"{path} is not a route any more: update this test"
    on_loop = [p for p, r in posts.items() if inspect.iscoroutinefunction(r.endpoint) and p not in ASYNC_POSTS]
    assert on_loop == [], f"these form handlers would run on the event loop: {on_loop}"
    assert [p for p in ASYNC_POSTS if not inspect.iscoroutinefunction(posts[p].endpoint)] == []
