"""Interface words in the reader's language (issue 30.1): Babel message catalogs, read as `.po`.

Japanese is the source: the words are written in Japanese in the templates and the code, and each
other language has its own catalog, `site/locale/<lang>/LC_MESSAGES/messages.po` (`en`, and `easy`
for やさしい日本語). The `.po` files are read with Babel at start-up (a few hundred entries, a few
milliseconds), so there is no compiled `.mo` to build, ship or let go stale beside its source: the
catalog in the repository is the one served. `tests/i18n/test_catalogs.py` fails when extraction over
the templates and code finds an entry a catalog lacks, keeps one nothing uses, or leaves untranslated.

Templates call `_("…")` / `{% trans %}` (jinja2.ext.i18n, newstyle: values given to them are escaped).
Words that live in Python are marked `N_("…")` where they are defined (so extraction finds them) and
turned into the reader's language where they are shown, with `_()` in code or the `tr` filter in a
template. The language is the request's reading (`reading.current_reading()`), not the template's
context: macros imported without context and cards rendered once for many pages see it too.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from jinja2 import Environment, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from .reading import LANGS, current_reading

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogs() -> dict[str, dict[Any, Any]]:
    """Every language's translated entries (untranslated and fuzzy ones fall back to the Japanese);
    a plural entry is keyed by its singular, with a tuple of forms."""
    out: dict[str, dict[Any, Any]] = {}
    for lang in LANGS:
        if lang == "ja":
            continue
        with catalog_path(lang).open("rb") as f:
            catalog = read_po(f)
        out[lang] = {(m.id if isinstance(m.id, str) else m.id[0]): (m.string if isinstance(m.string, str) else tuple(m.string))
                     for m in catalog if m.id and m.string and not m.fuzzy}
    return out


def N_(message: str) -> str:  # the conventional name extraction looks for
    """Marks a Python string for the catalogs where it is defined; translate it where it is shown."""
    return message


def gettext(message: str) -> str:
    return translate(message, current_reading().lang)


def translate(message: str, lang: str) -> str:
    """`message` in `lang` (the Japanese itself when the catalog has no translation)."""
    if lang == "ja" or not message:
        return message
    found = catalogs()[lang].get(message)
    return found if isinstance(found, str) else message


def ngettext(singular: str, plural: str, n: int) -> str:
    lang = current_reading().lang
    found = catalogs().get(lang, {}).get(singular)
    if isinstance(found, tuple) and found:
        return found[0] if n == 1 or len(found) == 1 else found[1]
    return singular if n == 1 else plural


_ = gettext

# Words the page views and maps hand to templates (an empty fact, a legend key), shown there with `tr`.
# Listed here because those modules were being changed by others while the catalogs were made; mark them
# where they are written (and drop them here) when next touched.
VIEW_WORDS = (N_("黄色の丸"), N_("計画に記載なし"), N_("まだ登録されていません"))


_MARKED: dict[tuple[str, str], Markup] = {}
MAX_MARKED = 5000  # a template's literals are few; a dynamic `_(value)` must not grow the table for ever


@pass_eval_context
def page_gettext(eval_ctx: EvalContext, message: str, /, **variables: Any) -> str:
    """A template's `_()` / `{% trans %}`: what jinja2.ext's newstyle gettext gives (the reader's words, marked
    safe under autoescape as a template literal, `%` applied to the escaped variables even when there are none),
    kept per language for the words without variables."""
    lang = current_reading().lang
    if variables or not eval_ctx.autoescape:
        found = translate(message, lang)
        return (Markup(found) if eval_ctx.autoescape else found) % variables
    key = (lang, message)
    marked = _MARKED.get(key)
    if marked is None:
        marked = Markup(translate(message, lang)) % {}
        if len(_MARKED) < MAX_MARKED:
            _MARKED[key] = marked
    return marked


def install(env: Environment) -> None:
    """`_()`, `gettext`, `ngettext` and `{% trans %}` in every template; `tr` for words held in Python."""
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True  # a `{% trans %}` block's line breaks are layout, not words
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    # Jinja's newstyle `_` goes through four context calls, a catalog lookup, a Markup and a `%` per word:
    # a page's forty words were a fifth of its layout's time. Same words, same escaping, one call.
    env.globals["_"] = env.globals["gettext"] = page_gettext
    # `_(value)` would mark the value safe (newstyle gettext treats its argument as a template
    # literal); a word that comes from Python goes through `tr`, whose result is escaped as usual.
    env.filters["tr"] = lambda value: gettext(value) if isinstance(value, str) else value
