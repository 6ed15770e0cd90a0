"""Is a record's information possibly out of date? (Not confirmed with its supplier for 12 months.)"""
from __future__ import annotations

from datetime import date, timedelta

STALE_AFTER = timedelta(days=365)


def is_stale(last_verified: str, today: date | None = None) -> bool:
    """True when never verified or last verified more than 12 months ago."""
    if not last_verified:
        return True
    try:
        verified = date.fromisoformat(last_verified)
    except ValueError:
        return True
    return (today or date.today()) - verified > STALE_AFTER
