"""HTTP-level tests of the pages: parse the HTML and check what a user would meet."""
from __future__ import annotations

import pytest

from .html import assert_page_basics, parse

pytestmark = pytest.mark.bundled_data

CITIES = ("zushi", "kamakura", "nagano", "shimonoseki")


def find(app, city: str, name: str):
    catalog = app.state.holder.current.catalog
    return next(r for r in catalog.in_city(city) if r.name == name)


@pytest.mark.parametrize("path", ["/", "/about/accessibility", "/about/data", "/about/privacy", "/about/english"]
                         + [f"/{c}/{p}" for c in CITIES for p in ("", "search", "desk", "near", "areas/")])
def test_every_page_is_well_formed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_page_basics(parse(response))


def test_home_offers_the_three_tasks_and_a_search_box(client):
    soup = parse(client.get("/"))
    text = soup.get_text()
    for task in ("近くのサロンをさがす", "相談窓口をさがす", "地区のガイドを印刷する"):
        assert task in text
    form = soup.find("form", action="/search")
    assert form.get("method") == "get" and form.find("input", attrs={"name": "q"})


def test_search_lists_results_as_links_to_real_pages(client):
    soup = parse(client.get("/zushi/search", params={"q": "サロン"}))
    assert_page_basics(soup)
    links = [a["href"] for a in soup.select(".resource-list .resource-name a")]
    assert len(links) >= 10
    assert all(client.get(href).status_code == 200 for href in links[:5])
    assert soup.find(class_="folium-map") is not None  # the map sits beside the list
    assert soup.select_one(".map-section a.skip-map")["href"] == "#after-map"


def test_search_state_lives_in_the_url_and_paginates(client):
    first = parse(client.get("/zushi/search", params={"kind": "salon"}))
    nxt = first.find("a", rel="next")
    assert nxt is not None and "kind=salon" in nxt["href"] and "page=2" in nxt["href"]
    second = parse(client.get(nxt["href"]))
    first_names = {a.get_text() for a in first.select(".resource-name a")}
    second_names = {a.get_text() for a in second.select(".resource-name a")}
    assert first_names and second_names and not first_names & second_names


def test_no_results_gives_a_next_step(client):
    soup = parse(client.get("/zushi/search", params={"q": "ぜったいにないことばです"}))
    section = soup.find(id="none-heading").parent
    assert "0件" in soup.find(role="status").get_text()
    assert section.find("a", href=lambda h: h and h.startswith("tel:")) is not None


def test_script_in_the_query_is_shown_as_text(client):
    attack = '<script>alert("x")</script>'
    response = client.get("/zushi/search", params={"q": attack})
    assert attack not in response.text
    assert "&lt;script&gt;" in response.text
    response = client.get("/zushi/desk", params={"address": attack})
    assert attack not in response.text and response.status_code == 200


def test_security_headers(client):
    response = client.get("/zushi/search", params={"q": "サロン"})
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "cyberjapandata.gsi.go.jp" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"]
    # the one inline script carries this response's nonce
    nonce = csp.split("'nonce-")[1].split("'")[0]
    inline = [s for s in parse(response).find_all("script") if not s.get("src")]
    assert inline and all(s.get("nonce") == nonce for s in inline)


def test_unknown_city_and_id_are_404_pages(client):
    for path in ("/tokyo/", "/zushi/resources/nope", "/zushi/areas/nowhere", "/no/such/page"):
        response = client.get(path)
        assert response.status_code == 404, path
        soup = parse(response)
        assert_page_basics(soup)
        assert "見つかりません" in soup.h1.get_text() or "載っていません" in soup.get_text()
    api = client.get("/api/v1/tokyo/search", params={"q": "x"})
    assert api.status_code == 404 and api.json()["error"]


def test_resource_page_says_what_where_when_and_source(client, app):
    desk = find(app, "zushi", "逗子市西部地域包括支援センター")
    soup = parse(client.get(f"/zushi/resources/{desk.id}"))
    assert_page_basics(soup)
    assert soup.find("a", href="tel:0468765451") is not None
    text = soup.get_text()
    assert "新宿" in text and "位置の精度" in text
    assert "逗子市地域福祉推進計画" in text and "行" in text


def test_private_salon_shows_its_town_only(client, app):
    salon = find(app, "zushi", "サロン・ド・桜")
    soup = parse(client.get(f"/zushi/resources/{salon.id}"))
    text = soup.get_text()
    assert "町名のみ" in text and "逗子" in text
    assert soup.find(class_="folium-map") is None  # never pinned
    data = client.get(f"/api/v1/zushi/resources/{salon.id}").json()
    assert data["lat"] is None and data["lon"] is None and data["address"] == ""
    geojson = client.get("/api/v1/zushi/resources.geojson").json()
    assert salon.id not in {f["properties"]["id"] for f in geojson["features"]}


def test_desk_matched_answers_in_text_first(client):
    soup = parse(client.get("/zushi/desk", params={"address": "逗子市新宿4丁目2番35号"}))
    answer = soup.find(class_="answer")
    assert "西部地域包括支援センター" in answer.h2.get_text()
    assert answer.find("a", href="tel:0468765451") is not None
    # text first, map after
    assert str(soup).index("class=\"answer\"") < str(soup).index("folium-map")


def test_desk_ambiguous_shows_every_candidate_and_what_to_add(client):
    soup = parse(client.get("/zushi/desk", params={"address": "新宿4丁目"}))
    answer = soup.find(class_="answer")
    assert "分かれます" in answer.h2.get_text()
    names = answer.get_text()
    assert "中部地域包括支援センター" in names and "西部地域包括支援センター" in names
    assert "番" in answer.get_text()


def test_desk_input_error_has_summary_linking_to_the_field(client):
    soup = parse(client.get("/zushi/desk", params={"address": "   "}))
    assert soup.title.get_text().startswith("エラー:")
    summary = soup.find(class_="error-summary")
    assert summary.find("a")["href"] == "#address"
    field = soup.find(id="address")
    assert field.get("aria-invalid") == "true" and "address-error" in field["aria-describedby"]


def test_near_lists_salons_with_metres_and_minutes(client):
    soup = parse(client.get("/zushi/near", params={"address": "逗子5丁目"}))
    items = soup.select(".resource-list .resource-item")
    assert 1 <= len(items) <= 10
    assert "歩いて約" in items[0].get_text() and "m" in items[0].get_text()


def test_area_guide_lists_and_prints(client):
    soup = parse(client.get("/zushi/areas/kotsubo"))
    assert_page_basics(soup)
    assert soup.find("a", href="/zushi/areas/kotsubo.pdf") is not None
    names = soup.get_text()
    assert "亀が岡" in names and "西部地域包括支援センター" in names
    pdf = client.get("/zushi/areas/kotsubo.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) < 1_000_000
    # Japanese text stays selectable: a PDF reader gets the characters back, not glyph boxes.
    import io

    from pypdf import PdfReader
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "小坪" in text and "地区の安心便利帳" in text and "046-876-5451" in text


def test_search_page_html_stays_small(client):
    response = client.get("/zushi/search", params={"q": "ぜったいにないことばです"})
    assert len(response.content) < 30_000


def test_healthz(client):
    assert client.get("/healthz").json()["status"] == "ok"


def test_two_places_in_one_hall_share_one_numbered_marker(client):
    # ⑨ ふれあいサロン新宿 and ⑩ 新宿はつらつ体操 both meet at 新宿会館.
    soup = parse(client.get("/zushi/near", params={"address": "新宿2丁目"}))
    numbers = {it.find(class_="resource-name").find("a").get_text(): it.find(class_="visually-hidden").get_text()
               for it in soup.select(".resource-item")}
    a = numbers["ふれあいサロン新宿"].rstrip("番、")
    b = numbers["新宿はつらつ体操"].rstrip("番、")
    script = soup.find("script", src=False).string
    assert f"{min(a, b, key=int)}\\u30fb{max(a, b, key=int)}" in script


def test_area_guide_never_offers_another_areas_centre_as_citywide(client):
    # 小坪 is covered by the 西部 centre only; 中部 and 東部 serve other towns.
    text = parse(client.get("/zushi/areas/kotsubo")).get_text()
    assert "西部地域包括支援センター" in text
    assert "中部地域包括支援センター" not in text and "東部地域包括支援センター" not in text


def test_salon_at_a_known_venue_gets_its_desk_from_the_venue_town(client, app):
    # ふれあいサロン新宿 meets at 新宿会館, a facility point in 新宿二丁目 (中部). Its district,
    # 新宿, alone is split between 中部 and 西部.
    salon = find(app, "zushi", "ふれあいサロン新宿")
    soup = parse(client.get(f"/zushi/resources/{salon.id}"))
    heading = soup.find("h2", string="担当の相談窓口")
    section = []
    for sib in heading.find_next_siblings():
        if sib.name == "h2":
            break
        section.append(sib.get_text())
    assert "中部地域包括支援センター" in " ".join(section)
    assert "分かれます" not in " ".join(section)


def test_desk_page_links_to_the_other_city(client):
    soup = parse(client.get("/zushi/desk", params={"address": "鎌倉市御成町18-10"}))
    assert soup.find("a", href=lambda h: h and h.startswith("/kamakura/desk?address=")) is not None


def test_a_worry_is_explained_and_the_desk_comes_first(client):
    soup = parse(client.get("/zushi/search", params={"q": "母がもの忘れするようになった"}))
    assert "『もの忘れ』を 認知症・もの忘れの相談 として探しました" in soup.find(class_="understood").get_text()
    desk = soup.find(id="need-desk-heading").parent
    form = desk.find("form", action="/zushi/desk")
    assert form.find("input", attrs={"name": "need"})["value"] == "高齢"
    assert form.find("input", attrs={"name": "address"}) is not None
    # the desk block comes before the list of results
    assert soup.find(id="need-desk-heading").find_next(id="results-heading") is not None


def test_a_place_in_the_query_is_said_and_can_be_dropped(client):
    soup = parse(client.get("/zushi/search", params={"q": "久木のサロン"}))
    line = soup.find(class_="understood-place")
    assert "久木地区で探しました" in line.get_text()
    names = [h.get_text(" ", strip=True) for h in soup.select(".resource-name")]
    assert any("サロン久木" in n for n in names)
    drop = line.find("a")["href"]
    assert "place=off" in drop
    wider = parse(client.get(drop))
    assert wider.find(class_="understood-place") is None
    assert int(wider.find(role="status").strong.get_text().rstrip("件")) > len(names)


def test_a_search_that_finds_nothing_is_counted_without_the_visitor(settings, tmp_path):
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from tsunagu.search.gaps import GapLog
    from tsunagu.site.app import create_app
    with TestClient(create_app(replace(settings, var_dir=tmp_path))) as c:
        c.get("/zushi/search", params={"q": "ぴよぴよぷー"})
        c.get("/api/v1/zushi/search", params={"q": "ピヨピヨプー"})
        c.get("/zushi/search", params={"q": "サロン"})  # found: not counted
    rows = GapLog(tmp_path).top()
    assert rows == [{"city": "zushi", "query": "ぴよぴよぷ", "count": 2, "first_day": rows[0]["first_day"],
                     "last_day": rows[0]["last_day"]}]


def test_a_record_page_finds_its_desk_from_the_venues_own_banchi(client):
    """大谷戸会館 is at 新宿4-15-26: 15番 is 西部 alone, though 新宿4丁目 as a whole is split (issue 28.8)."""
    page = parse(client.get("/zushi/resources/zushi-salon-42"))
    cards = [h.get_text(strip=True) for h in page.select(".desk-card h3")]
    assert cards == ["逗子市西部地域包括支援センター"]
    assert "番地によって担当が分かれます" not in page.get_text()


def test_a_salon_without_a_place_is_not_called_city_wide_nor_sent_to_a_phone_it_lacks(client):
    """長野's お茶のみサロン has no place and no phone (issue 28.3/28.5): the page says its place is not
    registered yet (not 「市全体の取り組み」) and sends the reader to the desk below, not to a phone call."""
    text = parse(client.get("/nagano/resources/nagano-salon-ochanomi")).get_text()
    assert "場所はまだ登録されていないため" in text and "市全体の取り組みです" not in text
    assert "電話などで確かめてください" not in text and "「担当の相談窓口」などで確かめてください" in text
