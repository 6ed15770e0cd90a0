"""Curators' notes stay with the staff; provenance is one click away, in plain words (issue 28.6)."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.bundled_data

DESK_WITH_NOTES = "zushi-desk-east"


def visible_text(soup: BeautifulSoup) -> str:
    """What a resident reads without opening anything (closed <details> left out, their summary kept)."""
    for details in soup.select("details:not([open])"):
        summary = details.find("summary")
        details.replace_with(summary.get_text() if summary else "")
    return soup.find("main").get_text(" ", strip=True)


def test_a_record_page_shows_no_curators_notes_and_keeps_sources_one_click_away(client, app):
    record = app.state.holder.current.catalog.resources.get(DESK_WITH_NOTES)
    assert record is not None and "推定です" in record.notes, "the fixture record carries a curator's note"
    page = BeautifulSoup(client.get(f"/zushi/resources/{DESK_WITH_NOTES}").text, "html.parser")
    assert "推定です" not in page.get_text() and "メモ:" not in page.get_text()
    provenance = page.select_one("details.provenance")
    assert provenance is not None and "出典" in provenance.find("summary").get_text()
    assert re.search(r"\d+行", provenance.get_text()), "the plan lines are inside the 出典 detail"


@pytest.mark.parametrize("path", ["/zushi/", "/kamakura/", "/zushi/areas/"])
def test_city_pages_keep_plan_line_numbers_inside_a_detail(client, path):
    page = BeautifulSoup(client.get(path).text, "html.parser")
    assert not re.search(r"\d+行", visible_text(page)), path
