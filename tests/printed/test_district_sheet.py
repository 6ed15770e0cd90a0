"""The district sheet as the build made it: one A4 sheet both sides, never type below 10.5 pt,
the same content on the web page as in the PDF, read back in order, tagged."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from bs4 import BeautifulSoup

from tsunagu.guides.files import names
from tsunagu.guides.pdfinfo import read_pdf

pytestmark = pytest.mark.bundled_data

MAX_BYTES = 500 * 1024


def districts(app):
    catalog = app.state.holder.current.catalog
    return [(c.slug, d.id) for c in catalog.cities.values() for d in c.districts]


def guide_bytes(settings, city, district, kind="pdf") -> bytes:
    return (settings.current_build / "guides" / names(city, district)[kind]).read_bytes()


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_district_is_one_sheet_or_says_what_went_to_a_second(app, settings):
    for city, district in districts(app):
        data = guide_bytes(settings, city, district)
        info = read_pdf(data)
        assert len(data) <= MAX_BYTES, f"{city}/{district}: {len(data)} bytes"
        assert info.smallest_pt >= 10.5, f"{city}/{district}: type at {info.smallest_pt} pt"
        assert info.tagged and info.lang == "ja", f"{city}/{district}: not a tagged Japanese PDF"
        text = flat("".join(info.text))
        sheets = 2 if "2枚目に載せています" in text else 1
        assert info.pages == 2 * sheets or (sheets == 2 and info.pages == 3), f"{city}/{district}: {info.pages} pages"
        # One 「計画に記載なし」 explanation per sheet, not one per line.
        assert text.count("計画に記載なし") == sheets, f"{city}/{district}: {text.count('計画に記載なし')}"
        assert "現在" in text and f"/{city}/areas/{district}" in text


def test_large_print_is_16pt_throughout(app, settings):
    for city, district in districts(app):
        info = read_pdf(guide_bytes(settings, city, district, "large"))
        assert info.smallest_pt >= 16, f"{city}/{district}: {info.smallest_pt} pt"
        assert "大きな文字" in flat(info.text[0])


def test_front_reads_desk_map_salons_then_back_reads_help_by_need(settings, app):
    info = read_pdf(guide_bytes(settings, "zushi", "kotsubo"))
    front, back = flat(info.text[0]), flat(info.text[1])
    order = [front.find(s) for s in ("逗子市小坪", "困ったときの相談窓口", "西部地域包括支援センター", "046-876-5451",
                                     "地図:", "サロン・通いの場", "曜日が未掲載", "アトリエむべ")]
    assert -1 not in order and order == sorted(order), order
    assert back.startswith("市全体の相談・支援（困りごと別）")
    assert "ほかにも：" in back and "（連絡先は上の総合窓口へ）" in back
    # The salons' lines no longer repeat "not in the plan" one by one.
    assert "日時・連絡先は計画に記載がありません" not in front + back


def test_the_web_page_shows_what_the_pdf_shows_in_the_same_order(client, settings):
    for city, district in (("zushi", "kotsubo"), ("kamakura", "ofuna"), ("nagano", "all")):
        soup = BeautifulSoup(client.get(f"/{city}/areas/{district}").text, "html.parser")
        sheet = soup.select_one("article.sheet")
        lines = [flat(el.get_text()) for el in sheet.select("h1, h2, h3, li, .sheet-desk-phone, p")]
        lines = [ln for ln in lines if ln]
        pdf = flat("".join(read_pdf(guide_bytes(settings, city, district)).text))
        # Page footers (1 / 2) are the only extra text; every line of the page is in the PDF, in order.
        at = 0
        for line in lines:
            found = pdf.find(line[:40], at)
            assert found >= 0, f"{city}/{district}: «{line[:40]}» missing or out of order in the PDF"
            at = found


def test_guide_routes_serve_both_pdfs_and_the_map(client):
    for path in ("/zushi/areas/kotsubo.pdf", "/zushi/areas/kotsubo/large.pdf"):
        r = client.get(path)
        assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert client.get("/zushi/areas/kotsubo/map.png").headers["content-type"] == "image/png"
    assert client.get("/zushi/areas/nosuch/large.pdf").status_code == 404


@pytest.fixture(scope="module")
def crowded_build(settings, tmp_path_factory):
    """A copy of the build whose 小坪 has 60 salons: more than one sheet can hold."""
    build = tmp_path_factory.mktemp("crowded") / "20261201-000000-1"
    build.mkdir()
    shutil.copytree(settings.current_build / "geo", build / "geo")
    payload = json.loads((settings.current_build / "records.json").read_text(encoding="utf-8"))
    model = next(r for r in payload["resources"] if r["city"] == "zushi" and r["district"] == "kotsubo"
                 and r["kind"] == "salon")
    for i in range(60):
        payload["resources"].append({**model, "id": f"zushi-test-{i:02d}", "name": f"試験サロン{i:02d}番の会",
                                     "name_kana": f"しけん{i:02d}"})
    (build / "records.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return build


def test_a_district_too_full_for_one_sheet_goes_on_a_second_and_says_so(crowded_build, settings):
    from tsunagu.catalog import Catalog
    from tsunagu.geo.engine import GeoEngine
    from tsunagu.guides.render import SheetRenderer

    out = crowded_build / "guides"
    out.mkdir()
    info = SheetRenderer(Catalog(crowded_build), GeoEngine(settings.data_dir), out, "https://example.jp") \
        .render_district("zushi", "kotsubo")
    pdf = read_pdf((out / names("zushi", "kotsubo")["pdf"]).read_bytes())
    assert info["fit"]["salons_on_front"] is not None and info["overflow"]
    assert pdf.smallest_pt >= 10.5 and pdf.pages in (3, 4)
    front = flat(pdf.text[0])
    assert "1枚に入りきらなかったため、サロン" in front and "2枚目に載せています" in front
    rest = flat("".join(pdf.text[2:]))
    assert "（2枚目）" in rest and "サロン・通いの場（続き）" in rest
    # Every salon is on one of the two sheets.
    everything = flat("".join(pdf.text))
    assert all(f"試験サロン{i:02d}番の会" in everything for i in range(60))
