"""The build's map base layers (tsunagu/maplayers.py), fetched by the map script."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse

from tsunagu.maplayers import LAYER_DIR

from ..assets import IMMUTABLE
from ..state import AppState, city_or_404, pinned_state

router = APIRouter(include_in_schema=False)


@router.get("/{city}/map/{layer}.geojson")
def map_layer(city: str, layer: str, state: Annotated[AppState, Depends(pinned_state)], v: str = ""):
    city_or_404(state, city)
    # Only names the build wrote reach the file system.
    entry = state.maps.layers.get(city, {}).get(layer) if layer in ("outline", "areas") else None
    if entry is None:
        raise HTTPException(status_code=404, detail="その地図の層はありません")
    response = FileResponse(state.build_path / LAYER_DIR / entry["file"], media_type="application/geo+json")
    if v == entry["hash"]:  # the URL names this very content: it never changes
        response.headers["Cache-Control"] = IMMUTABLE
    return response
