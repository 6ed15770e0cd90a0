"""Corrections from residents (issue 28.8): several facts in one sending, at least one required; the reviewer
sees each proposed fact, and a box is pre-filled only with what the resident gave for that very field —
never a whole sentence in the 日時 box."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from web.html import assert_page_basics, parse

from tsunagu.staff.models import ChangeRequest
from tsunagu.suggest import service
from tsunagu.suggest.models import Suggestion

from .conftest import PASSWORD, add

pytestmark = pytest.mark.bundled_data

SALON = "zushi-salon-09"  # ふれあいサロン新宿: no phone, no schedule, no fee yet
PATH = f"/zushi/resources/{SALON}/suggest"
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SENTENCE = "毎月第3火曜 13:30〜15:30 に変わりました"


@pytest.fixture(scope="module")
def web(settings, tmp_path_factory):
    from world import test_settings

    from tsunagu.site.app import create_app
    tmp = tmp_path_factory.mktemp("suggest-facts")
    s = test_settings(tmp, build_dir=settings.build_dir, suggest_min_fill_seconds=0,
                      suggest_per_client_per_hour=1000, suggest_attempts_per_minute=1000)
    app = create_app(s)
    add(app.state.staff.store, "rev", "reviewer", cities=("zushi",))
    yield app, app.state.staff.store
    from tsunagu.staff import db
    db._stores.pop(db.database_url(s), None)
    app.state.staff.store.engine.dispose()


def send(c: TestClient, data: dict, path: str = PATH):
    page = c.get(path)
    return c.post(path, data={"form_token": FORM_TOKEN.search(page.text)[1], "hp_confirm": "", **data},
                  follow_redirects=False)


def count(store) -> int:
    with store.tx() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Suggestion))


def latest(store) -> Suggestion:
    with store.tx() as s:
        return s.scalar(sa.select(Suggestion).order_by(Suggestion.id.desc()).limit(1))


def reviewer(app) -> TestClient:
    c = TestClient(app)
    page = c.get("/staff/login")
    c.post("/staff/login", data={"csrf_token": CSRF.findall(page.text)[0], "name": "rev", "password": PASSWORD,
                                 "next": "/staff/"})
    return c


def review_rows(page) -> dict[str, dict]:
    """Per row label: the resident's words and what the box holds."""
    out = {}
    for tr in parse(page).select("form tbody tr"):
        box = tr.select_one("input[name], select[name]")
        value = box.get("value", "") if box.name == "input" else (box.select_one("option[selected]") or box.option)["value"]
        note = tr.select_one(".hint")
        out[box["name"]] = {"words": tr.select("td")[1].get_text(strip=True), "value": value,
                            "note": note.get_text(strip=True) if note else ""}
    return out


# -- the public form: several facts at once ------------------------------------------------------------

def test_the_correction_form_has_one_optional_box_per_fact(web):
    r = TestClient(web[0]).get(PATH)
    soup = parse(r)
    assert_page_basics(soup)
    group = soup.find("fieldset", id="s-facts")
    assert group.legend.get_text(strip=True) == "どの情報が違いますか"
    labels = [label.get_text(strip=True) for label in group.select("label")]
    assert labels[:5] == ["電話番号", "日時・曜日", "会場の名前", "住所", "費用"]
    assert any(label.startswith("そのほか") for label in labels) and "今はもう開かれていない・終わった" in labels
    assert soup.find("input", attrs={"name": "field"}) is None  # no longer one radio for one fact


def test_a_resident_corrects_several_facts_in_one_sending(web):
    app, store = web
    r = send(TestClient(app), {"phone": "046-873-2222", "schedule": "毎月第1水曜 10:00〜12:00", "fee": "1回100円",
                               "how": "runs"})
    assert r.status_code == 303, parse(r).select_one(".error-summary")
    sug = latest(store)
    assert {k: v for k, v in sug.fields.items() if v} == {
        "phone": "046-873-2222", "schedule": "毎月第1水曜 10:00〜12:00", "fee": "1回100円", "how": "runs"}
    staff = reviewer(app)
    queue = staff.get("/staff/suggestions/")
    assert "間違い・変更（電話番号・日時・曜日・費用）" in parse(queue).get_text()
    page = staff.get(f"/staff/suggestions/{sug.id}")
    rows = review_rows(page)
    for name, words in (("phone", "046-873-2222"), ("schedule", "毎月第1水曜 10:00〜12:00"), ("fee", "1回100円")):
        assert rows[name]["words"] == words and rows[name]["value"] == words  # each fact, pre-filled
    form = parse(page).select("main form")[1]
    data = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
    data |= {s["name"]: (s.select_one("option[selected]") or s.option)["value"] for s in form.select("select")}
    done = staff.post(f"/staff/suggestions/{sug.id}", data={**data, "csrf_token": CSRF.findall(page.text)[1]},
                      follow_redirects=False)
    assert done.status_code == 303, parse(done).select_one(".error-summary")
    with store.tx() as s:
        cr = s.get(ChangeRequest, s.get(Suggestion, sug.id).change_request_id)
    assert {c["field"]: c["after"] for c in cr.changes} == {
        "phone": "046-873-2222", "schedule": "毎月第1水曜 10:00〜12:00", "fee": "1回100円"}


def test_a_correction_without_any_fact_says_so_and_stores_nothing(web):
    app, store = web
    before = count(store)
    r = send(TestClient(app), {"how": "joins", "contact": "taro@example.jp"})
    assert r.status_code == 400
    soup = parse(r)
    assert_page_basics(soup)
    link = soup.select_one(".error-summary a[href='#s-facts']")
    assert "少なくとも 1 つ" in link.get_text()
    group = soup.find(id="s-facts")
    assert group.name == "fieldset" and group["tabindex"] == "-1"  # the summary's link moves focus to the group
    assert "s-facts-error" in group["aria-describedby"].split()
    assert soup.find(id="s-contact")["value"] == "taro@example.jp"  # what was typed is kept
    assert count(store) == before
    closed = send(TestClient(app), {"closed": "1", "how": "heard"})  # 「終わった」 alone is a fact
    assert closed.status_code == 303


# -- the reviewer: only a field's own words in its box -------------------------------------------------

def test_a_sentence_stays_in_the_residents_words_not_in_the_schedule_box(web):
    app, store = web
    assert send(TestClient(app), {"schedule": SENTENCE, "phone": "会館の 046-873-3333 です", "how": "joins"}).status_code == 303
    sug = latest(store)
    page = reviewer(app).get(f"/staff/suggestions/{sug.id}")
    rows = review_rows(page)
    assert rows["schedule"]["value"] == "" and rows["schedule"]["words"] == SENTENCE
    assert "読み取れない" in rows["schedule"]["note"]
    assert rows["phone"]["value"] == "" and "番号" in rows["phone"]["note"]
    assert SENTENCE in parse(page).find("dl").get_text()  # the whole message, as sent


def test_an_older_one_field_correction_is_shown_but_never_poured_into_the_box(web):
    app, store = web
    service.submit(store, city="zushi", record_id=SALON, kind="correction",
                   values={"field": "schedule", "right": SENTENCE, "how": "joins"}, nonce="older-form",
                   client="c-old", ip="127.0.0.1")
    sug = latest(store)
    page = reviewer(app).get(f"/staff/suggestions/{sug.id}")
    rows = review_rows(page)
    assert rows["schedule"]["value"] == "" and rows["schedule"]["words"] == SENTENCE and rows["schedule"]["note"]
    told = parse(page).find("dl").get_text()
    assert "日時・曜日" in told and SENTENCE in told


def test_a_new_salons_schedule_is_pre_filled_only_when_it_reads_as_one(web):
    app, store = web
    c = TestClient(app)
    base = {"name": "テストの日時サロン", "place_type": "venue", "place": "新宿会館", "town": "新宿三丁目"}
    send(c, {**base, "when": "毎月第2火曜の午前中だったと思います"}, "/zushi/suggest")
    vague = review_rows(reviewer(app).get(f"/staff/suggestions/{latest(store).id}"))
    assert vague["schedule"]["value"] == "" and vague["schedule"]["words"] == "毎月第2火曜の午前中だったと思います"
    send(c, {**base, "name": "テストの日時サロン2", "when": "毎月第2火曜 10:00〜12:00"}, "/zushi/suggest")
    clear = review_rows(reviewer(app).get(f"/staff/suggestions/{latest(store).id}"))
    assert clear["schedule"]["value"] == "毎月第2火曜 10:00〜12:00"
    assert clear["district"]["value"] == ""  # the 地区 is chosen by the reviewer (or follows the town)
