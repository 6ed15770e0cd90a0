"""ふりがな over a rendered page: ruby on the text between tags, never in a tag (issue 30.4).

Why over the rendered HTML and not in Jinja's `finalize` or a filter on each `{{ }}`: most page text is
written in the templates themselves (headings, labels, help), which no `{{ }}` passes through, while
the same `{{ }}` that fills a paragraph also fills a `title=`, a `<title>` or an input's `value=`,
where markup would be wrong or shown as text. Here a tag — with all its attributes — is copied as it
is, and text is only touched where ruby may stand: not inside <title>, <script>, <style>, <textarea>,
<option> (a form's values), <svg>, or an existing <ruby>.

Text is unescaped, given ruby and escaped again part by part (search/furigana.py), so `&amp;` stays
`&amp;` and nothing is escaped twice. Each text run is cached by the Furigana (nav and footer text
repeat on every page; a record's text on each page that shows it).
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup

from .furigana import Furigana, has_kanji

_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
# Elements whose text must stay plain: document title, code, form values, SVG, ruby already given.
NO_RUBY = frozenset({"title", "script", "style", "textarea", "option", "svg", "ruby", "rt", "rp", "template"})


def ruby_page(page: str, furigana: Furigana) -> Markup:
    """`page` (escaped HTML, e.g. a template's rendered body) with ruby on the kanji of its text."""
    out: list[str] = []
    pos = 0
    skip = 0  # depth inside NO_RUBY elements
    for m in _TAG.finditer(page):
        out.append(_text(page[pos:m.start()], furigana, skip))
        tag = m.group()
        out.append(tag)
        pos = m.end()
        name = _NAME.match(tag)
        if name and name.group(2).lower() in NO_RUBY and not tag.endswith("/>"):
            skip = max(0, skip - 1) if name.group(1) else skip + 1
    out.append(_text(page[pos:], furigana, skip))
    return Markup("".join(out))


def _text(text: str, furigana: Furigana, skip: int) -> str:
    if skip or not text or not has_kanji(text):
        return text
    return str(furigana.html(html.unescape(text)))
