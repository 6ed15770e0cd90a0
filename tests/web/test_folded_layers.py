"""What the folded layers still do for every answer (issue 25.5: ten middleware layers became six, and the
layout's footer and city menu are made once per reading): security headers on every kind of answer, and
layout parts in the reader's own language and city whatever was asked before."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.bundled_data

SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options",
            "permissions-policy")


@pytest.fixture(autouse=True)
def fresh_cookies(client):
    client.cookies.clear()
    yield
    client.cookies.clear()


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/zushi/desk", 200), ("GET", "/zushi/desk?lang=en", 200), ("GET", "/zushi/?ruby=1", 200),
    ("GET", "/api/v1/cities", 200), ("GET", "/nothing/here", 404), ("GET", "/staff/login", 200),
    ("GET", "/static/css/site.css", 200), ("HEAD", "/zushi/", 200), ("POST", "/zushi/desk", 405),
    ("GET", "/healthz", 200),
])
def test_every_kind_of_answer_carries_every_security_header(client, method, path, status):
    r = client.request(method, path, follow_redirects=False)
    assert r.status_code == status
    missing = [h for h in SECURITY if h not in r.headers]
    assert not missing, f"{method} {path} lacks {missing}"
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"


def test_the_nonce_in_the_header_is_the_one_in_the_page(client):
    r = client.get("/zushi/desk?address=%E6%96%B0%E5%AE%BF4-2-35")
    nonce = re.search(r"'nonce-([^']+)'", r.headers["content-security-policy"]).group(1)
    assert f'<script nonce="{nonce}">' in r.text
    assert nonce != re.search(r"'nonce-([^']+)'", client.get("/zushi/desk").headers["content-security-policy"]).group(1)


def test_a_language_chosen_in_the_query_is_kept_and_the_page_is_still_secured(client):
    r = client.get("/zushi/desk?lang=en")
    assert "lang=en" in r.headers["set-cookie"] and "content-security-policy" in r.headers
    assert 'href="/zushi/near?lang=en"' in r.text


def test_a_head_is_answered_without_a_body_with_the_gets_headers(client):
    get, head = client.get("/zushi/areas/"), client.head("/zushi/areas/")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"] and head.headers["content-type"] == get.headers["content-type"]


FOOTER = {"ja": "アクセシビリティ方針", "en": "Accessibility", "easy": None}
MENU = {"ja": "{city}のトップ", "en": "{city} home", "easy": "{city}の はじめの ページ"}


def test_the_footer_and_the_city_menu_follow_the_reader_whatever_was_asked_before(client):
    """Made once per reading and city, and kept: a page never shows another reading's or city's copy."""
    for lang in ("en", "ja", "easy", "en", "ja"):
        for slug, city in (("zushi", "逗子市"), ("kamakura", "鎌倉市")):
            text = client.get(f"/{slug}/desk?lang={lang}").text
            text = re.sub(r"<rt>.*?</rt>|</?ruby>", "", text)  # やさしい日本語 pages have ふりがな
            menu = re.search(r'<nav aria-label="[^"]*" class="site-nav">(.*?)</nav>', text, re.S).group(1)
            assert MENU[lang].format(city=city) in menu, (lang, slug)
            assert f'href="/{slug}/near' in menu and ("/zushi/" if slug == "kamakura" else "/kamakura/") not in menu
            footer = re.search(r'<footer class="site-footer">(.*?)</footer>', text, re.S).group(1)
            if FOOTER[lang]:
                assert FOOTER[lang] in footer, (lang, slug)
            if lang != "ja":
                assert f"?lang={lang}" in footer  # the kept copy's links are still given the reading
            else:
                assert "?lang=" not in footer
    client.get("/?lang=ja")
