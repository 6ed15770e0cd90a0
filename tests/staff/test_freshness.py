"""Freshness: a record not confirmed for 12 months (or never) says so on its public page."""
from __future__ import annotations

from datetime import date

import pytest
from web.html import parse

from tsunagu.site.pages.freshness import is_stale

pytestmark = pytest.mark.bundled_data


def test_twelve_months_is_the_line():
    today = date(2026, 12, 1)
    assert not is_stale("2026-11-30", today)
    assert not is_stale("2025-12-01", today)
    assert is_stale("2025-11-30", today)
    assert is_stale("", today) and is_stale("not a date", today)


def test_an_unverified_record_carries_the_notice_and_its_date_line(client, app):
    state = app.state.holder.current
    record = next(r for r in state.catalog.in_city("zushi") if r.kind == "salon" and not r.last_verified)
    soup = parse(client.get(f"/zushi/resources/{record.id}"))
    notice = soup.find(id="freshness")
    assert notice is not None and "情報が古い可能性があります" in notice.get_text()
    assert "未確認（計画の記載のみ）" in soup.get_text()
