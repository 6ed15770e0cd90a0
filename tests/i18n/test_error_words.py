"""The error page in the reader's language (issue 30.1): every title and detail the public site gives
error.html has an English and a やさしい日本語 entry, so a new one cannot slip through in Japanese."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tsunagu.site.pages.i18n import translate

SITE = Path(__file__).resolve().parents[2] / "site"
STAFF_ONLY = ("api/", "staff/", "suggest/routes_review.py")  # the API and the staff console stay Japanese


def error_words() -> set[str]:
    words = set()
    for path in SITE.rglob("*.py"):
        rel = path.relative_to(SITE).as_posix()
        if rel.startswith(STAFF_ONLY) or rel == "pages/error_words.py":
            continue
        src = path.read_text(encoding="utf-8")
        words |= set(re.findall(r'HTTPException\([^)]*detail=(?:N_\()?"([^"]+)"(?!\.)', src))
        if rel == "app.py":  # the handlers' own titles and details
            words |= set(re.findall(r'ErrorContext\(\{"title": "([^"]+)"', src))
            words |= set(re.findall(r'"detail": "([^"]+)"\}\)', src))
            words |= set(re.findall(r'title = "([^"]+)" if .* else "([^"]+)"', src)[0])
    return words


def test_the_scan_finds_the_errors():
    words = error_words()
    assert {"ページが見つかりません", "表示できません", "その市はまだ載っていません"} <= words, words


@pytest.mark.parametrize("lang", ["en", "easy"])
def test_every_error_word_is_translated(lang):
    missing = sorted(w for w in error_words() | {"Not Found", "Method Not Allowed"} if translate(w, lang) == w)
    assert not missing, missing


@pytest.mark.bundled_data
def test_the_english_error_page_says_why(client):
    client.cookies.clear()
    r = client.get("/nowhere/?lang=en")
    assert r.status_code == 404
    assert "<h1>Page not found</h1>" in r.text and "That city is not on this site yet" in r.text
    r = client.get("/zushi/no-such-page?lang=en")
    assert r.status_code == 404 and "<p>Not found</p>" in r.text
    r = client.get("/nowhere/?lang=ja")
    assert "その市はまだ載っていません" in r.text
    client.cookies.clear()
