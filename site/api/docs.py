"""/docs: Swagger UI from static/vendor (npm swagger-ui-dist), never from a CDN."""
from __future__ import annotations

from fastapi import APIRouter, Request

from ..deps import State
from ..pages.contexts import DocsContext
from ..pages.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/docs")
async def api_docs(request: Request, state: State):
    return render(state, request, "docs.html", DocsContext({}))
