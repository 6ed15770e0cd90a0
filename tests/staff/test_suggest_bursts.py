"""Suggestion caps under a burst, on SQLite and a real PostgreSQL (issue 26.1 and 26.5).

Before: the hourly counts were read with SELECT count(*) and the row inserted afterwards, without a lock,
so simultaneous senders all saw room (25 addresses × 10 posts: cap 200, 208 stored), and past the cap a
city's door closed to every resident for the rest of the hour.
"""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from tsunagu.suggest import abuse, service
from tsunagu.suggest.models import Suggestion

pytestmark = pytest.mark.bundled_data


def burst(store, senders: list[str], limits: abuse.Limits) -> list[service.Outcome]:
    """Every sender posts its own suggestion at the same instant (one thread each)."""
    start = threading.Barrier(len(senders))
    outcomes: list = [None] * len(senders)

    def go(i: int) -> None:
        start.wait()
        outcomes[i] = service.submit(store, city="zushi", record_id="zushi-salon-02", kind="correction",
                                     values={"schedule": f"第{i}火曜に変わりました", "how": "joins"},
                                     nonce=f"form-{i}", client=senders[i], ip="192.0.2.1", limits=limits)
    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(senders))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def statuses(store) -> list[str]:
    with store.tx() as s:
        return list(s.scalars(sa.select(Suggestion.status)))


def test_a_flood_from_many_addresses_fills_the_held_area_and_the_city_cap_counts_exactly(store):
    outcomes = burst(store, [f"address-{i}" for i in range(30)], abuse.Limits(per_client_per_hour=10,
                                                                              per_city_per_hour=20))
    assert [o.kind for o in outcomes].count("stored") == 30, "every resident gets a receipt"
    kept = statuses(store)
    assert kept.count("received") == 20 and kept.count("held") == 10
    assert sum(o.held for o in outcomes) == 10
    assert "集中" in service.STATUS_LABELS["held"]


def test_one_address_sending_at_once_gets_exactly_its_limit(store):
    outcomes = burst(store, ["one-address"] * 15, abuse.Limits(per_client_per_hour=10, per_city_per_hour=200))
    kinds = [o.kind for o in outcomes]
    assert kinds.count("stored") == 10 and kinds.count("refused") == 5
    assert all("時間をおいて" in o.message for o in outcomes if o.kind == "refused")
    assert len(statuses(store)) == 10


def test_past_the_held_area_residents_are_asked_to_wait_and_nothing_is_stored(store):
    outcomes = burst(store, [f"address-{i}" for i in range(12)],
                     abuse.Limits(per_client_per_hour=10, per_city_per_hour=5, held_per_city_per_hour=4))
    kinds = [o.kind for o in outcomes]
    assert kinds.count("stored") == 9 and kinds.count("refused") == 3
    assert all("集中" in o.message for o in outcomes if o.kind == "refused")
    kept = statuses(store)
    assert kept.count("received") == 5 and kept.count("held") == 4
