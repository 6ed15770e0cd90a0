"""The personal sheet: one A4 page for one address and its needs; the same desk as the desk finder;
nothing about the person kept."""
from __future__ import annotations

import logging
import re

import pytest
from bs4 import BeautifulSoup

from tsunagu.guides.pdfinfo import read_pdf

from .html import assert_page_basics

pytestmark = pytest.mark.bundled_data

# Ten addresses across the four cities: matched, ambiguous (新宿4丁目), town only; 0–3 needs.
ADDRESSES = [
    ("zushi", "新宿4丁目2番35号", ["高齢"]),
    ("zushi", "新宿4丁目", ["高齢", "障がい"]),
    ("zushi", "逗子5丁目", []),
    ("zushi", "小坪5丁目", ["生活困窮"]),
    ("kamakura", "大船2丁目", ["子育て", "生活困窮", "障がい"]),
    ("kamakura", "腰越3丁目", ["高齢"]),
    ("nagano", "鶴賀", ["高齢"]),
    ("nagano", "篠ノ井布施高田", []),
    ("shimonoseki", "竹崎町", ["高齢"]),
    ("shimonoseki", "唐戸町", ["ケアラー"]),
]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def unique(lists) -> list:
    out = []
    for item in lists:
        if item not in out:
            out.append(item)
    return out


def desk_page_names(client, city, address, need) -> list[str]:
    """The desks the desk finder answers (the answer card and the candidates), in order."""
    soup = BeautifulSoup(client.get(f"/{city}/desk", params={"address": address, "need": need or ""}).text,
                         "html.parser")
    answer = soup.select_one("section.answer")
    names = [h.get_text(strip=True) for h in answer.select(".desk-card h3, .desk-card h4")]
    also = answer.find("h3", string="あわせて相談できる窓口")
    if also:  # the "also" desks come after the answer; compare the answer itself
        also_names = [h.get_text(strip=True) for h in also.find_all_next("h4")]
        names = [n for n in names if n not in also_names] or names
    return names


@pytest.mark.parametrize(("city", "address", "needs"), ADDRESSES)
def test_sheet_is_one_page_with_the_desk_pages_answer(client, city, address, needs):
    page = client.get(f"/{city}/sheet", params={"address": address, "need": needs})
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    soup = BeautifulSoup(page.text, "html.parser")
    assert_page_basics(soup)
    # Needs with the same answer share one part: compare the distinct answers, in order.
    shown = unique([p.get_text(strip=True) for p in part.select(".sheet-desk-name")] for part in soup.select(".sheet-part"))
    expected = unique(desk_page_names(client, city, address, need) for need in needs or [None])
    assert shown == expected and expected[0], (city, address, needs)
    assert soup.find(string=re.compile("メモ（担当の人の名前など）"))
    pdf = client.get(f"/{city}/sheet.pdf", params={"address": address, "need": needs})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert address not in pdf.headers["content-disposition"] and "sheet-" in pdf.headers["content-disposition"]
    info = read_pdf(pdf.content)
    assert info.pages == 1 and info.smallest_pt >= 10.5 and info.tagged
    text = flat(info.text[0])
    assert "メモ（担当の人の名前など）" in text and "現在" in text and f"/{city}/sheet?address=" in text
    for name in (p.get_text(strip=True) for p in soup.select(".sheet-desk-name")):
        assert flat(name) in text


def test_ambiguous_address_says_what_to_find_out(client):
    soup = BeautifulSoup(client.get("/zushi/sheet", params={"address": "新宿4丁目", "need": "高齢"}).text, "html.parser")
    part = soup.select_one(".sheet-part")
    assert "番地によって窓口が分かれます" in part.get_text()
    assert "住所の番が分かれば" in part.select_one(".sheet-ask").get_text()
    assert len(part.select(".sheet-desk")) == 2


def test_nearest_salons_show_walking_minutes(client):
    soup = BeautifulSoup(client.get("/zushi/sheet", params={"address": "逗子5丁目"}).text, "html.parser")
    salons = soup.find("h2", string=re.compile("近くのサロン")).find_next("ul").find_all("li")
    assert 3 <= len(salons) <= 5
    assert all(re.search(r"歩いて約\d+分", li.get_text()) for li in salons)



@pytest.mark.parametrize(("lang", "same_town", "zero"), [("ja", "出発地と同じ町の中", "歩いて約0分"),
                                                          ("en", "in the same town as your starting point", "about 0 min")])
def test_a_salon_in_the_starting_town_is_said_to_be_there_not_0_minutes_away(client, lang, same_town, zero):
    """逗子7丁目 is only known to its town's point, and so is the private-home salon in it: the sheet says they
    are in the same town, as the near page does, never "0 minutes (0 m)" away."""
    text = client.get("/zushi/sheet", params={"address": "逗子7-1-1", "lang": lang}).text
    client.get("/zushi/", params={"lang": "ja"})  # the client keeps the language cookie
    assert same_town in text and zero not in text
    # its place is its town only, said in the reader's words
    assert ("逗子七丁目（個人宅のため町名のみ）" if lang == "ja" else "逗子七丁目 (a private home: the town only)") in text

@pytest.mark.parametrize(("params", "message"), [
    ({"address": ""}, "住所を入力してください"),
    ({"address": "東京都新宿区西新宿2-8-1"}, "逗子市内の住所を入力してください"),
    ({"address": "新宿4丁目", "need": "宇宙"}, "困りごとは一覧からえらんでください"),
    ({"address": "新宿4丁目", "need": ["高齢", "障がい", "子育て", "生活困窮"]}, "3つまで"),
])
def test_bad_input_is_a_clear_japanese_message(client, params, message):
    page = client.get("/zushi/sheet", params=params)
    assert page.status_code == 200 and message in page.text and "エラー:" in page.text
    pdf = client.get("/zushi/sheet.pdf", params=params)
    assert pdf.status_code == 400 and message in pdf.text


def files_and_times(settings) -> dict:
    """Every file of the build and var folders, except the server's lease heartbeat (it is touched
    every few seconds whatever the requests are, and holds only build ids)."""
    leases = settings.build_dir / "leases"
    return {p: p.stat().st_mtime for root in (settings.build_dir, settings.var_dir) if root.exists()
            for p in root.rglob("*") if leases not in p.parents}


def test_nothing_about_the_person_is_kept(client, settings, caplog):
    before = files_and_times(settings)
    address = "新宿4丁目2番35号"
    with caplog.at_level(logging.DEBUG):
        for path in ("/zushi/sheet", "/zushi/sheet.pdf"):
            r = client.get(path, params={"address": address, "need": "高齢"})
            assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    after = files_and_times(settings)
    assert after == before, "a request for a personal sheet wrote a file"
    assert not any("新宿4丁目" in rec.getMessage() for rec in caplog.records)


def test_the_desk_answer_links_to_its_personal_sheet(client):
    soup = BeautifulSoup(client.get("/zushi/desk", params={"address": "逗子5丁目", "need": "高齢"}).text, "html.parser")
    link = soup.find("a", string=re.compile("相談先メモにする"))
    assert link is not None and link["href"].startswith("/zushi/sheet?address=")
    sheet = BeautifulSoup(client.get(link["href"]).text, "html.parser")
    assert sheet.select_one(".sheet-desk-name").get_text(strip=True) == desk_page_names(client, "zushi", "逗子5丁目", "高齢")[0]
