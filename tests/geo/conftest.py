"""Shared fixtures: one real GeoEngine over the real data/ (no mocks), built once per run."""
from __future__ import annotations

from pathlib import Path

import pytest

from tsunagu.data.model import Resource
from tsunagu.geo.engine import GeoEngine

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="session")
def engine() -> GeoEngine:
    return GeoEngine(DATA)


def desk(id, city, name, area="city", needs=(), phone="", address="", **kw) -> Resource:
    return Resource(id=id, city=city, kind="consultation_desk", name=name, area=area, needs=tuple(needs),
                    phone=phone, address=address, **kw)


ALL_NEEDS = ("高齢", "障がい", "子育て", "生活困窮", "権利擁護", "ひきこもり", "ケアラー")


@pytest.fixture(scope="session")
def make_desk():
    return desk


@pytest.fixture(scope="session")
def zushi_desks() -> list[Resource]:
    """The three 包括 as the plan prints them, plus two city-wide specialists (test rows)."""
    return [
        desk("t-east", "zushi", "東部センター(テスト)", "zushi-east", ALL_NEEDS, "046-876-6299"),
        desk("t-central", "zushi", "中部センター(テスト)", "zushi-central", ALL_NEEDS, "046-872-2480"),
        desk("t-west", "zushi", "西部センター(テスト)", "zushi-west", ALL_NEEDS, "046-876-5451"),
        desk("t-shogai", "zushi", "障がい相談(テスト)", "city", ("障がい",)),
        desk("t-cityhall", "zushi", "市役所各課(テスト)", "city", ("高齢", "障がい", "子育て", "生活困窮")),
    ]
