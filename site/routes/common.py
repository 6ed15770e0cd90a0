"""Small helpers shared by the page routers."""
from __future__ import annotations

import unicodedata

from tsunagu.catalog import public_place
from tsunagu.geo.answers import DeskRef

from ..pages.contacts import general_desks
from ..pages.i18n import gettext as _
from ..pages.views import resource_view

MAX_INPUT = 200


def clean_text(value: str | None, limit: int = MAX_INPUT) -> tuple[str, bool]:
    """Strip control characters and cut overlong input. Returns (text, was_cut)."""
    text = "".join(ch for ch in (value or "") if unicodedata.category(ch)[0] != "C" or ch == " ").strip()
    return (text[:limit], True) if len(text) > limit else (text, False)


def page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def desk_view(state, desk: DeskRef | None):
    """A desk of an answer -> the record's ResourceView (None for a desk the directory lacks)."""
    if desk is None:
        return None
    r = state.catalog.resources.get(desk.id)
    return resource_view(r, state.catalog) if r else None


def covering_desk_text(state, resource) -> tuple[str, list]:
    """Which general desk covers a resource's place, said honestly (may be ambiguous)."""
    if resource.kind == "consultation_desk":
        return "", []
    # The venue's public address carries the 番地 that decides 逗子's split 丁目 (a private home: town only).
    place = public_place(resource, state.catalog.venues)[1] or resource.town
    # Only a facility point says which 町丁目 a place is in; a town-level point is a
    # representative point and would pick one 丁目 of the district at random.
    if not place and resource.precision == "facility" and resource.location_public:
        place = state.geo.town_of(resource.city, resource.lat, resource.lon) or ""
    if not place and resource.district:
        city = state.catalog.city(resource.city)
        d = city.district(resource.district) if city else None
        place = (d.towns or ("",))[0] if d else ""
    if not place and resource.kind == "salon":  # a salon meets somewhere: its place is unknown, not city-wide
        return ("このサロン・通いの場の場所はまだ登録されていないため、担当の窓口を決められません。"
                "くわしくは次の窓口でたずねられます:", general_desks(state, resource.city))
    if not place:
        return ("場所の決まっていない、市全体の取り組みです。どこに相談すればよいか分からないときは、"
                "次の窓口にご相談ください:", general_desks(state, resource.city))
    answer = state.geo.lookup_desk(resource.city, place, None, list(state.catalog.in_city(resource.city)))
    if answer.status == "matched":
        return "この場所を担当する相談窓口:", [desk_view(state, answer.desk)]
    if answer.status == "ambiguous":
        return (f"この場所（{place}）は、番地によって担当が分かれます。候補:",
                [v for v in (desk_view(state, c) for c in answer.candidates) if v])
    return f"担当の窓口を決められません（{answer.reason or answer.status}）。", []


def example_note(examples) -> str:
    """「（例: 御成町18-10）」 from the city's own examples (data/cities.yaml), or nothing."""
    return _("（例: %(example)s）") % {"example": examples[0]} if examples else ""
