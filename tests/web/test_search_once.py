"""The search page searches once and cuts its page from all hits: the same answers as paging the searcher."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tsunagu.site.app import load_build
from tsunagu.site.pages.schedule_filter import page_of, search_all

pytestmark = pytest.mark.bundled_data

FILTERS = {"kind": "", "target": "", "category": "", "district": ""}


@pytest.fixture(scope="module")
def state(settings):
    loaded = load_build(settings, settings.current_build.resolve())
    yield loaded
    loaded.searcher.close()


@pytest.mark.parametrize("city,q", [("zushi", "サロン"), ("zushi", "体操"), ("kamakura", "相談"), ("nagano", ""),
                                    ("shimonoseki", "介護の相談")])
@pytest.mark.parametrize("use_places", [True, False])
def test_a_page_cut_from_all_hits_is_the_searchers_page(state, city, q, use_places):
    everything = search_all(state.searcher, city, q, FILTERS, use_places)
    assert len(everything.hits) == everything.total
    for page in (1, 2, 50):
        cut = page_of(everything, page, 20)
        asked = state.searcher.search(city, q, page=page, per_page=20, use_places=use_places)
        assert [h.id for h in cut.hits] == [h.id for h in asked.hits]
        assert (cut.total, cut.page, cut.facets, cut.suggestion, cut.message) == \
               (asked.total, asked.page, asked.facets, asked.suggestion, asked.message)


def test_the_search_page_lists_the_searchers_second_page(client, state):
    asked = state.searcher.search("zushi", "サロン", page=2, per_page=20)
    assert asked.hits, "the bundled data has more than 20 salons in 逗子"
    page = BeautifulSoup(client.get("/zushi/search", params={"q": "サロン", "page": 2}).text, "html.parser")
    links = [a["href"] for a in page.select("main a[href^='/zushi/resources/']")]
    listed = list(dict.fromkeys(link.rsplit("/", 1)[1] for link in links))
    assert listed[:len(asked.hits)] == [h.id for h in asked.hits]

