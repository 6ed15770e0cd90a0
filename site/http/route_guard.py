"""Routes that cannot match a path are passed over without asking them (issue 25.5).

The router asks its routes in order until one matches. The city pages come after the staff console, the API,
the HSDS and the calendar routers (their fixed paths must win over `/{city}/…`), so a page request asked about
twenty routes, each a regex per path of each included router: 0.1 ms of the desk page, a third of the area
guide's. The order stays (it decides which route answers); what changes is that a route whose every path
template needs a literal segment the request's path lacks (`staff`, `api`, `.ics`-less `resources`…), or a
different number of segments, answers "no match" from a table instead of from its regexes. The table only
says no where the regexes would: a segment with a parameter (`{city}`, `{district}.pdf`) matches anything,
a `{…:path}` parameter any number of segments, and a route whose paths are unknown is always asked.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from starlette.routing import BaseRoute, Match, Mount, Route, get_route_path

# A path template's shape: how many segments it has (None: any number from the literals on) and the literal
# one at each position (None where a parameter is).
Shape = tuple[int | None, tuple[str | None, ...]]
MAX_KEYS = 4096  # distinct path shapes remembered (paths are the client's: the table stays bounded)


def shape(template: str) -> Shape:
    segments = template.split("/")[1:]
    literals: list[str | None] = []
    for segment in segments:
        if ":path}" in segment:  # any number of segments from here (a Mount's rest, `{p:path}`)
            return None, tuple(literals)
        literals.append(None if "{" in segment else segment)
    return len(segments), tuple(literals)


def can_match(s: Shape, segments: list[str | None]) -> bool:
    count, literals = s
    if count is not None and count != len(segments):
        return False
    if len(segments) < len(literals):
        return False
    return all(lit is None or lit == seg for lit, seg in zip(literals, segments[:len(literals)], strict=True))


def templates(route: BaseRoute) -> list[str] | None:
    """Every path template `route` can match, or None when that is not known (then it is always asked)."""
    if isinstance(route, Mount):
        return [route.path + "/{rest:path}"]
    if isinstance(route, Route) or type(route).__name__ == "APIRoute":
        return [route.path] if getattr(route, "host", None) is None else None  # type: ignore[attr-defined]
    included = getattr(route, "original_router", None)  # FastAPI's include_router (fastapi.routing._IncludedRouter)
    prefix = getattr(getattr(route, "include_context", None), "prefix", None)
    if included is None or prefix not in ("", None):
        return None
    found: list[str] = []
    for child in included.routes:
        paths = templates(child)
        if paths is None:
            return None
        found += paths
    return found


class RouteGuard:
    """Installed on a router's top-level routes by `guard`, after every route is registered."""

    def __init__(self, routes: Iterable[BaseRoute]):
        self.shapes: list[list[Shape] | None] = []
        for route in routes:
            paths = templates(route)
            self.shapes.append(None if paths is None else [shape(p) for p in paths])
        self.literals = {lit for shapes in self.shapes if shapes for _, lits in shapes for lit in lits if lit is not None}
        self.table: dict[tuple[str | None, ...], frozenset[int]] = {}
        self.last: tuple[str, frozenset[int]] = ("", frozenset())

    def possible(self, path: str) -> frozenset[int]:
        """The positions of the routes that may match `path` (asked once per request: the last answer is kept)."""
        last = self.last
        if last[0] == path:
            return last[1]
        # A segment no template names is as good as any other: the table is keyed by the shape of the path.
        key = tuple(seg if seg in self.literals else None for seg in path.split("/")[1:])
        found = self.table.get(key)
        if found is None:
            found = frozenset(i for i, shapes in enumerate(self.shapes)
                              if shapes is None or any(can_match(s, list(key)) for s in shapes))
            if len(self.table) >= MAX_KEYS:
                self.table.clear()
            self.table[key] = found
        self.last = (path, found)
        return found

    def wrap(self, position: int, matches: Callable) -> Callable:
        def guarded(scope):
            if scope["type"] in ("http", "websocket") and position not in self.possible(get_route_path(scope)):
                return Match.NONE, {}
            return matches(scope)

        return guarded


def guard(routes: list[BaseRoute]) -> RouteGuard:
    """Give each route a `matches` that first asks the table (the route's own is called where it may match)."""
    guard = RouteGuard(routes)
    for position, route in enumerate(routes):
        if guard.shapes[position] is not None:
            route.matches = guard.wrap(position, route.matches)  # type: ignore[method-assign]
    return guard
