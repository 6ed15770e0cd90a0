"""The public pages in English and やさしい日本語 (issue 30.1): chosen by ?lang=, kept in a cookie and in
every link, taken from Accept-Language otherwise; never served from a cache in the wrong language."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.bundled_data

DESK = "/zushi/desk?address=" + quote("新宿4丁目2番35号")


@pytest.fixture(autouse=True)
def fresh_cookies(client):
    """The session's client keeps cookies: each test starts (and leaves) without a language chosen."""
    client.cookies.clear()
    yield
    client.cookies.clear()


def html_lang(text: str) -> str:
    return re.search(r'<html lang="([^"]+)"', text).group(1)


def internal_links(text: str) -> list[str]:
    return [h for h in re.findall(r'<a [^>]*href="(/[^"]*)"', text)
            if not h.startswith(("/static/", "/api/", "/docs"))]


def test_default_stays_japanese(client):
    r = client.get("/zushi/")
    assert html_lang(r.text) == "ja" and "さがす" in r.text
    assert "lang=" not in "".join(h for h in internal_links(r.text) if "hreflang" not in h
                                   and not re.search(r"[?&]lang=(ja|en|easy)$", h))


def test_english_page_in_english_with_links_that_keep_it(client):
    r = client.get("/zushi/?lang=en")
    assert r.status_code == 200 and html_lang(r.text) == "en"
    assert "Find a consultation desk" in r.text and "相談窓口をさがす" not in r.text
    links = internal_links(r.text)
    assert links and all("lang=" in h for h in links), [h for h in links if "lang=" not in h][:5]
    # a GET form carries the language in a hidden field (its action's query would be dropped)
    assert re.search(r'<form action="/zushi/search" method="get"[^>]*><input type="hidden" name="lang" value="en">', r.text)
    assert "lang=en" in r.headers.get("set-cookie", "")


def test_easy_japanese_has_its_own_words_and_ruby_on(client):
    r = client.get("/zushi/desk?lang=easy")
    assert html_lang(r.text) == "ja"
    assert "相談する ところを さがす" in r.text
    assert all("lang=easy" in h for h in internal_links(r.text) if not re.search(r"lang=(ja|en)", h))


def test_cookie_then_accept_language_choose_when_the_query_does_not(client):
    r = client.get("/zushi/", headers={"cookie": "lang=en"})
    assert html_lang(r.text) == "en"
    r = client.get("/zushi/", headers={"accept-language": "en-GB,en;q=0.9,ja;q=0.3"})
    assert html_lang(r.text) == "en"
    r = client.get("/zushi/", headers={"accept-language": "ja,en;q=0.5"})
    assert html_lang(r.text) == "ja"


def test_switch_and_alternates_on_every_page_in_own_words(client):
    for path in ("/", "/zushi/", "/zushi/search?q=" + quote("サロン"), "/zushi/near", "/about/data"):
        r = client.get(path + ("&" if "?" in path else "?") + "lang=en")
        assert 'hreflang="ja-x-easy"' in r.text and '<link rel="alternate" hreflang="ja"' in r.text, path
        switch = r.text[r.text.index('class="lang-switch"'):]
        switch = switch[:switch.index("</nav>")]
        assert "日本語" in switch and "やさしい にほんご" in switch and "English" in switch, path
        assert 'aria-current="true" lang="en">English' in switch  # the current one is named, not linked


def test_cached_copy_is_never_served_in_another_language(client):
    """A revalidation of the Japanese copy by an English reader is not a 304, and pages vary on the
    headers that choose the language."""
    ja = client.get("/zushi/")
    en = client.get("/zushi/", headers={"cookie": "lang=en"})
    assert ja.headers["etag"] != en.headers["etag"]
    assert client.get("/zushi/", headers={"if-none-match": ja.headers["etag"], "cookie": "lang=en"}).status_code == 200
    assert client.get("/zushi/", headers={"if-none-match": ja.headers["etag"]}).status_code == 304
    vary = ja.headers["vary"].lower()
    assert "accept-language" in vary and "cookie" in vary
    # the language cookie alone does not make a page personal: it is still cacheable
    assert en.headers["cache-control"].startswith("public")
    ruby = client.get("/zushi/?ruby=1", headers={"cookie": "ruby=1"})
    assert ruby.headers["etag"] not in (ja.headers["etag"], en.headers["etag"])


def test_staff_console_stays_japanese(client):
    r = client.get("/staff/login?lang=en")
    assert html_lang(r.text) == "ja" and "lang=" not in r.headers.get("set-cookie", "")


def test_desk_answer_in_english_and_easy(client):
    en = client.get(DESK + "&lang=en").text
    assert "Why this desk:" in en
    easy = client.get(DESK + "&lang=easy").text
    assert "ここに なる わけ:" in easy


def test_area_guide_kept_once_per_language(client):
    """The guide page is rendered once per build and kept: once per reading, or the first reader's
    language would be every reader's. Its gzipped copy keeps the language in its links too."""
    ja = client.get("/zushi/areas/kotsubo")
    en = client.get("/zushi/areas/kotsubo?lang=en", headers={"accept-encoding": "gzip"})
    again = client.get("/zushi/areas/kotsubo", headers={"cookie": "lang=ja"})
    assert html_lang(ja.text) == "ja" and html_lang(en.text) == "en" and html_lang(again.text) == "ja"
    assert all("lang=en" in h for h in internal_links(en.text) if not re.search(r"lang=(ja|easy)", h))


def test_input_errors_in_the_reader_s_language(client):
    en = client.get("/zushi/desk?address=%20&lang=en").text
    assert "Please type an address" in en and "住所を入力してください" not in en
    ja = client.get("/zushi/desk?address=%20&lang=ja").text
    assert "住所を入力してください" in ja


@pytest.mark.parametrize("path", ["/zushi/", "/zushi/areas/"])
def test_the_citys_note_on_its_districts_is_marked_japanese_on_english_pages(client, path):
    """The note is the data's own Japanese (cities.yaml): a screen reader must read it as Japanese."""
    english = client.get(path, params={"lang": "en"}).text
    assert re.search(r'<p class="small" lang="ja">市内サロン一覧', english)
    japanese = client.get(path, params={"lang": "ja"}).text
    assert re.search(r'<p class="small">市内サロン一覧', japanese)


def test_a_private_homes_place_is_said_in_the_readers_words(client):
    """A private-home salon shows its town only (never its address): the page says why in the reader's
    language, and a venue's own name stays Japanese, marked so."""
    english = client.get("/zushi/search", params={"q": "サロン", "lang": "en"}).text
    assert "逗子七丁目 (a private home: the town only)" in english and "個人宅のため" not in english
    assert re.search(r'<dd><span lang="ja">[^<]*会館', english)  # other cards' venues: Japanese, marked
    easy = client.get("/zushi/search", params={"q": "サロン", "lang": "easy", "ruby": "0"}).text
    assert "人の 家なので" in easy


def test_a_schedule_that_cant_be_read_stays_japanese_marked_so_on_english_cards(client):
    english = client.get("/zushi/search", params={"q": "巡回相談", "lang": "en"}).text
    assert '<dd><span lang="ja">沼間・小坪地区で週1回の巡回相談</span></dd>' in english
