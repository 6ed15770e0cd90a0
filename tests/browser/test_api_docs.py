"""In a real browser, offline: /docs shows the API's answer models and its declared errors."""
from __future__ import annotations

import pytest

from .helpers import goto

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]


def test_docs_show_the_answer_models_and_the_error_responses(page, blocked):
    before = len(blocked.urls)
    goto(page, "/docs")
    models = page.locator("section.models")
    models.wait_for(timeout=15_000)
    names = models.inner_text()
    for name in ("DeskAnswer", "DeskRef", "NearAnswer", "SearchAnswer", "Interpreted", "ResourceOut", "ApiError"):
        assert name in names, f"/docs does not list the schema {name}"
    desk = page.locator(".opblock", has_text="/api/v1/{city}/desk").first
    desk.locator(".opblock-summary").first.click()  # a button: opens the operation's details
    codes = desk.locator("tr.response")
    codes.first.wait_for(timeout=10_000)
    shown = {codes.nth(i).get_attribute("data-code") for i in range(codes.count())}
    assert {"200", "400", "404", "422"} <= shown, shown
    assert "invalid_parameter" in desk.inner_text() or "ApiError" in desk.inner_text()
    assert blocked.urls[before:] == [], f"/docs asked another host: {blocked.urls[before:]}"
