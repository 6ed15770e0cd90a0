"""Staff times are stored in UTC and shown in Japan time."""
from __future__ import annotations

from datetime import UTC, datetime

from tsunagu.site.pages.timefmt import jst


def test_a_stored_utc_time_is_shown_in_japan_time():
    assert jst(datetime(2026, 12, 6, 15, 30)) == "2026-12-07 00:30"  # naive = UTC, as the database keeps it
    assert jst(datetime(2026, 12, 6, 15, 30, tzinfo=UTC), "%H:%M") == "00:30"
    assert jst(None) == ""
