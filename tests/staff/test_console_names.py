"""Small things in the staff console (issue 28.8): the record list finds a record by its name or reading,
and the edit form changes 名称, 地区 and 分野 through the same change request, review and conflict check."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from web.html import assert_page_basics, parse

from tsunagu.staff.models import ChangeRequest

from .conftest import PASSWORD, add

pytestmark = pytest.mark.bundled_data

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
SALON = "zushi-salon-10"  # 新宿はつらつ体操: 地区 新宿, 分野 体操;介護予防 (not in the vocabulary's order)


@pytest.fixture(scope="module")
def web(settings, tmp_path_factory):
    """The app on the session's build, with a private data/ copy and SQLite database; no publisher thread."""
    from world import test_settings

    from tsunagu.site.app import create_app
    tmp = tmp_path_factory.mktemp("staff-names")
    s = test_settings(tmp, build_dir=settings.build_dir)
    app = create_app(s)
    store = app.state.staff.store
    add(store, "ed", "editor")
    add(store, "rev", "reviewer")
    yield app, store
    from tsunagu.staff import db
    db._stores.pop(db.database_url(s), None)
    store.engine.dispose()


def signed_in(app, name: str = "ed") -> TestClient:
    c = TestClient(app)
    page = c.get("/staff/login")
    r = c.post("/staff/login", data={"csrf_token": TOKEN.findall(page.text)[0], "name": name, "password": PASSWORD,
                                     "next": "/staff/"}, follow_redirects=False)
    assert r.status_code == 303
    return c


def record_names(response) -> list[str]:
    return [th.get_text(strip=True) for th in parse(response).select("table tbody th")]


# -- the record list: name search ------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["はつらつ", "ハツラツ", "ﾊﾂﾗﾂ", "しんじゅく　はつらつ", "新宿はつらつ"])
def test_the_list_finds_a_record_by_name_or_reading_however_it_is_typed(web, typed):
    c = signed_in(web[0])
    r = c.get("/staff/", params={"q": typed})
    assert r.status_code == 200
    soup = parse(r)
    assert_page_basics(soup)
    assert record_names(r) == ["新宿はつらつ体操"]
    assert "（1 件）" in soup.find(id="records-heading").get_text()
    search = soup.find("input", attrs={"name": "q"})
    assert search["value"] == typed.replace("　", " ").strip()  # kept in the box to change it
    assert soup.find("label", attrs={"for": search["id"]}).get_text(strip=True) == "名前でさがす"


def test_a_name_search_keeps_the_other_filters_and_counts_what_it_shows(web):
    c = signed_in(web[0])
    everything = record_names(c.get("/staff/", params={"kind": "salon"}))
    r = c.get("/staff/", params={"q": "サロン", "kind": "salon"})
    names = record_names(r)
    assert "サロンぬまますん" in names and "新宿はつらつ体操" not in names
    assert set(names) < set(everything)
    assert f"（{len(names)} 件）" in parse(r).find(id="records-heading").get_text()


def test_a_name_that_matches_nothing_says_so_and_offers_a_way_back(web):
    c = signed_in(web[0])
    r = c.get("/staff/", params={"q": "ぴよぴよぷー", "kind": "salon"})
    assert r.status_code == 200
    soup = parse(r)
    main = soup.find("main").get_text()
    assert "見つかりませんでした" in main and "（0 件）" in main and soup.select("table") == []
    back = soup.find("a", string=re.compile("名前の条件を外して"))
    assert back["href"] == "/staff/?kind=salon"
    assert len(record_names(c.get(back["href"]))) > 1
    assert c.get("/staff/", params={"q": "x" * 5000 + "\x00"}).status_code == 200  # never a 500


# -- the edit form: 名称, 地区, 分野 ------------------------------------------------------------------------

def form_as_sent(form) -> dict:
    """What a browser sends for a form as it stands: each field's value, ticked boxes, chosen options."""
    data: dict = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name, kind = field["name"], field.get("type", "")
        if field.name == "select":
            option = field.select_one("option[selected]") or field.select_one("option")
            data[name] = option["value"]
        elif kind == "checkbox":
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field["value"])
        elif kind == "radio":
            if field.has_attr("checked"):
                data[name] = field["value"]
        else:
            data[name] = field.get_text() if field.name == "textarea" else field.get("value", "")
    return data


def edit_page(c: TestClient, record: str = SALON):
    page = c.get(f"/staff/zushi/records/{record}")
    assert page.status_code == 200
    return page, parse(page).select("main form")[1]


def post_edit(c: TestClient, record: str = SALON, **changes):
    _, form = edit_page(c, record)
    return c.post(f"/staff/zushi/records/{record}", data={**form_as_sent(form), **changes}, follow_redirects=False)


def count(store) -> int:
    with store.tx() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(ChangeRequest))


def test_the_edit_form_offers_name_district_and_categories(web):
    page, form = edit_page(signed_in(web[0]))
    soup = parse(page)
    assert_page_basics(soup)
    assert form.find("input", attrs={"name": "name"})["value"] == "新宿はつらつ体操"
    district = form.find("select", attrs={"name": "district"})
    options = {o.get_text(): o["value"] for o in district.select("option")}
    assert options["地区なし（市全体）"] == "" and options["桜山"] == "sakurayama"
    assert district.select_one("option[selected]")["value"] == "shinjuku"
    group = form.find("fieldset", id="f-categories")
    assert group.legend.get_text(strip=True) == "分野"
    ticked = {soup.find("label", attrs={"for": box["id"]}).get_text(strip=True)
              for box in group.select("input[type=checkbox][checked]")}
    assert ticked == {"体操", "介護予防"}
    assert len(group.select("input[type=checkbox]")) > 10  # the whole vocabulary, to choose from


def test_name_district_and_categories_go_through_review_in_peoples_words(web):
    app, store = web
    c = signed_in(app)
    r = post_edit(c, name="新宿はつらつ体操クラブ", district="sakurayama", categories=["地域交流", "体操"])  # in the page's order
    assert r.status_code == 303, parse(r).select_one(".error-summary")
    review = signed_in(app, "rev").get(r.headers["location"])
    rows = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
            for tr in parse(review).select(".diff-table tbody tr")}
    assert rows == {"名称": ["新宿はつらつ体操", "新宿はつらつ体操クラブ"], "地区": ["新宿", "桜山"],
                    "分野": ["体操、介護予防", "地域交流、体操"]}
    assert "承認して公開する" in review.text
    with store.tx() as s:
        cr = s.scalars(sa.select(ChangeRequest).order_by(ChangeRequest.id.desc())).first()
    assert {c["field"]: c["after"] for c in cr.changes} == {
        "name": "新宿はつらつ体操クラブ", "district": "sakurayama", "categories": "地域交流;体操"}
    assert cr.status == "pending"  # nothing public before a reviewer approves


def test_the_same_categories_in_another_order_are_no_change(web):
    app, store = web
    c = signed_in(app)
    r = post_edit(c, phone="046-873-7777")  # the form as shown, 分野 sent in the vocabulary's order
    assert r.status_code == 303
    with store.tx() as s:
        cr = s.scalars(sa.select(ChangeRequest).order_by(ChangeRequest.id.desc())).first()
    assert [c["field"] for c in cr.changes] == ["phone"]
    untick = post_edit(c, categories_shown="1", categories=[])  # every box cleared: 分野 emptied
    assert untick.status_code == 303
    with store.tx() as s:
        cr = s.scalars(sa.select(ChangeRequest).order_by(ChangeRequest.id.desc())).first()
    assert [(c["field"], c["after"]) for c in cr.changes] == [("categories", "")]


@pytest.mark.parametrize("changes, field_id, message", [
    ({"district": ""}, "f-district", "地区をえらぶか、町名を書いてください"),
    ({"name": "  "}, "f-name", "名称を書いてください"),
    ({"district": "atlantis"}, "f-district", "逗子市の地区にありません"),
])
def test_a_refused_name_or_district_says_what_to_fix_and_stores_nothing(web, changes, field_id, message):
    app, store = web
    c = signed_in(app)
    before = count(store)
    r = post_edit(c, **changes)
    assert r.status_code == 400
    soup = parse(r)
    assert_page_basics(soup)
    link = soup.select_one(f".error-summary a[href='#{field_id}']")
    assert link is not None and message in link.get_text(), soup.select_one(".error-summary")
    assert soup.find(id=field_id)["aria-invalid"] == "true"
    assert count(store) == before


def test_a_salon_with_a_town_may_leave_the_district_to_its_town(web):
    app, store = web
    r = post_edit(signed_in(app), district="", town="新宿三丁目")
    assert r.status_code == 303, parse(r).select_one(".error-summary")
    with store.tx() as s:
        cr = s.scalars(sa.select(ChangeRequest).order_by(ChangeRequest.id.desc())).first()
    assert {c["field"] for c in cr.changes} == {"district", "town"}


def test_a_name_change_from_an_old_page_is_refused_not_overwritten(web):
    app, store = web
    c = signed_in(app)
    _, form = edit_page(c)
    sent = form_as_sent(form)
    before = count(store)
    r = c.post(f"/staff/zushi/records/{SALON}", data={**sent, "version": "0" * 64, "name": "別の名前"})
    assert r.status_code == 409 and "上書きしないよう" in r.text
    assert count(store) == before


def test_a_new_salon_needs_a_district_or_a_town(web):
    app, store = web
    c = signed_in(app)
    page = c.get("/staff/zushi/new")
    form = parse(page).select("main form")[1]
    sent = {**form_as_sent(form), "name": "テストの新しいサロン"}
    before = count(store)
    r = c.post("/staff/zushi/new", data=sent, follow_redirects=False)
    assert r.status_code == 400 and "地区をえらぶか、町名を書いてください" in parse(r).select_one(".error-summary").get_text()
    assert count(store) == before
    r = c.post("/staff/zushi/new", data={**form_as_sent(parse(c.get("/staff/zushi/new")).select("main form")[1]),
                                         "name": "テストの新しいサロン", "district": "numama"}, follow_redirects=False)
    assert r.status_code == 303


def test_a_refused_save_does_not_say_the_town_placed_it_nor_repeat_a_warning(web):
    app, _ = web
    r = post_edit(signed_in(app), "zushi-salon-02", district="", phone="046-873-1234")  # 地区 from the data, not a town
    assert r.status_code == 400
    soup = parse(r)
    assert "町名から" not in soup.find(id="f-district-hint").get_text()
    warnings = [li.get_text(strip=True) for li in soup.select(".notice[role=status] li")]
    assert warnings and len(warnings) == len(set(warnings))


def test_the_form_gives_examples_from_the_records_own_city(web):
    """A 鎌倉 clerk adding a record is shown a 鎌倉 address and town as examples, never 逗子's."""
    add(web[1], "kamaed", "editor", cities=("kamakura",))
    page = signed_in(web[0], "kamaed").get("/staff/kamakura/new")
    assert page.status_code == 200
    hints = " ".join(p.get_text() for p in parse(page).select(".hint"))
    assert "鎌倉市御成町18番10号" in hints and "大船1丁目" in hints, hints
    assert "逗子" not in hints and "桜山" not in hints and "{" not in hints, hints
