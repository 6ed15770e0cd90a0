"""The long about pages in English and やさしい日本語 (issue 30.1): the data credits page is said in full, the
accessibility page's policy and result (the checklist tables stay in the standard's Japanese words, marked
so), and the HSDS profile page's headings and introduction with its English summary. None of them still says
"Japanese only for now"; the Japanese pages read as before."""
from __future__ import annotations

import re
from html import unescape

import pytest

pytestmark = pytest.mark.bundled_data
JAPANESE_ONLY = "This page is in Japanese only for now."


@pytest.fixture(autouse=True)
def fresh_cookies(client):
    client.cookies.clear()
    yield
    client.cookies.clear()


def visible(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<rt>.*?</rt>", "", main))))


def headings(html: str) -> list[str]:
    found = re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html.split("<main", 1)[1])
    return [unescape(re.sub(r"<[^>]+>", "", re.sub(r"<rt>.*?</rt>", "", h))).strip() for h in found]


def test_data_credits_in_english(client):
    html = client.get("/about/data?lang=en").text
    assert headings(html)[:3] == ["Data sources and credits", "The information listed", "Map and address data"]
    text = visible(html)
    assert JAPANESE_ONLY not in text and "Every record shows the plan and lines it came from" in text
    # the credits keep the wording each source asks for, marked Japanese, with an English gloss
    assert '<span lang="ja">「国土数値情報（行政区域データ）」（国土交通省）を加工して作成</span>' in html
    assert "adapted from MLIT's National Land Numerical Information (administrative areas)" in text


def test_accessibility_policy_and_result_in_english(client):
    html = client.get("/about/accessibility?lang=en").text
    text = visible(html)
    assert JAPANESE_ONLY not in text
    assert {"Accessibility", "Target level", "What we do", "Test result"} <= set(headings(html)), headings(html)
    assert "Everything works with a keyboard alone." in text and "Against level AA:" in text
    assert "The tables below are in Japanese, in the standard's own words." in text
    assert re.search(r'<div class="table-scroll"[^>]*lang="ja"', html)  # the checklist is marked Japanese


def test_hsds_profile_headings_in_english_with_the_summary(client):
    html = client.get("/about/hsds?lang=en").text
    assert {"Open data (HSDS 3.1 Japan profile)", "Fields added for Japan (extensions)", "What HSDS cannot express",
            "Summary in English"} <= set(headings(html)), headings(html)
    assert JAPANESE_ONLY not in visible(html)
    assert '<a href="#summary-en">The details are in Japanese only. An English summary is at the end of this page.</a>' in html


@pytest.mark.parametrize("page", ["data", "accessibility", "hsds"])
def test_easy_pages_say_their_headings_in_easy_japanese(client, page):
    html = client.get(f"/about/{page}?lang=easy").text
    assert "まだ日本語だけです" not in visible(html)
    easy = {"data": "のせている 情報", "accessibility": "して いる こと", "hsds": "日本の ために 足した こうもく"}[page]
    assert easy in headings(html), headings(html)
