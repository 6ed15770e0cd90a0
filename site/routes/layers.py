"""The build's map base layers (tsunagu/maplayers.py), fetched by the map script."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from tsunagu.maplayers import LAYER_DIR

from ..assets import IMMUTABLE
from ..deps import CityPage, State

router = APIRouter(include_in_schema=False)


@router.get("/{city}/map/{layer}.geojson")
def map_layer(city: str, _city: CityPage, layer: str, state: State, v: str = ""):
    # Only names the build wrote reach the file system.
    entry = state.maps.layers.get(city, {}).get(layer) if layer in ("outline", "areas") else None
    if entry is None:
        raise HTTPException(status_code=404, detail="その地図の層はありません")
    response = FileResponse(state.build_path / LAYER_DIR / entry["file"], media_type="application/geo+json")
    if v == entry["hash"]:  # the URL names this very content: it never changes
        response.headers["Cache-Control"] = IMMUTABLE
    return response
