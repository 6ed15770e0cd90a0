"""Keeping the message catalogs in step with the source words (issue 30.1).

`python -m tsunagu.site.pages.catalogs` (`make messages`) extracts every marked word from the code and
templates (site/locale/babel.cfg) and rewrites each catalog: new words are added untranslated, words
nothing uses any more are dropped, translations are kept. `problems()` is the check `make test` runs
(tests/i18n/test_catalogs.py): per language, the words a catalog lacks, the ones it keeps that nothing
uses, and the ones left untranslated — all must be none.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from tsunagu.data.model import KIND_LABELS, PRECISION_LABELS

from .i18n import LOCALE_DIR, catalog_path
from .reading import LANGS

ROOT = LOCALE_DIR.parent.parent  # the checkout: extraction reads the source tree, not an installed copy
CONFIG = LOCALE_DIR / "babel.cfg"
TRANSLATED = tuple(lang for lang in LANGS if lang != "ja")


def extract_vocabulary(fileobj, keywords, comment_tags, options):
    """Babel extractor for data/vocabulary.yaml: the words residents see as labels and choices (targets,
    categories, needs, statuses and what each status claims). A value a clerk adds there is a new
    entry the catalogs must translate."""

    data = yaml.safe_load(fileobj.read().decode("utf-8")) or {}
    for section in ("targets", "categories"):
        for value in data.get(section) or ():
            yield 0, None, str(value), [f"vocabulary: {section}"]
    for key, label in (data.get("needs") or {}).items():
        yield 0, None, str(label), [f"vocabulary: need {key}"]
    for key, meaning in (data.get("statuses") or {}).items():
        yield 0, None, str(key), ["vocabulary: status"]
        yield 0, None, str(meaning), [f"vocabulary: what {key} claims"]


def extract_labels(fileobj, keywords, comment_tags, options):
    """Babel extractor for the model's label tables (data/model.py: kinds and position precisions)."""

    for table, labels in (("kind", KIND_LABELS), ("precision", PRECISION_LABELS)):
        for key, label in labels.items():
            yield 0, None, label, [f"{table}: {key}"]


def extract() -> Catalog:
    """Every marked word of the public site, with where it is used."""
    with CONFIG.open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    template = Catalog(project="tsunagu", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, strip_comment_tags=True):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def read(lang: str) -> Catalog:
    with catalog_path(lang).open("rb") as f:
        return read_po(f)


@dataclass
class Problems:
    missing: list[str]
    stale: list[str]
    untranslated: list[str]

    def __bool__(self) -> bool:
        return bool(self.missing or self.stale or self.untranslated)


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def problems(lang: str, source: Catalog | None = None) -> Problems:
    source = source or extract()
    wanted = {_key(m) for m in source if m.id}
    catalog = read(lang)
    held = {_key(m): m for m in catalog if m.id}
    untranslated = [k for k, m in held.items() if k in wanted and (not m.string or m.fuzzy
                    or (isinstance(m.string, tuple) and not all(m.string)))]
    return Problems(missing=sorted(wanted - held.keys()), stale=sorted(held.keys() - wanted),
                    untranslated=sorted(untranslated))


def update(lang: str, source: Catalog) -> Catalog:
    """The catalog with the source's words: translations kept, new words empty, unused words gone."""
    old = read(lang) if catalog_path(lang).exists() else Catalog()
    new = Catalog(project="tsunagu", charset="utf-8", fuzzy=False)
    for m in source:
        if not m.id:
            continue
        before = old.get(m.id, context=m.context)
        new.add(m.id, before.string if before else None, m.locations, auto_comments=m.auto_comments,
                context=m.context)
    return new


def write(lang: str, catalog: Catalog) -> None:
    path = catalog_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        # No line numbers: a catalog should change when the words do, not when a template gains a line.
        write_po(f, catalog, width=0, include_lineno=False, omit_header=True, sort_output=True)


def main(argv: list[str]) -> int:
    source = extract()
    for lang in TRANSLATED:
        write(lang, update(lang, source))
        p = problems(lang, source)
        print(f"{lang}: {len([m for m in source if m.id])} entries, {len(p.untranslated)} untranslated",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

