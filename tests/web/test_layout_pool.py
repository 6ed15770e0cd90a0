"""The personal sheet's layout is bounded (issue 26.7): over the per-address rate or with the layout slots taken
and the queue full, the visitor gets 429 「混み合っています」 at once with Retry-After and a way on (the HTML sheet
for the PDF), never a page that hangs behind other people's layouts."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tsunagu.site.layout_pool import Busy, LayoutPool

pytestmark = pytest.mark.bundled_data
PDF = "/zushi/sheet.pdf"
PARAMS = {"address": "新宿4丁目2番35号", "need": "高齢"}


@pytest.fixture
def pool(app):
    saved = app.state.layout_pool
    yield app
    app.state.layout_pool = saved


def test_a_full_queue_answers_429_at_once_with_the_html_sheet(client, pool):
    pool.state.layout_pool = LayoutPool(workers=0, queue=0, per_minute=100)  # every slot taken, no room to wait
    r = client.get(PDF, params=PARAMS)
    assert r.status_code == 429 and r.headers["retry-after"].isdigit()
    page = BeautifulSoup(r.text, "html.parser")
    assert page.h1.get_text() == "混み合っています"
    html = page.find("a", string="ウェブ版の相談先メモを見る")["href"]
    assert html.startswith("/zushi/sheet?") and "address=" in html
    sheet = client.get("/zushi/sheet", params=PARAMS)
    assert sheet.status_code == 429 and "もう一度ためす" in sheet.text


def test_one_address_making_sheet_after_sheet_is_told_to_wait(client, pool):
    pool.state.layout_pool = LayoutPool(workers=1, queue=4, per_minute=2)
    assert [client.get(PDF, params=PARAMS).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/zushi/", params={}).status_code == 200  # the rest of the site is untouched


def test_the_pool_itself_counts_exactly():
    with pytest.raises(Busy, match="queue"):  # no slot free and no place to wait: told at once
        LayoutPool(workers=0, queue=0).slot("b").__enter__()
    pool = LayoutPool(workers=1, queue=1, per_minute=3)
    for _ in range(3):
        with pool.slot("a"):
            pass
    with pytest.raises(Busy, match="rate"):
        pool.slot("a").__enter__()
    with pool.slot("b"):  # another address is not held back by the first one's count
        pass
