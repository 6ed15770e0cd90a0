"""ふりがな on real pages of the bundled build (issue 30.4): ruby only added between tags of the body, place names
read as the tables say, and a page with ruby has a cache identity of its own."""
from __future__ import annotations

import html
import re

import pytest

from tsunagu.site.http.ruby import ruby_body

pytestmark = pytest.mark.bundled_data

TAG = re.compile(r"<[^>]*>")


@pytest.fixture()
def fresh_cookies(client):
    """The session's client keeps cookies a page sets (?ruby=1 sets one): clear them for the other tests."""
    client.cookies.clear()
    yield client
    client.cookies.clear()


def with_ruby(app, client, path: str) -> tuple[str, str]:
    page = client.get(path, headers={"Cookie": "ruby=0"}).content
    state = app.state.holder.current
    return page.decode(), ruby_body(page, {"state": {"tsunagu": state}, "path": path.split("?")[0]}).decode()


def without_ruby(text: str) -> str:
    return html.unescape(re.sub(r"<rt>.*?</rt>|</?ruby>", "", text))


@pytest.mark.parametrize("path", ["/", "/zushi/", "/kamakura/desk", "/nagano/areas/", "/zushi/search?q=小坪"])
def test_ruby_only_adds_readings_between_tags(app, fresh_cookies, path):
    plain, ruby = with_ruby(app, fresh_cookies, path)
    assert "<ruby>" not in plain and ruby.count("<ruby>") > 10
    assert without_ruby(ruby) == html.unescape(plain)  # nothing else changed: tags, attributes, text
    assert not [t for t in TAG.findall(ruby) if "ruby" in t and not re.fullmatch(r"</?(ruby|rt)>", t)]
    head = ruby.split("<body", 1)[0]
    assert "<ruby>" not in head  # <title> and the rest of <head> stay plain
    for element in ("textarea", "option", "script", "style"):
        for inner in re.findall(rf"<{element}\b[^>]*>(.*?)</{element}>", ruby, re.S):
            assert "<ruby>" not in inner


def test_place_names_read_as_the_tables_say(app, fresh_cookies):
    _, zushi = with_ruby(app, fresh_cookies, "/zushi/")
    assert "<ruby>逗子市<rt>ずしし</rt></ruby>" in zushi
    assert "<ruby>小坪<rt>こつぼ</rt></ruby>" in zushi
    _, kamakura = with_ruby(app, fresh_cookies, "/kamakura/desk")
    assert "<ruby>鎌倉市<rt>かまくらし</rt></ruby>" in kamakura
    _, search = with_ruby(app, fresh_cookies, "/zushi/search?q=小坪")
    assert 'value="小坪"' in search  # the search box keeps what was typed


def test_a_ruby_page_has_its_own_etag(fresh_cookies):
    client = fresh_cookies
    plain = client.get("/zushi/", headers={"Cookie": "ruby=0"})
    ruby = client.get("/zushi/", headers={"Cookie": "ruby=1"})
    assert plain.headers["etag"] != ruby.headers["etag"]
    assert "Cookie" in ruby.headers["vary"]
    # A copy made without ruby is not given back as fresh to a reader who asked for ruby.
    again = client.get("/zushi/", headers={"Cookie": "ruby=1", "If-None-Match": plain.headers["etag"]})
    assert again.status_code == 200
    # The same through the query (the cookie already holds the choice, so none is set and it is cached).
    asked = client.get("/zushi/?ruby=1", headers={"Cookie": "ruby=1"})
    assert asked.headers["etag"] not in (plain.headers["etag"], ruby.headers["etag"])


def test_ruby_is_on_when_asked_and_for_easy_japanese(fresh_cookies):
    client = fresh_cookies
    assert "<ruby>" not in client.get("/zushi/", headers={"Cookie": "ruby=0"}).text
    asked = client.get("/zushi/?ruby=1", headers={"Cookie": "ruby=1"}).text
    assert "<ruby>逗子市<rt>ずしし</rt></ruby>" in asked and "<ruby>" not in asked.split("<body", 1)[0]
    easy = client.get("/zushi/?lang=easy", headers={"Cookie": "lang=easy"}).text
    assert "<rt>" in easy  # やさしい日本語 has ふりがな by default …
    assert "<rt>" not in client.get("/zushi/?lang=easy&ruby=0", headers={"Cookie": "lang=easy; ruby=0"}).text  # … unless turned off
    # links keep the choice, and ruby never lands inside a link's address
    assert re.search(r'href="/zushi/search\?[^"]*ruby=1', asked) and not re.search(r'href="[^"]*<ruby', asked)
