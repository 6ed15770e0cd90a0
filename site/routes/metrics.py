"""GET /metrics: the Prometheus text (site/http/metrics.py). Counts only: no address, no query text."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..http.metrics import CONTENT_TYPE

router = APIRouter(include_in_schema=False)


@router.get("/metrics")
def metrics(request: Request):  # a plain def: the publishing queue is read from the staff database
    return Response(request.app.state.metrics.text(), media_type=CONTENT_TYPE,
                    headers={"Cache-Control": "no-store"})
