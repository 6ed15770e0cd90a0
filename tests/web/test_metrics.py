"""/metrics (issue 31.5): Prometheus text that a parser reads — requests by route template and status, a latency
histogram, the served build, reloads and the publishing queue — and never an address or what a resident typed."""
from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.bundled_data
SECRET = "逗子市桜山9丁目99番99号"


def families(client) -> dict:
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    assert r.headers["cache-control"] == "no-store"
    return {f.name: f for f in text_string_to_metric_families(r.text)}, r.text


def test_metrics_count_by_route_template_and_never_hold_what_was_typed(client):
    client.get("/zushi/desk", params={"address": SECRET, "need": "認知症"})
    client.get("/zushi/search", params={"q": "ひみつのことば"})
    client.get("/no/such/page")
    found, text = families(client)
    assert SECRET not in text and "桜山9丁目" not in text and "ひみつ" not in text and "認知症" not in text
    routes = {s.labels["route"]: s for s in found["tsunagu_http_requests"].samples if s.name.endswith("_total")}
    assert routes["/{city}/desk"].value >= 1 and routes["/{city}/search"].value >= 1
    statuses = {(s.labels["route"], s.labels["status"]) for s in found["tsunagu_http_requests"].samples}
    assert ("unmatched", "404") in statuses or any(st == "404" for _, st in statuses)
    buckets = [s for s in found["tsunagu_http_request_duration_seconds"].samples if s.name.endswith("_bucket")]
    assert any(s.labels["route"] == "/{city}/desk" for s in buckets)


def test_metrics_name_the_build_and_the_publishing_queue(client, app):
    found, _ = families(client)
    [info] = found.get("tsunagu_build", found.get("tsunagu_build_info")).samples
    assert info.labels["build"] == app.state.holder.current.build_id
    queue = {s.labels["state"]: s.value for s in found["tsunagu_publish_queue"].samples}
    assert set(queue) == {"queued", "building"}
    assert "tsunagu_reloads" in found and "tsunagu_publish_refused" in found
