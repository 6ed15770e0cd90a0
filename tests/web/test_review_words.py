"""Residents and reviewers read words, not stored codes (issue 28.8)."""
from __future__ import annotations

import pytest

from tsunagu.data.model import Resource, Source
from tsunagu.site.pages.views import resource_view
from tsunagu.site.staff.routes_changes import shown


def test_the_review_screen_shows_values_as_people_read_them():
    assert shown("kind", "salon") == "サロン・通いの場"
    assert shown("location_public", "false") == "公開しない（町名だけ載せる）"
    assert shown("phone", "046-000-0000") == "046-000-0000"


@pytest.mark.bundled_data
def test_a_supplied_record_says_not_registered_yet_not_that_a_plan_is_silent(app, client):
    catalog = app.state.holder.current.catalog
    supplied = Resource(id="zushi-salon-x", city="zushi", kind="salon", name="新しいサロン", town="久木",
                        location_public=False, source=(Source(supplier="逗子市社会福祉協議会 2026-12-01"),))
    assert resource_view(supplied, catalog).missing == "まだ登録されていません"
    planned = next(r for r in catalog.in_city("zushi") if any(s.plan for s in r.source))
    assert resource_view(planned, catalog).missing == "計画に記載なし"
