"""HTTP as a browser or a proxy meets it: HEAD, 405 with Allow, caching, ETags, Permissions-Policy, gzip."""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pytest

from tsunagu.site.assets import Assets
from tsunagu.site.http.caching import matches, policy

pytestmark = pytest.mark.bundled_data

PAGES = ["/", "/zushi/", "/zushi/search?q=" + quote("サロン"), "/zushi/areas/kotsubo", "/about/data",
         "/api/v1/zushi/search?q=" + quote("サロン"), "/zushi/areas/kotsubo.pdf", "/zushi/areas/kotsubo/map.png",
         "/zushi/map/outline.geojson", "/docs", "/openapi.json", "/healthz"]
DESK = "/zushi/desk?address=" + quote("新宿4丁目2番35号")
NEAR = "/zushi/near?address=" + quote("逗子5丁目")


def static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


@pytest.mark.parametrize("path", PAGES + [DESK, NEAR])
def test_head_answers_like_get_without_a_body(client, path):
    get = client.get(path, headers={"accept-encoding": "identity"})
    head = client.head(path, headers={"accept-encoding": "identity"})
    assert get.status_code == 200 and head.status_code == 200, path
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers.get("content-length") == str(len(get.content))


def test_head_on_static_assets_and_a_missing_page(client):
    css = static_urls(client.get("/").text)[0]
    assert client.head(css).status_code == 200
    assert client.head("/zushi/resources/no-such-id").status_code == 404


@pytest.mark.parametrize("path", ["/zushi/search", "/api/v1/zushi/search", "/"])
def test_method_not_allowed_says_what_is(client, path):
    r = client.post(path)
    assert r.status_code == 405
    assert [m.strip() for m in r.headers["allow"].split(",")] == ["GET", "HEAD"]


def test_static_assets_have_content_hashed_names_and_are_immutable(client):
    html = client.get("/zushi/search?q=" + quote("サロン")).text
    urls = static_urls(html)
    assert any(re.search(r"/static/css/site\.[0-9a-f]{12}\.css$", u) for u in urls), urls
    assert any(re.search(r"/static/vendor/leaflet/leaflet\.[0-9a-f]{12}\.js$", u) for u in urls), urls
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    # The plain name still works (Leaflet's CSS names its images so), but is not kept for long.
    plain = client.get("/static/css/site.css")
    assert plain.status_code == 200 and plain.headers["cache-control"] == "public, max-age=300"


def test_a_changed_file_gets_a_new_name_and_an_old_name_still_serves_today(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "a.css").write_text("body{color:red}")
    before = Assets(tmp_path).url("css/a.css")
    (tmp_path / "css" / "a.css").write_text("body{color:blue}")
    assets = Assets(tmp_path)
    after = assets.url("css/a.css")
    assert before != after and after.startswith("/static/css/a.") and after.endswith(".css")
    assert assets.resolve(after.removeprefix("/static/")) == ("css/a.css", True)
    assert assets.resolve(before.removeprefix("/static/")) == ("css/a.css", False)  # cached page, new deploy
    assert assets.url("css/missing.css") == "/static/css/missing.css"


@pytest.mark.parametrize("path,expected", [
    ("/", "public, max-age=60"), ("/zushi/areas/kotsubo", "public, max-age=60"),
    ("/zushi/desk", "public, max-age=60"),  # the empty form is nobody's
    ("/zushi/search?q=" + quote("認知症"), "private, max-age=60"),
    ("/zushi/areas/kotsubo.pdf", "public, max-age=300"), ("/zushi/areas/kotsubo/map.png", "public, max-age=300"),
])
def test_pages_and_build_artefacts_have_a_short_max_age_and_an_etag(client, path, expected):
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["cache-control"] == expected
    assert r.headers["etag"].startswith('W/"')


@pytest.mark.parametrize("path", ["/zushi/search?q=" + quote("サロン"), "/zushi/areas/kotsubo.pdf", "/api/v1/zushi/search?q=x"])
def test_a_matching_etag_gets_304_without_a_body_or_a_new_nonce(client, path):
    first = client.get(path)
    again = client.get(path, headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert "content-security-policy" not in again.headers  # the cached copy keeps the nonce it was made with
    stale = client.get(path, headers={"if-none-match": 'W/"something-else"'})
    assert stale.status_code == 200 and stale.content


@pytest.mark.parametrize("path", ["/zushi/search?q=" + quote("サロン"), "/api/v1/zushi/search?q=" + quote("サロン"),
                                  "/zushi/resources/zushi-salon-02"])
def test_a_page_revalidated_after_midnight_is_sent_again(client, monkeypatch, path):
    """Next dates and "not checked for a long time" marks move with the day: yesterday's copy is not fresh."""
    from tsunagu.site.pages import views
    first = client.get(path)
    assert first.status_code == 200
    tomorrow = views._day()[1] + timedelta(days=1)
    monkeypatch.setattr(views, "_DAY", [float("inf"), (tomorrow, tomorrow)])
    again = client.get(path, headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 200 and again.content
    assert again.headers["etag"] != first.headers["etag"]
    assert client.get(path, headers={"if-none-match": again.headers["etag"]}).status_code == 304


def test_etags_differ_by_url(client):
    a = client.get("/zushi/areas/kotsubo").headers["etag"]
    b = client.get("/zushi/areas/zushi").headers["etag"]
    assert a != b


@pytest.mark.parametrize("path", [DESK, NEAR, "/api/v1/zushi/desk?address=" + quote("新宿4丁目2番35号"),
                                  "/api/v1/zushi/near?address=" + quote("逗子5丁目"), "/healthz"])
def test_answers_for_an_address_are_never_stored(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["cache-control"] == "no-store"
    assert "etag" not in r.headers
    # and an If-None-Match cannot turn them into a 304
    assert client.get(path, headers={"if-none-match": "*"}).status_code == 200


def test_errors_are_not_cached(client):
    r = client.get("/zushi/resources/no-such-id")
    assert r.status_code == 404 and r.headers["cache-control"] == "no-store"


def test_permissions_policy_turns_off_what_the_site_does_not_use(client):
    for path in ("/", "/docs", static_urls(client.get("/").text)[0]):
        pp = client.get(path).headers["permissions-policy"]
        for feature in ("geolocation=()", "camera=()", "microphone=()", "payment=()"):
            assert feature in pp, (path, pp)


def test_pages_are_still_gzipped(client):
    r = client.get("/zushi/search?q=" + quote("サロン"), headers={"accept-encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in r.headers["vary"].lower()


def test_docs_load_swagger_ui_from_this_site_only(client):
    r = client.get("/docs")
    assert r.status_code == 200
    assert "cdn" not in r.text.lower()
    urls = static_urls(r.text)
    assert any("swagger-ui-bundle" in u for u in urls) and any("swagger-ui" in u and u.endswith(".css") for u in urls)
    for url in urls:
        assert client.get(url).status_code == 200, url
    csp = r.headers["content-security-policy"]
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and "http" not in csp


def test_cache_policy_decisions():
    assert policy("/zushi/near", "address=x") == "no-store"
    assert policy("/zushi/near", "") == "public, max-age=60"
    assert policy("/api/v1/kamakura/desk", "address=x") == "no-store"
    assert policy("/zushi/search", "q=&kind=salon") == "public, max-age=60"
    assert policy("/zushi/search", "kind=salon&q=a") == "private, max-age=60"
    assert matches('W/"a", "b"', 'W/"b"') and matches("*", 'W/"x"') and not matches('"a"', 'W/"b"')


def test_hashed_assets_come_from_memory_gzipped_once(client, settings):
    url = next(u for u in static_urls(client.get("/").text) if "/css/site." in u)
    on_disk = (settings.static_dir / "css" / "site.css").read_bytes()
    plain = client.get(url, headers={"accept-encoding": "identity"})
    assert plain.content == on_disk and "content-encoding" not in plain.headers
    packed = client.get(url, headers={"accept-encoding": "gzip, br"})
    assert packed.headers["content-encoding"] == "gzip" and packed.content == on_disk  # httpx decodes
    assert packed.headers["content-type"].startswith("text/css")


def test_a_request_with_a_cookie_or_a_response_setting_one_is_never_stored(client):
    r = client.get("/zushi/areas/kotsubo", headers={"cookie": "session=abc"})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store" and "etag" not in r.headers


    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from tsunagu.site.http.caching import HttpCaching

    def form(request):
        response = PlainTextResponse("a form with a CSRF token")
        response.set_cookie("csrf", "token")
        return response

    app = HttpCaching(Starlette(routes=[Route("/form", form), Route("/plain", lambda r: PlainTextResponse("x"))]))
    with TestClient(app) as c:
        assert c.get("/plain").headers["cache-control"] == "public, max-age=60"
        assert c.get("/form").headers["cache-control"] == "no-store"
        assert c.get("/plain").headers["cache-control"] == "no-store"  # the browser now sends the cookie


def test_a_guide_page_gzipped_once_is_the_same_page(client):
    """The area guide is gzipped once per build: a browser that takes gzip gets the very page the
    others get, marked so caches keep the two apart, and HEAD says the same."""
    plain = client.get("/zushi/areas/kotsubo", headers={"accept-encoding": "identity"})
    packed = client.get("/zushi/areas/kotsubo", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip" and "Accept-Encoding" in packed.headers["vary"]
    assert packed.text == plain.text  # httpx undoes the gzip
    head = client.head("/zushi/areas/kotsubo", headers={"accept-encoding": "gzip"})
    assert head.content == b"" and head.headers["content-encoding"] == "gzip"
    assert head.headers["etag"] == packed.headers["etag"]
    assert head.headers["content-length"] == packed.headers["content-length"] != plain.headers["content-length"]


def test_middleware_order_is_the_one_list(app):
    """The stack runs in the order site/http/middleware.py lists (outermost first): the metrics timer and the
    static files in the outermost layer (before any page middleware), the build pinned around the ETag and
    gzip, security headers and the reading innermost."""
    from tsunagu.site.http.middleware import stack
    listed = [cls.__name__ for cls, _ in stack(app.state.holder.settings, app.state.holder, app.state.metrics)]
    assert [m.cls.__name__ for m in app.user_middleware] == listed
    assert listed[0] == "Front" and listed.index("Front") < listed.index("PinState")
    assert listed.index("PinState") < listed.index("HttpCaching") < listed.index("GZipMiddleware") < listed.index("Inner")
