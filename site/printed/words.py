"""A printed sheet's words in the reader's language (issue 30.5): what only the web app knows, handed to the
guides' code (tsunagu/guides/words.py), which imports nothing from here.

* a record's own text: `name_en` / `description_en` on English sheets, `description_easy` on やさしい日本語
  ones; where there is none, the Japanese stays, marked `lang="ja"` with its romaji (as the web pages do,
  site/pages/record_text.py), and the sheet says so;
* the desk engine's sentences re-said (site/pages/answer_words.py); one it does not know stays Japanese;
* ふりがな on やさしい日本語 sheets (search/furigana_page.py, the same pass the pages get).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tsunagu.catalog import public_place
from tsunagu.guides.words import Words
from tsunagu.search.furigana_page import ruby_page
from tsunagu.search.known_readings import furigana_for

from ..pages.answer_words import say
from ..pages.record_text import name_romaji

URL_TEXT = re.compile(r'<span class="url-text">[^<]*</span>')


def record_text(lang: str, catalog: Any, city: str) -> Callable[[Any], dict[str, str]]:
    """The record's fields for a sheet in `lang` (a Resource or a page's ResourceView)."""
    furigana = furigana_for(catalog, city) if lang == "en" else None

    def fields(r: Any) -> dict[str, str]:
        # a private home's place is our own sentence around its town (catalog.public_place): said in `lang`
        place = say(r.place if hasattr(r, "place") else public_place(r, catalog.venues)[0], lang)
        return ({"place": place} if place else {}) | _own_text(r)

    def _own_text(r: Any) -> dict[str, str]:
        if lang == "en":
            out = {"description": r.description_en} if r.description_en else {"missing": "1"}
            if r.name_en:
                out["name"] = r.name_en
            else:
                out.update(name_lang="ja", name_reading=name_romaji(r.name, r.name_kana, furigana), missing="1")
            return out
        return {"description": r.description_easy} if r.description_easy else {"missing": "1"}
    return fields


def sheet_words(lang: str, catalog: Any, city: str) -> Words:
    return Words(lang, record=record_text(lang, catalog, city), answer=lambda text: say(text, lang))


def furigana_finish(lang: str, catalog: Any, city: str) -> Callable[[str], str] | None:
    """ふりがな over a sheet's HTML in やさしい日本語 (the body only: the title and attributes are left as they are)."""
    if lang != "easy":
        return None
    furigana = furigana_for(catalog, city)

    def finish(html: str) -> str:
        head, sep, body = html.partition("<body>")
        # The printed web address is typed by hand: readings inside it would make it wrong.
        urls = URL_TEXT.findall(body)
        body = URL_TEXT.sub(lambda _: "\ue000", body)
        body = str(ruby_page(body, furigana))
        for url in urls:
            body = body.replace("\ue000", url, 1)
        return head + sep + body
    return finish


class InLanguage:
    """A page's record view as a sheet in another language prints it: the fields of record_text over the view's."""

    def __init__(self, view: Any, fields: dict[str, str]):
        self._view, self._fields = view, fields

    def __getattr__(self, name: str) -> Any:
        if name in ("name_lang", "name_reading", "schedule_said"):
            return self._fields.get(name, "")
        return self._fields[name] if name in self._fields else getattr(self._view, name)
