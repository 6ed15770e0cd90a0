"""Suggestion forms across servers and the minimum fill time (issue 26.9).

Before: each server signed forms with its own var/suggest-secret, so a form shown by server A and sent to
server B (two servers behind one address) was refused; and the form's time was kept in whole seconds, so
the 3-second minimum let a form through after 2.1 s.
"""
from __future__ import annotations

import dataclasses
import re

import pytest
from fastapi.testclient import TestClient

from tsunagu.suggest import tokens

pytestmark = pytest.mark.bundled_data
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
PATH = "/zushi/resources/zushi-salon-02/suggest"


def test_the_minimum_fill_time_is_measured_in_milliseconds():
    key, shown = b"k" * 32, 1_765_000_000.9
    token = tokens.issue(key, PATH, "cookie", now=shown)
    assert tokens.check(key, token, PATH, "cookie", 3.0, now=shown + 2.1)[0] == "too_fast"
    assert tokens.check(key, token, PATH, "cookie", 3.0, now=shown + 2.95)[0] == "too_fast"
    assert tokens.check(key, token, PATH, "cookie", 3.0, now=shown + 3.05)[0] == ""
    assert tokens.check(key, token[:-1], PATH, "cookie", 3.0, now=shown + 10)[0] == "invalid"


def test_a_form_from_one_server_is_taken_by_another_on_the_same_database(settings, staff_settings, tmp_path):
    from tsunagu.site.app import create_app
    from tsunagu.staff import db
    url = db.database_url(staff_settings)  # both servers on one database, each with its own var/
    servers = [create_app(dataclasses.replace(staff_settings, build_dir=settings.build_dir, database_url=url,
                                              var_dir=tmp_path / f"var-{n}", suggest_min_fill_seconds=0))
               for n in ("a", "b")]
    assert servers[0].state.suggest.key == servers[1].state.suggest.key
    a = TestClient(servers[0])
    token = FORM_TOKEN.search(a.get(PATH).text)[1]
    b = TestClient(servers[1], cookies=a.cookies)  # the same browser, sent to the other server
    r = b.post(PATH, data={"form_token": token, "hp_confirm": "", "schedule": "第3火曜に変わりました", "how": "joins"},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/suggest/status/")


def test_a_servers_existing_secret_becomes_the_shared_one(staff_settings, tmp_path):
    from tsunagu.staff.db import open_store
    legacy = tmp_path / "old-var"
    legacy.mkdir()
    (legacy / "suggest-secret").write_text("0123abcd" * 8)
    store = open_store(staff_settings)
    assert tokens.shared_secret(store, legacy) == b"0123abcd" * 8  # forms already out stay valid
    assert tokens.shared_secret(store, tmp_path / "another-var") == b"0123abcd" * 8  # the first one stays
