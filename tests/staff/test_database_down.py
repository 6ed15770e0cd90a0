"""Failures say what happened (issue 26.8): with the staff database unreachable, the public pages still answer,
/healthz stays 200 and reports the staff database as down, /staff/login says the console cannot open (never a
500), and a resident's suggestion is refused with 「何も保存していません」 and the typed text still in the form."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

pytestmark = pytest.mark.bundled_data
SALON = "zushi-salon-02"
TYPED = "毎月第3火曜 13:30〜15:30 に変わりました（会場は桜山会館）"


@pytest.fixture(scope="module")
def down(settings, tmp_path_factory):
    from world import test_settings

    from tsunagu.site.app import create_app
    app = create_app(test_settings(tmp_path_factory.mktemp("db-down"), build_dir=settings.build_dir))
    store = app.state.staff.store
    page = TestClient(app).get(f"/zushi/resources/{SALON}/suggest")  # the form, while the database still works
    assert page.status_code == 200
    app.state.suggest.min_fill_seconds = 0
    saved = store.engine, store.sessions
    store.engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 2})
    store.sessions = sessionmaker(store.engine)
    yield app, page
    store.engine, store.sessions = saved


def test_the_public_site_answers_and_health_reports_the_staff_database(down):
    app, _ = down
    c = TestClient(app)
    assert c.get("/zushi/search", params={"q": "サロン"}).status_code == 200
    health = c.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert health.json()["staff_database"] == "down"


def test_the_staff_login_says_it_cannot_open_instead_of_500(down):
    app, _ = down
    r = TestClient(app, raise_server_exceptions=False).get("/staff/login")
    assert r.status_code == 503 and r.headers["retry-after"]
    assert "この画面はいま使えません" in r.text and "公開中の案内は、いつもどおり見られます" in r.text


def test_a_suggestion_keeps_its_typed_text_and_says_nothing_was_saved(down):
    app, page = down
    c = TestClient(app, raise_server_exceptions=False)
    c.cookies.update(page.cookies)
    token = re.search(r'name="form_token" value="([^"]+)"', page.text)[1]
    r = c.post(f"/zushi/resources/{SALON}/suggest", data={"form_token": token, "hp_confirm": "", "schedule": TYPED,
                                                          "how": "joins"}, follow_redirects=False)
    assert r.status_code == 503, r.text[:500]
    assert "何も保存していません" in r.text and TYPED in r.text
