"""Reading pages as a user agent would: parse, then look at what is announced."""
from __future__ import annotations

from bs4 import BeautifulSoup


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def assert_page_basics(soup: BeautifulSoup) -> None:
    assert soup.html.get("lang") == "ja"
    assert len(soup.find_all("h1")) == 1, [h.get_text() for h in soup.find_all("h1")]
    for tag in ("header", "main", "footer"):
        assert soup.find(tag) is not None, f"no <{tag}> landmark"
    skip = soup.find("a")
    assert skip.get("href") == "#main" and "本文" in skip.get_text()
    assert soup.find(id="main") is not None
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit"):
            continue
        fid = field.get("id")
        assert fid and soup.find("label", attrs={"for": fid}), f"field without a visible label: {field}"
        for ref in (field.get("aria-describedby") or "").split():
            assert soup.find(id=ref) is not None, f"aria-describedby points nowhere: {ref}"
    for script in soup.find_all("script", src=True):
        assert script["src"].startswith("/static/"), f"script from elsewhere: {script['src']}"
    for link in soup.find_all("link", rel="stylesheet"):
        assert link["href"].startswith("/static/")
    assert "user-scalable=no" not in str(soup)
