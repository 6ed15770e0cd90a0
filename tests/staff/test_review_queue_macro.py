"""The reviewers' queue component (staff/macros.html `review_queue`), shared by 変更依頼 and 一般からの情報."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from bs4 import BeautifulSoup

from tsunagu.site.pages.templating import make_templates

TEMPLATES = Path(__file__).resolve().parents[2] / "site" / "templates"
PAGE = """{% import "staff/macros.html" as staff %}
{% call(i) staff.review_queue("changes", "変更依頼", "変更依頼の一覧", "/staff/changes/", choices, "pending",
                              ["番号", "記録"], items, "この状態の変更依頼はありません。") -%}
<th scope="row"><a href="/staff/changes/{{ i.id }}">#{{ i.id }}</a></th><td>{{ i.record }}</td>
{%- endcall %}"""


def render(items) -> BeautifulSoup:
    env = make_templates(SimpleNamespace(cities={})).env  # the site's own environment: its i18n tags and filters
    html = env.from_string(PAGE).render(items=items, choices=[("pending", "確認待ち"), ("all", "すべて")])
    return BeautifulSoup(html, "html.parser")


def test_the_queue_counts_its_rows_and_labels_the_scrollable_table_with_its_heading():
    soup = render([{"id": 7, "record": "zushi-salon-02"}, {"id": 8, "record": "<b>x</b>"}])
    heading = soup.find("h2")
    assert heading.get_text() == "変更依頼（2 件）"
    region = soup.find(attrs={"role": "region"})
    assert region["aria-labelledby"] == heading["id"] and region["tabindex"] == "0"
    assert [th.get_text() for th in soup.select("thead th[scope=col]")] == ["番号", "記録"]
    rows = soup.select("tbody tr")
    assert [r.th.a["href"] for r in rows] == ["/staff/changes/7", "/staff/changes/8"]
    assert rows[1].td.get_text() == "<b>x</b>" and rows[1].td.b is None  # data is shown as text, never markup
    assert soup.find("form")["method"] == "get" and soup.find("select")["name"] == "status"
    assert soup.find("option", selected=True)["value"] == "pending"


def test_an_empty_queue_says_so_instead_of_an_empty_table():
    soup = render([])
    assert soup.find("h2").get_text() == "変更依頼（0 件）"
    assert soup.find("table") is None
    assert "この状態の変更依頼はありません。" in soup.get_text()
