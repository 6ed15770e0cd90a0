"""A server keeps at most Settings.city_cache cities' search indexes open (issue 25.2): each is opened on its
first search, and the least recently used is closed beyond the bound — and opened again when asked."""
from __future__ import annotations

import pytest
from search_fixtures import DATA_DIR

from tsunagu.search.searcher import Searcher

pytestmark = pytest.mark.bundled_data  # the fixture index reads the bundled synonyms and lexicon


def test_only_the_most_recently_searched_cities_stay_open(fixture_index):
    searcher = Searcher(fixture_index, DATA_DIR, cache=False, max_open=1)
    first, second = sorted(searcher.cities)[:2]
    assert searcher._open == {}  # nothing is opened before it is asked for
    found = searcher.search(first, "サロン")
    assert list(searcher._open) == [first]
    searcher.search(second, "サロン")
    assert list(searcher._open) == [second]  # the bound closed the first city's index
    again = searcher.search(first, "サロン")
    assert list(searcher._open) == [first] and [h.id for h in again.hits] == [h.id for h in found.hits]
    searcher.close()
