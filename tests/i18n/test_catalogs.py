"""The message catalogs match the words the site uses (issue 30.1): extraction over the templates and the
code (site/locale/babel.cfg) finds no entry a catalog lacks, none it keeps that nothing uses, none left
untranslated. `make messages` brings the catalogs in step; then the new entries need their translation."""
import pytest

from tsunagu.site.pages import catalogs


@pytest.fixture(scope="module")
def source():
    return catalogs.extract()


@pytest.mark.parametrize("lang", catalogs.TRANSLATED)
def test_catalog_is_complete_and_current(lang, source):
    p = catalogs.problems(lang, source)
    assert not p.missing, f"{lang}: not in the catalog (run `make messages`, then translate): {p.missing[:10]}"
    assert not p.stale, f"{lang}: in the catalog but used nowhere (run `make messages`): {p.stale[:10]}"
    assert not p.untranslated, f"{lang}: untranslated: {p.untranslated[:10]}"


def test_extraction_sees_templates_and_code(source):
    """The check would pass on an empty extraction: make sure it reads both kinds of source."""
    places = {path for m in source if m.id for path, _ in m.locations}
    assert any(p.endswith("base.html") for p in places)
    assert any(p.endswith(".py") for p in places)


def test_placeholders_survive_translation():
    """A translation that drops or renames a %(name)s would fail at render time (KeyError) or lose a value."""
    import re
    for lang in catalogs.TRANSLATED:
        for m in catalogs.read(lang):
            if m.id and isinstance(m.id, str) and m.string:
                want = sorted(re.findall(r"%\((\w+)\)s", m.id))
                assert sorted(re.findall(r"%\((\w+)\)s", m.string)) == want, (lang, m.id, m.string)
