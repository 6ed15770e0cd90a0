"""The large-print area guide (issue 28): its map sits on the first page with the desks (or, where it cannot,
starts a page under its own heading: never left alone apart from what it explains), and the guide runs to
as few pages as 16 pt allows: at most 3 for each district of 逗子 (it was 4, the map alone on page 2)."""
from __future__ import annotations

import re

import pytest

from tsunagu.guides.files import names
from tsunagu.guides.pdfinfo import read_pdf

pytestmark = pytest.mark.bundled_data

LEGEND = "地図:"
HEADED = "地図（番号は一覧と同じ）" + LEGEND  # the map's own heading, then the map (no text) and its legend


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def large_guides(settings):
    from tsunagu.catalog import Catalog
    catalog = Catalog(settings.current_build.resolve())
    for city in catalog.cities.values():
        for d in city.districts:
            n = names(city.slug, d.id)
            folder = settings.current_build / "guides"
            yield city.slug, d.id, (folder / n["map"]).is_file(), read_pdf((folder / n["large"]).read_bytes())


def test_the_map_is_on_the_first_page_or_heads_its_own(settings):
    mapped = 0
    for city, district, has_map, info in large_guides(settings):
        pages = [flat(t) for t in info.text]
        if not has_map:
            continue
        mapped += 1
        at = next(i for i, t in enumerate(pages) if LEGEND in t)
        if at == 0:
            # On page 1 after the desks: the desks' phones come first, then the map and its legend.
            assert pages[0].find("困ったときの相談窓口") < pages[0].find(LEGEND), f"{city}/{district}"
        else:
            assert HEADED in pages[at], f"{city}/{district}: the map is alone on page {at + 1}"
    assert mapped >= 8  # 逗子's eight districts have maps


def test_large_print_runs_to_as_few_pages_as_it_can(settings):
    counts = {f"{city}/{district}": info.pages for city, district, _, info in large_guides(settings)}
    zushi = {k: v for k, v in counts.items() if k.startswith("zushi/")}
    assert zushi and max(zushi.values()) <= 3, counts
    assert all(v <= 4 for v in counts.values()), counts


def test_a_map_that_cannot_share_page_1_heads_the_next_page(settings, tmp_path):
    """小坪 with eight more desks of its own: the desks fill page 1, so the map follows on under its heading."""
    import json
    import shutil

    from tsunagu.catalog import Catalog
    from tsunagu.geo.engine import GeoEngine
    from tsunagu.guides.render import SheetRenderer

    build = tmp_path / "20261201-000000-1"
    build.mkdir()
    shutil.copytree(settings.current_build / "geo", build / "geo")
    payload = json.loads((settings.current_build / "records.json").read_text(encoding="utf-8"))
    model = next(r for r in payload["resources"] if r["city"] == "zushi" and r["kind"] == "consultation_desk")
    for i in range(8):
        # A made-up desk carries no contact: no real desk's number on a name it does not belong to.
        payload["resources"].append({**model, "id": f"zushi-test-desk-{i}", "name": f"試験の相談窓口{i}番",
                                     "name_kana": f"しけん{i}", "district": "kotsubo", "area": "", "phone": "",
                                     "address": "", "venue": "", "venue_text": "", "lat": None, "lon": None,
                                     "precision": "none", "description": "", "notes": "", "corrections": []})
    (build / "records.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    out = build / "guides"
    out.mkdir()
    SheetRenderer(Catalog(build), GeoEngine(settings.data_dir), out, "https://example.jp") \
        .render_district("zushi", "kotsubo")
    pages = [flat(t) for t in read_pdf((out / names("zushi", "kotsubo")["large"]).read_bytes()).text]
    at = next(i for i, t in enumerate(pages) if LEGEND in t)
    assert at > 0 and HEADED in pages[at], pages[at][:80]
    assert "試験の相談窓口7番" in "".join(pages[:at]) + pages[at].split(HEADED)[0]  # every desk before the map
