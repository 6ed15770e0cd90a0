"""Limits under a burst (issue 26.1): 30 sign-ins sent at once, on SQLite and a real PostgreSQL, over HTTP.

Before the fix the count was read, increased in Python and written back after the password check:
30 wrong passwords at once ended at failed_logins 1–3, no lock, and the right password in the middle
of the burst signed in; the per-address limit of 20 let 30 of 40 through.
"""
from __future__ import annotations

import dataclasses
import re
import threading
import time

import pytest
from fastapi.testclient import TestClient

from tsunagu.staff import accounts

from .conftest import PASSWORD, add

pytestmark = pytest.mark.bundled_data
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
SLOW = 0.4  # seconds added to each password check, so the burst overlaps as it would under load


@pytest.fixture
def web(settings, staff_settings):
    from tsunagu.site.app import create_app
    app = create_app(dataclasses.replace(staff_settings, build_dir=settings.build_dir))
    yield app, app.state.staff.store


@pytest.fixture
def checks(monkeypatch):
    """Counts the real password checks (those against a stored hash) and makes each one slow."""
    seen = {"real": 0, "started": 0}
    lock = threading.Lock()
    real_verify = accounts.verify

    def slow_verify(hashed, password):
        with lock:
            seen["started"] += 1
            seen["real"] += hashed is not None
        time.sleep(SLOW)
        return real_verify(hashed, password)
    monkeypatch.setattr(accounts, "verify", slow_verify)
    return seen


def login_form(app) -> tuple[TestClient, str]:
    c = TestClient(app)
    page = c.get("/staff/login")
    return c, TOKEN.findall(page.text)[0]


def post_all(forms, names_passwords) -> list:
    """Post every form from its own thread at once; the responses in the order given."""
    results: list = [None] * len(forms)

    def go(i):
        (c, token), (name, password) = forms[i], names_passwords[i]
        results[i] = c.post("/staff/login", data={"csrf_token": token, "name": name, "password": password,
                                                  "next": "/staff/"}, follow_redirects=False)
    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(forms))]
    for t in threads:
        t.start()
    return [threads, results]


def wait(threads) -> None:
    for t in threads:
        t.join(timeout=120)


def until(predicate, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_thirty_wrong_passwords_at_once_lock_the_name_and_the_right_one_mid_burst_does_not_sign_in(
        web, checks, monkeypatch):
    app, store = web
    monkeypatch.setattr(accounts, "MAX_FAILURES_PER_ADDRESS", 1000)  # this test is about the name's lock
    add(store, "target", "editor")
    forms = [login_form(app) for _ in range(30)]
    attempts = [("target", f"wrong password number {i}") for i in range(30)]
    attempts[22] = ("target", PASSWORD)  # position 23 of 30: the attacker has guessed right by then
    # The first 20 go at once; the last 10 once five checks are under way (the burst is still running).
    first, first_results = post_all(forms[:20], attempts[:20])
    until(lambda: checks["started"] >= accounts.MAX_FAILURES)
    second, second_results = post_all(forms[20:], attempts[20:])
    wait(first + second)
    results = first_results + second_results
    codes = [r.status_code for r in results]
    assert 303 not in codes, f"the right password signed in during the burst: {codes}"
    assert codes[22] == 429 and "15 分間" in results[22].text
    assert checks["real"] <= accounts.MAX_FAILURES, "only the first five attempts may reach the password check"
    c, token = login_form(app)  # the burst is over: the name stays locked, even with the right password
    after = c.post("/staff/login", data={"csrf_token": token, "name": "target", "password": PASSWORD},
                   follow_redirects=False)
    assert after.status_code == 429 and "15 分間" in after.text


def test_forty_attempts_at_once_from_one_address_let_exactly_twenty_through(web, checks):
    app, _ = web
    forms = [login_form(app) for _ in range(40)]
    threads, results = post_all(forms, [(f"guess{i}", "wrong password!") for i in range(40)])
    wait(threads)
    codes = sorted(r.status_code for r in results)
    assert codes.count(401) == accounts.MAX_FAILURES_PER_ADDRESS, codes
    assert codes.count(429) == 40 - accounts.MAX_FAILURES_PER_ADDRESS, codes
    assert all("接続元" in r.text for r in results if r.status_code == 429)
