"""The printed sheets' words in the reader's language (issue 30.5): English and やさしい日本語 beside the Japanese.

The sheets' wording is the site's own: it is marked `N_("…")` here and `_("…")` in the printed macros, so
extraction (site/locale/babel.cfg) puts it in the one catalog per language the site already keeps
(`site/locale/<lang>/LC_MESSAGES/messages.po`), checked complete by tests/i18n/test_catalogs.py. One catalog,
not a second domain: the completeness check, `make messages` and the translators' file stay one, and a
printed heading that is also on a web page is translated once. The build reads the `.po` by path with Babel
(importing nothing from the site package, which the build never loads).

`Words` carries a sheet's language and what only the web app knows: a record's own text in that language
(name_en, description_en, description_easy, else the Japanese with its romaji) and the desk engine's
sentences re-said (site/pages/answer_words.py). The build makes Japanese sheets only: `Words()` is Japanese
and changes nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from babel.messages.pofile import read_po

from tsunagu.paths import SITE_DIR

LOCALE_DIR = SITE_DIR / "locale"
LANGS = ("ja", "en", "easy")
HTML_LANG = {"ja": "ja", "en": "en", "easy": "ja"}


def N_(message: str) -> str:  # the conventional name extraction looks for
    """Marks a sheet's word for the catalogs where it is written; `Words` says it in the sheet's language."""
    return message


@cache
def catalog(lang: str) -> dict[str, str]:
    """One language's translated entries (singular forms; untranslated and fuzzy ones fall back to Japanese)."""
    if lang == "ja":
        return {}
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f)
                if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string and not m.fuzzy}


def translate(message: str, lang: str) -> str:
    return catalog(lang).get(message, message) if message and lang != "ja" else message


class Words:
    """A sheet's language. `record(resource)` gives the record's own text for it (see RecordText in the web app's
    site/printed/words.py); `answer(sentence)` re-says a desk engine sentence, or None when it can't."""

    def __init__(self, lang: str = "ja", *, record: Callable[[Any], dict[str, str]] | None = None,
                 answer: Callable[[str], str | None] | None = None):
        self.lang = lang if lang in LANGS else "ja"
        self._record, self._answer = record, answer
        self._missing: set[str] = set()  # records printed without text of their own in this language
        self.readings = True  # the romaji beside Japanese names (a full personal sheet may leave them to the web)

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]

    def __call__(self, message: str) -> str:
        return translate(message, self.lang)

    def record(self, r: Any) -> dict[str, str]:
        """Fields of a sheet item that differ in this language (name, description, name_lang, name_reading).
        The callable says `missing` when the record has no text of its own in this language."""
        if self._record is None or self.lang == "ja":
            return {}
        fields = dict(self._record(r))
        if fields.pop("missing", ""):
            self._missing.add(r.id)
        if not self.readings:
            fields.pop("name_reading", None)
        return fields

    def own_text_note(self, items: list[Any]) -> str:
        """What the sheet says when some of what it prints has no text of its own in its language."""
        if self.lang == "ja" or not any(it.id in self._missing for it in items):
            return ""
        if self.lang == "easy":
            return self(N_("やさしい日本語の説明がまだないものは、ふつうの日本語のままのせています。"))
        return self(N_("英語の文がまだない名前と説明は、日本語のまま、読み方を添えてのせています。") if self.readings
                    else N_("英語の文がまだない名前と説明は、日本語のままのせています（読み方はウェブ版に）。"))

    def schedule(self, text: str) -> str:
        """A schedule as the sheet's language words it ("" in Japanese, or where the parser read only part)."""
        if self.lang == "ja" or not text:
            return ""
        from tsunagu.data.schedule import PARSED, parse  # lazy: the parser's tables load on first use
        from tsunagu.data.schedule_say import describe_in  # lazy: as above
        s = parse(text)
        return describe_in(s, self.lang) if s.status == PARSED else ""

    def answer(self, text: str) -> str:
        """An engine sentence (a desk answer's reason) in this language; the Japanese when it can't be re-said."""
        if self.lang == "ja" or not text or self._answer is None:
            return text
        return self._answer(text) or text


JAPANESE = Words()
