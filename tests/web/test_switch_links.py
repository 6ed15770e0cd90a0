"""The language switch's links (made once per page from one reading of the query, issue 25.5) are the
page in each language: the page's own query kept and encoded, lang/ruby replaced by the chosen language."""
from urllib.parse import parse_qsl, urlsplit

import pytest

from tsunagu.site.pages.reading import DEFAULT, Reading, language_links, switch_url

QUERIES = ["", "q=サロン", "lang=easy&ruby=0", "q=a&lang=easy&ruby=0&page=2",
           "address=新宿4-2-35&need=", "q=a%26b%3Dc&day=mo", "ruby=1", "q=a+b&q=c"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("reading", [DEFAULT, Reading("en", False), Reading("easy", True)])
def test_each_link_is_the_page_in_that_language(query, reading):
    links = language_links("/zushi/search", query, reading)
    assert [link.lang for link in links] == ["ja", "easy", "en"]
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in ("lang", "ruby")]
    for link in links:
        assert link.url == switch_url("/zushi/search", query, link.lang)
        parts = urlsplit(link.url)
        assert parts.path == "/zushi/search"
        # what a click sends: the page's own parameters, in order, then the language, and no ruby
        assert parse_qsl(parts.query, keep_blank_values=True) == [*kept, ("lang", link.lang)]
        assert link.current == (link.lang == reading.lang)


def test_a_page_without_a_query_links_only_the_language():
    assert [link.url for link in language_links("/", "", DEFAULT)] == ["/?lang=ja", "/?lang=easy", "/?lang=en"]
