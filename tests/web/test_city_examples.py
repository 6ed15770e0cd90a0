"""The 「例:」 under the address boxes come from each city's own towns (data/cities.yaml), issue 14."""
from __future__ import annotations

from pathlib import Path

import pytest

from tsunagu.data.loader import load_cities

from .html import parse

pytestmark = pytest.mark.bundled_data

DATA = Path(__file__).resolve().parents[2] / "data"
CITIES = load_cities(DATA)


def hint_text(soup) -> str:
    field = soup.find("input", attrs={"name": "address"})
    return " ".join(soup.find(id=ref).get_text() for ref in (field.get("aria-describedby") or "").split())


@pytest.fixture(scope="module")
def geo():
    from tsunagu.geo.engine import GeoEngine
    return GeoEngine(DATA)


@pytest.mark.parametrize("slug", sorted(CITIES))
def test_every_city_has_its_own_examples_that_the_engine_reads_in_that_city(geo, slug):
    city = CITIES[slug]
    assert city.desk_examples and city.near_examples
    for text in city.desk_examples:
        answer = geo.lookup_desk(slug, text, None, [])
        assert answer.status not in ("unparseable", "out_of_area"), (text, answer)
    for text in city.near_examples:
        origin = geo.nearest(slug, [], address=text, kind="salon", limit=1).origin
        assert origin is not None and origin.lat is not None, text


@pytest.mark.parametrize("slug", sorted(CITIES))
@pytest.mark.parametrize("page, attr", [("desk", "desk_examples"), ("near", "near_examples")])
def test_the_page_shows_only_this_citys_examples(client, slug, page, attr):
    hint = hint_text(parse(client.get(f"/{slug}/{page}")))
    own = getattr(CITIES[slug], attr)
    assert all(example in hint for example in own), hint
    for other in CITIES.values():
        if other.slug != slug:
            assert not any(example in hint for example in getattr(other, attr)), (other.slug, hint)


def test_empty_address_error_gives_this_citys_example(client):
    soup = parse(client.get("/kamakura/desk", params={"address": ""}))
    text = soup.get_text()
    assert "例: 御成町18番10号" in text and "新宿" not in text


@pytest.mark.parametrize("slug", sorted(CITIES))
def test_the_personal_sheet_shows_this_citys_example(client, slug):
    """Issue 28.7: the sheet's address box and its errors showed 逗子's 新宿4丁目2番35号 in every city."""
    hint = hint_text(parse(client.get(f"/{slug}/sheet")))
    assert CITIES[slug].desk_examples[0] in hint
    error = parse(client.get(f"/{slug}/sheet", params={"address": ""})).get_text()
    assert f"例: {CITIES[slug].desk_examples[0]}" in error
    if slug != "zushi":
        assert "新宿4丁目2番35号" not in hint + error


@pytest.mark.parametrize("slug", sorted(CITIES))
def test_the_desk_finder_inside_search_results_shows_this_citys_example(client, slug):
    soup = parse(client.get(f"/{slug}/search", params={"q": "お金の相談"}))
    field = soup.find("input", attrs={"id": "need-desk-address"})
    assert field is not None, "the search page offers the desk for the understood need"
    hint = " ".join(soup.find(id=ref).get_text() for ref in (field.get("aria-describedby") or "").split())
    assert CITIES[slug].desk_examples[0] in hint
    if slug != "zushi":
        assert "新宿" not in hint
    assert field.get("autocomplete") == "address-line1"  # street-address is for multi-line controls only
