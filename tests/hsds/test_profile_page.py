"""The profile the API names (`profile`) is a page a person can read: the extensions, how 第N曜・隔週・奇数月 map,
what does not map, the licence; linked from /about/data."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tsunagu.hsds.models import Location, OrganizationBase, Schedule, ServiceBase

pytestmark = pytest.mark.bundled_data


def test_the_profile_page_documents_every_extension_the_api_sends(client):
    page = client.get(client.get("/api/hsds/zushi/").json()["profile"].removeprefix("http://testserver"))
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.h1 and "HSDS" in soup.h1.text
    table = soup.find("table")
    assert table is not None and table.caption is not None and table.find("th", scope="col") is not None
    documented = table.get_text()
    sent = {name for model in (ServiceBase, OrganizationBase, Location, Schedule) for name in model.model_fields
            if name.startswith("tsunagu_")}
    assert sorted(n for n in sent if n not in documented) == []
    headings = [h.get_text() for h in soup.find_all("h2")]
    assert any("第N曜" in h for h in headings) and any("表せない" in h for h in headings)
    english = soup.find("section", lang="en")
    assert english is not None and "Summary in English" in english.get_text()
    assert "CC BY-SA 4.0" in page.text


def test_about_data_links_to_the_profile_and_names_the_licence(client):
    soup = BeautifulSoup(client.get("/about/data").text, "html.parser")
    assert soup.find("a", href="/about/hsds") is not None
    assert "Open Referral" in soup.get_text()
