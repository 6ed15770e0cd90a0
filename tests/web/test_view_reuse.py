"""Record views are made once per build and day; what differs per request never leaks between pages."""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote

import pytest

from tsunagu.site.pages.views import resource_view

pytestmark = pytest.mark.bundled_data


def _state(app):
    return app.state.holder.current


def test_list_numbers_and_distances_belong_to_one_page_only(app):
    state = _state(app)
    r = next(iter(state.catalog.in_city("zushi")))
    numbered = resource_view(r, state.catalog, number=7, distance_m=420, walk_min=6)
    plain = resource_view(r, state.catalog)
    assert (numbered.number, numbered.distance_m, numbered.walk_min) == (7, 420, 6)
    assert (plain.number, plain.distance_m, plain.walk_min) == (0, None, None)
    assert plain is resource_view(r, state.catalog)  # made once
    assert replace(numbered, number=0, distance_m=None, walk_min=None) == plain


def test_a_record_that_is_not_the_builds_own_is_shown_as_it_is(app):
    state = _state(app)
    r = next(iter(state.catalog.in_city("zushi")))
    edited = replace(r, name=r.name + "（変更案）")  # e.g. a preview of an edit: same id, other content
    assert resource_view(edited, state.catalog).name == edited.name
    assert resource_view(r, state.catalog).name == r.name


def test_near_pages_number_their_own_lists(client):
    first = client.get("/zushi/near?address=" + quote("逗子5丁目")).text
    other = client.get("/zushi/near?address=" + quote("桜山")).text
    again = client.get("/zushi/near?address=" + quote("逗子5丁目")).text
    assert first == again.replace(_nonce(again), _nonce(first))
    assert "1番、" in other and "約" in other


def _nonce(html: str) -> str:
    start = html.index('nonce="') + len('nonce="')
    return html[start:html.index('"', start)]


def _card(app):
    return _state(app).templates.env.globals["resource_card"]


def test_a_card_is_made_once_per_list_number_and_shows_that_number(app):
    state, card = _state(app), _card(app)
    r = next(iter(state.catalog.in_city("zushi")))
    third = card(resource_view(r, state.catalog, number=3))
    assert "3番、" in third and r.name in third
    assert card(resource_view(r, state.catalog, number=3)) is third  # another page listing it third
    fourth = card(resource_view(r, state.catalog, number=4))
    assert "4番、" in fourth and "3番、" not in fourth


def test_a_preview_card_and_a_distance_are_never_taken_from_the_cache(app):
    state, card = _state(app), _card(app)
    r = next(iter(state.catalog.in_city("zushi")))
    built = card(resource_view(r, state.catalog, number=1))
    edited = replace(r, name=r.name + "（変更案）")
    assert "（変更案）" in card(resource_view(edited, state.catalog, number=1))
    assert card(resource_view(r, state.catalog, number=1)) is built
    assert "420 m" in card(resource_view(r, state.catalog, number=1, distance_m=420, walk_min=6))
    assert "900 m" in card(resource_view(r, state.catalog, number=1, distance_m=900, walk_min=12))


def test_a_record_keeps_only_a_few_cards(app):
    """A crawler paging through everything gets every card right, and memory stays bounded."""
    from tsunagu.site.pages import templating
    from tsunagu.site.pages.views import shared_cards
    state, card = _state(app), _card(app)
    r = list(state.catalog.in_city("zushi"))[1]
    for n in range(1, 40):
        assert f"{n}番、" in card(resource_view(r, state.catalog, number=n))
    assert len(shared_cards(resource_view(r, state.catalog))) == templating.MAX_CARDS_PER_VIEW
