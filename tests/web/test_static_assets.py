"""Hashed static files as a browser meets them: gzip when asked, revalidation, HEAD, security headers."""
from __future__ import annotations

import gzip
import re

import pytest

from tsunagu.site.http.asset_server import accepts_gzip

pytestmark = pytest.mark.bundled_data

IMMUTABLE = "public, max-age=31536000, immutable"


def css_url(client) -> str:
    return re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', client.get("/").text).group(1)


def test_gzip_only_when_the_browser_asks(client, settings):
    url = css_url(client)
    on_disk = (settings.static_dir / "css" / "site.css").read_bytes()
    with client.stream("GET", url, headers={"accept-encoding": "gzip"}) as r:
        body = b"".join(r.iter_raw())
        assert r.headers["content-encoding"] == "gzip"
        assert r.headers["content-length"] == str(len(body))
        assert r.headers["vary"] == "Accept-Encoding" and r.headers["cache-control"] == IMMUTABLE
    assert gzip.decompress(body) == on_disk
    for refused in ("identity", "gzip;q=0", "br", "*;q=0"):
        r = client.get(url, headers={"accept-encoding": refused})
        assert "content-encoding" not in r.headers, refused
        assert r.content == on_disk and r.headers["content-length"] == str(len(on_disk))
        assert r.headers["content-type"] == "text/css; charset=utf-8"


def test_same_etag_for_both_encodings_and_a_match_gets_304(client):
    url = css_url(client)
    plain = client.get(url, headers={"accept-encoding": "identity"})
    packed = client.get(url, headers={"accept-encoding": "gzip"})
    assert plain.headers["etag"] == packed.headers["etag"]
    for asked in (plain.headers["etag"], f'W/{plain.headers["etag"]}', f'"x", {plain.headers["etag"]}', "*"):
        again = client.get(url, headers={"if-none-match": asked})
        assert again.status_code == 304 and again.content == b"", asked
        assert again.headers["etag"] == plain.headers["etag"] and again.headers["cache-control"] == IMMUTABLE
    assert client.get(url, headers={"if-none-match": '"something-else"'}).status_code == 200


def test_head_has_the_length_but_no_body(client):
    url = css_url(client)
    with client.stream("GET", url, headers={"accept-encoding": "gzip"}) as get:
        length = len(b"".join(get.iter_raw()))
    head = client.head(url, headers={"accept-encoding": "gzip"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(length)
    assert head.headers["content-encoding"] == "gzip"


def test_static_files_carry_the_security_headers_without_a_page_nonce(client):
    r = client.get(css_url(client))
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert "geolocation=()" in r.headers["permissions-policy"]
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "nonce-" not in csp and "unsafe-inline" not in csp
    assert "set-cookie" not in r.headers


def test_what_the_fast_path_does_not_know_still_gets_the_usual_answers(client):
    url = css_url(client)
    assert client.post(url).status_code == 405  # never a file body for a POST
    assert client.get("/static/css/no-such.css").status_code == 404
    stale = re.sub(r"\.[0-9a-f]{12}\.css$", ".000000000000.css", url)  # a page cached before a deploy
    r = client.get(stale)
    assert r.status_code == 200 and r.headers["cache-control"] == "public, max-age=300"


def test_accept_encoding_is_read_as_the_rfc_says():
    assert accepts_gzip(b"gzip, deflate, br") and accepts_gzip(b"GZIP") and accepts_gzip(b"*")
    assert accepts_gzip(b"br;q=1.0, gzip;q=0.8") and accepts_gzip(b"x-gzip")
    assert not accepts_gzip(b"identity") and not accepts_gzip(b"gzip;q=0") and not accepts_gzip(b"gzip; q=0.000")
    assert not accepts_gzip(b"*;q=0") and not accepts_gzip(b"gzip;q=0, *")
    assert accepts_gzip(b"*, gzip;q=0.5")
