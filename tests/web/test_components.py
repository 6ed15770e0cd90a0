"""Every component macro's examples (site/pages/component_examples.py) render what they promise (issue 23)."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from tsunagu.site.pages.component_examples import EXAMPLES, Example
from tsunagu.site.pages.templating import make_templates

TEMPLATES = Path(__file__).resolve().parents[2] / "site" / "templates"
# Macros whose examples are still to be written (they take a whole record view or a rendered map).
WITHOUT_EXAMPLE = {"macros/components.html": {"resource_item", "resource_list", "map_block", "when_filters"},
                   "staff/macros.html": {"staff_nav", "publish_state", "review_queue"}, "macros/desk.html": set()}


@pytest.fixture(scope="module")
def env():
    return make_templates(SimpleNamespace(cities={})).env


def render(env, example: Example) -> str:
    macro = getattr(env.get_template(example.template).module, example.macro)
    return str(macro(*example.args, **example.kwargs))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.macro}: {e.name}")
def test_each_example_renders_what_it_promises(env, example):
    html = render(env, example)
    for text in example.shows:
        assert text in html, f"{example.macro} ({example.name}) lacks {text!r}:\n{html}"
    for text in example.hides:
        assert text not in html, f"{example.macro} ({example.name}) should not show {text!r}:\n{html}"
    ids = Counter(tag["id"] for tag in BeautifulSoup(html, "html.parser").find_all(id=True))
    assert not [i for i, n in ids.items() if n > 1], f"duplicate ids in {example.macro}: {ids}"


@pytest.mark.parametrize("template", sorted(WITHOUT_EXAMPLE))
def test_every_component_has_an_example(template):
    defined = set(re.findall(r"{%-? macro (\w+)\(", (TEMPLATES / template).read_text(encoding="utf-8")))
    covered = {e.macro for e in EXAMPLES if e.template == template}
    assert defined - covered == WITHOUT_EXAMPLE[template], "add the new component's examples"
