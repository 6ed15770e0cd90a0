"""Templates use only what their page's typed context declares (issue 23.5, site/pages/contexts.py).

A template reading a name no route gives it shows nothing (Jinja's undefined is silent), and a key a route
gives that no template reads is work for nothing: both fail here, page by page."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from jinja2 import meta

from tsunagu.site.pages.contexts import PAGES as PUBLIC_PAGES
from tsunagu.site.pages.contexts import Layout
from tsunagu.site.pages.templating import TEMPLATES_DIR, make_templates
from tsunagu.site.staff.contexts import STAFF_PAGES, StaffLayout

ENV = make_templates(SimpleNamespace(cities={})).env
GIVEN_BY_RENDER = {"request", "nonce"}  # pages/templating.render adds these to every page
PAGES = {**PUBLIC_PAGES, **STAFF_PAGES}
LAYOUTS = ("base.html", "staff/base.html")


def imported_names(source: str) -> set[str]:
    groups = re.findall(r"{%-?\s*(?:import\s+\S+\s+as|from\s+\S+\s+import)\s+([\w, ]+?)\s*-?%}", source)
    return {n.strip().split(" as ")[-1] for group in groups for n in group.split(",")}


BASE_IMPORTS = set().union(*(imported_names((TEMPLATES_DIR / t).read_text(encoding="utf-8")) for t in LAYOUTS))  # `ui`


def names_used(template: str) -> set[str]:
    """The names a template reads from its context (not those the environment's globals answer)."""
    source = (TEMPLATES_DIR / template).read_text(encoding="utf-8")
    return (meta.find_undeclared_variables(ENV.parse(source)) - set(ENV.globals) - GIVEN_BY_RENDER
            - imported_names(source) - BASE_IMPORTS)


def test_every_page_template_has_a_context():
    """Every page — public, the suggestion forms, the staff console — not the layouts and macro files."""
    pages = {str(p.relative_to(TEMPLATES_DIR)) for folder in ("", "staff", "suggest")
             for p in (TEMPLATES_DIR / folder).glob("*.html")}
    pages -= set(LAYOUTS) | {"staff/macros.html", "suggest/macros.html"}
    assert pages == set(PAGES), "a page template without a typed context (or a context for no template)"


@pytest.mark.parametrize("template", sorted(PAGES))
def test_the_template_reads_only_declared_keys(template):
    context = PAGES[template]
    keys = set(context.__annotations__)
    for base in context.__mro__[1:]:
        keys |= set(getattr(base, "__annotations__", {}))
    undeclared = names_used(template) - keys
    assert not undeclared, f"{template} reads {sorted(undeclared)}, which {context.__name__} does not declare"


def test_the_layouts_declare_what_they_read():
    assert names_used("base.html") <= set(Layout.__annotations__)
    assert names_used("staff/base.html") <= set(StaffLayout.__annotations__)


@pytest.mark.parametrize("template", sorted(t for t in PAGES if not t.startswith("about_")))
def test_every_declared_key_is_read(template):
    """About pages share one context (each reads part of it); every other page reads all it declares."""
    own = (set(PAGES[template].__annotations__) - set(Layout.__annotations__) - set(StaffLayout.__annotations__)
           - set(ENV.globals))  # a page may shadow a global
    unread = own - names_used(template)
    assert not unread, f"{PAGES[template].__name__} declares {sorted(unread)}, which {template} never reads"
