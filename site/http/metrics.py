"""/metrics in the Prometheus text format (issue 31.5): what an operator watches, nothing about who asked.

Requests are counted by route template (「/{city}/search」), never by the path or query a resident typed,
and no address is recorded. Each process answers for itself (with `--workers N`, scrape each worker's port
or run one worker per port behind the balancer): counters live in the process, the build and the publishing
queue are read when scraped.
"""
from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily
from sqlalchemy import func, select

from tsunagu.staff.models import AuditEntry, ChangeRequest

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self, app_state):
        self.app_state = app_state  # FastAPI's app.state: the build holder and the staff runtime
        self.registry = CollectorRegistry()
        self.requests = Counter("tsunagu_http_requests", "HTTP requests by route template and status",
                                ["route", "status"], registry=self.registry)
        self.latency = Histogram("tsunagu_http_request_duration_seconds", "Time to answer, by route template",
                                 ["route"], buckets=BUCKETS, registry=self.registry)
        self.registry.register(_Collector(app_state))

    def observe(self, route: str, status: int, seconds: float) -> None:
        self.requests.labels(route, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def text(self) -> bytes:
        return generate_latest(self.registry)


class _Collector:
    """Read at scrape time: the served build, reloads, and the publishing queue in the staff database."""

    def __init__(self, app_state):
        self.app_state = app_state

    def collect(self):
        holder = self.app_state.holder
        info = InfoMetricFamily("tsunagu_build", "The build this process serves")
        info.add_metric([], {"build": holder.current.build_id})
        yield info
        yield CounterMetricFamily("tsunagu_reloads", "Builds swapped in since start", value=holder.reloads)
        yield CounterMetricFamily("tsunagu_failed_loads", "Builds that could not be loaded (the served one stayed)",
                                  value=holder.failed_loads)
        staff = getattr(self.app_state, "staff", None)
        if staff is None:
            return
        with staff.store.tx() as s:
            states = dict(s.execute(select(ChangeRequest.publish_state, func.count())
                                    .where(ChangeRequest.publish_state.in_(("queued", "building")))
                                    .group_by(ChangeRequest.publish_state)).all())
            refused = s.scalar(select(func.count()).select_from(AuditEntry)
                               .where(AuditEntry.action == "publish_refused")) or 0
        queue = GaugeMetricFamily("tsunagu_publish_queue", "Approved changes waiting to go live", labels=["state"])
        for state in ("queued", "building"):
            queue.add_metric([state], states.get(state, 0))
        yield queue
        yield CounterMetricFamily("tsunagu_publish_refused", "Publishes refused by the checks or a failed build",
                                  value=refused)


def route_label(scope) -> str:
    route = scope.get("route")
    if route is not None and getattr(route, "path", None):
        return route.path
    return "/static" if scope.get("path", "").startswith("/static/") else "unmatched"
