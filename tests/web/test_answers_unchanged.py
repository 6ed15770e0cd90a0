"""The API's answers for a fixed list of addresses and queries stay what they were (issue 23's measure).

A refactor of the engine, the build or the serving must not change what a resident is told. The recorded
answers (answers_recorded.json beside this file) were taken from the bundled data; anything that depends on
the day (next dates, "checked long ago" marks) is left out so the file stays true tomorrow. When an answer
changes on purpose (a fixed drift, new data), write the file again and say why in the commit:

    TSUNAGU_RECORD_ANSWERS=1 .venv/bin/python -m pytest tests/web/test_answers_unchanged.py
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.bundled_data

RECORDED = Path(__file__).with_name("answers_recorded.json")
DAY_DEPENDENT = {"next_dates", "next_date", "stale", "confirmed_days_ago"}

QUESTIONS = [
    *[("desk", city, {"address": a, "need": n}) for city, a, n in [
        ("zushi", "新宿4丁目2番35号", ""), ("zushi", "新宿4丁目", ""), ("zushi", "逗子7-1-1", "高齢"),
        ("zushi", "桜山", ""), ("zushi", "櫻山4-2-35", "子育て"), ("zushi", "鎌倉市御成町18-10", ""),
        ("zushi", "沼間1丁目", "障がい"), ("kamakura", "御成町18-10", ""), ("kamakura", "大船", "生活困窮"),
        ("nagano", "鶴賀緑町1613", ""), ("shimonoseki", "南部町1-1", ""), ("zushi", "", "")]],
    *[("near", city, q) for city, q in [
        ("zushi", {"address": "逗子7-1-1"}), ("zushi", {"station": "東逗子"}), ("zushi", {"address": "桜山"}),
        ("zushi", {"town": "小坪", "kind": "all"}), ("kamakura", {"address": "大船"}),
        ("kamakura", {"station": "鎌倉"}), ("nagano", {"station": "長野"})]],
    *[("search", city, {"q": q}) for city, q in [
        ("zushi", "サロン"), ("zushi", "お金"), ("zushi", "久木でお茶"), ("zushi", "親の介護が心配"),
        ("kamakura", "介護"), ("nagano", "認知症"), ("shimonoseki", "相談"), ("zushi", "きょうだい")]],
]


def without_day(value):
    if isinstance(value, dict):
        return {k: without_day(v) for k, v in value.items() if k not in DAY_DEPENDENT}
    if isinstance(value, list):
        return [without_day(v) for v in value]
    return value


def key(kind: str, city: str, params: dict) -> str:
    return f"{kind} {city} " + json.dumps(params, ensure_ascii=False, sort_keys=True)


@pytest.fixture(scope="module")
def answers(client) -> dict:
    out = {}
    for kind, city, params in QUESTIONS:
        response = client.get(f"/api/v1/{city}/{kind}", params=params)
        out[key(kind, city, params)] = {"status": response.status_code, "body": without_day(response.json())}
    return out


def test_the_answers_are_the_recorded_ones(answers):
    if os.environ.get("TSUNAGU_RECORD_ANSWERS"):
        RECORDED.write_text(json.dumps(answers, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    assert sorted(answers) == sorted(recorded), "the question list changed: record the answers again"
    changed = [k for k in answers if answers[k] != recorded[k]]
    assert not changed, f"{len(changed)} answers changed, first: {changed[0]}"


def test_the_list_asks_real_questions(answers):
    """A record of errors would guard nothing: most questions must be answered, in every city."""
    ok = [k for k, v in answers.items() if v["status"] == 200]
    assert len(ok) >= len(QUESTIONS) - 2
    assert {k.split()[1] for k in ok} == {"zushi", "kamakura", "nagano", "shimonoseki"}
    assert any(v["body"].get("status") == "ambiguous" for k, v in answers.items() if k.startswith("desk"))
    assert all(v["body"].get("results") for k, v in answers.items() if k.startswith("search ") and "相談" in k)
