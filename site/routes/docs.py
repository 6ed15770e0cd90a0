"""/docs: Swagger UI from static/vendor (npm swagger-ui-dist), never from a CDN."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from ..state import AppState, pinned_state
from ..templating import render

router = APIRouter(include_in_schema=False)


@router.get("/docs")
async def api_docs(request: Request, state: Annotated[AppState, Depends(pinned_state)]):
    return render(state, request, "docs.html", {})
