"""Printed sheets never send a reader in a circle (issue 28): where the desk printed above has no phone and
no place, the sheet says the contact is not registered yet, whom to ask and where to send a correction,
and prints no number the data does not hold. And their sentences read cleanly: no doubled punctuation
(「。）。」), no sentence that names 番地 and 丁目 at once (issue 28)."""
from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from tsunagu.guides.files import names, read_sheet
from tsunagu.guides.pdfinfo import read_pdf

pytestmark = pytest.mark.bundled_data

CIRCLE = re.compile(r"連絡先は上の(?:総合|相談)窓口へ")
PHONE = re.compile(r"\d{2,5}-\d{1,4}-\d{3,4}")
DOUBLED = re.compile(r"[。、][）)」。、]|）。）|）[。、]{2}")
NOT_YET = "連絡先はまだ登録されていません"


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def data_phones(settings) -> set[str]:
    payload = json.loads((settings.current_build / "records.json").read_text(encoding="utf-8"))
    return {r["phone"] for r in payload["resources"] if r.get("phone")}


def districts(settings):
    from tsunagu.catalog import Catalog
    catalog = Catalog(settings.current_build.resolve())
    return [(c.slug, d.id) for c in catalog.cities.values() for d in c.districts]


def reachable(item) -> bool:
    return bool(item.phone or item.address or item.place)


def test_a_district_sheet_sends_no_one_back_to_a_desk_without_contact(settings):
    phones, build = data_phones(settings), settings.current_build
    seen_unreachable = 0
    for city, district in districts(settings):
        sheet = read_sheet(build, city, district)
        text = flat("".join(read_pdf((build / "guides" / names(city, district)["pdf"]).read_bytes()).text))
        assert set(PHONE.findall(text)) <= phones, f"{city}/{district}: a number the data does not hold"
        if any(reachable(d) for d in sheet.desks[:3]):
            continue
        seen_unreachable += 1
        assert not CIRCLE.search(text), f"{city}/{district}: 「連絡先は上の…へ」 but the desk above has no contact"
        assert NOT_YET in text and "市役所の代表電話" in text, city
        assert f"ウェブ版（{flat(sheet.url_shown)}）からお知らせください" in text, city
    assert seen_unreachable >= 2  # 長野 and 下関: their general desks have no phone or place yet


@pytest.mark.parametrize(("city", "address", "need"), [("nagano", "鶴賀", "高齢"), ("shimonoseki", "竹崎町", "高齢")])
def test_a_personal_sheet_says_the_contact_is_not_registered_and_whom_to_ask(client, settings, city, address, need):
    params = {"address": address, "need": need}
    soup = BeautifulSoup(client.get(f"/{city}/sheet", params=params).text, "html.parser")
    page = flat(soup.select_one("article.sheet").get_text())
    pdf = flat("".join(read_pdf(client.get(f"/{city}/sheet.pdf", params=params).content).text))
    for text in (page, pdf):
        assert not CIRCLE.search(text), f"{city}: 「連絡先は上の相談窓口へ」 points at a desk with no contact"
        assert "まだ登録されていません" in text and "市役所の代表電話" in text
        assert f"/{city}/sheet?address=" in text and "からお知らせください" in text
        assert set(PHONE.findall(text)) <= data_phones(settings)


def test_a_desk_with_a_phone_is_still_the_place_to_ask(settings):
    text = flat("".join(read_pdf((settings.current_build / "guides" / names("zushi", "kotsubo")["pdf"])
                                 .read_bytes()).text))
    assert "（連絡先は上の総合窓口へ）" in text and NOT_YET not in text


def test_no_district_sheet_doubles_its_punctuation(client, settings):
    for city, district in districts(settings):
        sheet = read_sheet(settings.current_build, city, district)
        for note in (sheet.desk_note, sheet.desk_scope_note):
            for sentence in note.split("。"):
                assert not ("番地" in sentence and "丁目によって" in sentence), f"{city}/{district}: {note}"
        soup = BeautifulSoup(client.get(f"/{city}/areas/{district}").text, "html.parser")
        text = flat(soup.select_one("article.sheet").get_text())
        bad = [text[max(0, m.start() - 20):m.end() + 3] for m in DOUBLED.finditer(text)]
        assert not bad, f"{city}/{district}: {bad}"


def test_the_sakurayama_header_names_how_its_desks_are_split_once():
    """The note comes from the desk engine's reason: one sentence, whatever the district."""
    from tsunagu.guides.desks import notes_text
    assert notes_text(["桜山は、丁目によって担当が東部・中部に分かれます。", "新宿は、丁目によって担当が分かれます"]) == \
        "桜山は、丁目によって担当が東部・中部に分かれます。新宿は、丁目によって担当が分かれます。"
