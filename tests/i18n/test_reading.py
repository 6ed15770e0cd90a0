"""The reading (interface language and ふりがな) each request is answered in: query > cookie > Accept-Language."""
from tsunagu.site.pages.reading import (
    DEFAULT,
    Reading,
    keep_query,
    other_cookies,
    reading_of,
    resolve,
    switch_url,
    with_reading,
)


def test_query_beats_cookie_beats_accept_language():
    assert resolve("lang=en", "lang=easy", "ja") == Reading("en", False)
    assert resolve("", "lang=easy", "en") == Reading("easy", True)
    assert resolve("", "", "en-GB,en;q=0.9,ja;q=0.5") == Reading("en", False)
    assert resolve("", "", "ja,en;q=0.8") == DEFAULT
    assert resolve("", "", "") == DEFAULT
    assert resolve("lang=fr", "", "fr") == DEFAULT  # unknown words fall back to Japanese


def test_ruby_defaults_on_for_easy_only_and_can_be_turned():
    assert resolve("lang=easy", "", "") == Reading("easy", True)
    assert resolve("lang=easy&ruby=0", "", "") == Reading("easy", False)
    assert resolve("ruby=1", "", "") == Reading("ja", True)
    assert resolve("", "lang=ja; ruby=1", "") == Reading("ja", True)
    # a new language in the query starts from its own default, not the ruby kept for another
    assert resolve("lang=easy", "lang=ja; ruby=0", "") == Reading("easy", True)


def test_staff_console_stays_japanese():
    scope = {"path": "/staff/records", "query_string": b"lang=en", "headers": []}
    assert reading_of(scope) == DEFAULT
    scope = {"path": "/zushi/", "query_string": b"lang=en", "headers": []}
    assert reading_of(scope) == Reading("en", False)
    assert scope["state"]["reading"] == Reading("en", False)
    api = {"path": "/api/v1/zushi/desk", "query_string": b"lang=en", "headers": [(b"accept-language", b"en")]}
    assert reading_of(api) == DEFAULT  # the API keeps its Japanese messages


def test_links_keep_language_and_ruby():
    assert keep_query(DEFAULT) == []
    assert with_reading("/zushi/desk?need=a#x", Reading("en", False)) == "/zushi/desk?need=a&lang=en#x"
    assert with_reading("/zushi/?lang=ja", Reading("easy", False)) == "/zushi/?lang=easy&ruby=0"
    assert with_reading("/zushi/", DEFAULT) == "/zushi/"
    assert switch_url("/zushi/search", "q=a&lang=easy&ruby=0", "en") == "/zushi/search?q=a&lang=en"


def test_reading_cookies_alone_are_not_personal():
    assert not other_cookies("lang=en; ruby=1")
    assert other_cookies("lang=en; session=abc")
