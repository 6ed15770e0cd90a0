"""The public suggestion forms in English and やさしい日本語 (issue 30.1): residents send them, so every label,
hint, choice and error is said in the reader's language; the forms no longer say "Japanese only"."""
from __future__ import annotations

import re
from html import unescape

import pytest
from markupsafe import Markup

from tsunagu.site.pages.i18n import catalogs
from tsunagu.site.pages.reading import Reading, reset_current, set_current
from tsunagu.site.suggest.words import error_in
from tsunagu.suggest import forms

FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def every_field_word() -> set[str]:
    return {w for fs in forms.FORMS.values() for f in fs for w in (f.label, f.hint, *(c for _, c in f.choice)) if w}


@pytest.mark.parametrize("lang", ["en", "easy"])
def test_every_label_hint_and_choice_is_translated(lang):
    missing = sorted(w for w in every_field_word() if w not in catalogs()[lang])
    assert not missing, missing


BAD = [  # (form, what is sent): each gives errors of a different form
    ("new", {"name": "x" * 101, "place_type": "castle", "town": "a\tb", "note": "<b>hi</b>"}),
    ("new", {}),
    ("new", {"name": "サロン", "place_type": "home"}),
    ("new", {"name": "サロン", "place_type": "venue"}),
    ("correction", {"closed": "yes"}),
    ("correction", {"how": "saw"}),
]


@pytest.mark.parametrize("lang", ["en", "easy"])
def test_every_error_of_the_forms_is_said(lang):
    token = set_current(Reading(lang, False))
    try:
        messages = [m for kind, sent in BAD for _, m in forms.clean_form(kind, sent)[1]]
        assert len(messages) >= 8
        unsaid = [m for m in messages if isinstance(error_in(m), Markup)]  # the Japanese, marked or escaped
        assert not unsaid, unsaid
        assert 'lang="ja"' in error_in("知らないエラーです") or lang != "en"  # never guessed
    finally:
        reset_current(token)


def visible(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<rt>.*?</rt>", "", html)))


@pytest.mark.bundled_data
def test_the_english_form_and_its_errors(client, app, monkeypatch):
    monkeypatch.setattr(app.state.suggest, "min_fill_seconds", 0)
    client.cookies.clear()
    page = client.get("/zushi/suggest?lang=en")
    text = visible(page.text)
    assert "Name of the salon or gathering place (required)" in text
    assert "Where does it meet?" in text and "A private home (write the town name only" in text
    assert "Japanese only" not in text and "まだ日本語だけ" not in page.text
    assert "e.g. 〇〇会館, " in text  # the hint keeps the city's own example address
    assert "<h1>Tell us about a salon or gathering place (逗子市)</h1>" in page.text  # English brackets
    sent = client.post("/zushi/suggest", data={"form_token": FORM_TOKEN.search(page.text)[1], "hp_confirm": ""})
    assert sent.status_code == 400
    said = visible(sent.text)
    assert "Please fill in 「Name of the salon or gathering place」" in said
    assert "Please choose 「Where does it meet?」" in said
    page = client.get("/zushi/suggest?lang=ja")
    assert "サロン・通いの場の名前（必須）" in visible(page.text) and "（逗子市）</h1>" in page.text
    client.cookies.clear()
