"""Area guides: a list of districts, each district's printable guide, and its PDF."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse

from ..guide import build_guide, static_map_name
from ..pdf import pdf_name
from ..state import AppState, city_or_404, get_state
from ..templating import render

router = APIRouter(include_in_schema=False)


@router.get("/{city}/areas/")
def areas_index(city: str, request: Request, state: AppState = Depends(get_state)):
    info = city_or_404(state, city)
    counts = {d["id"]: len(state.catalog.in_district(city, d["id"])) if d["id"] != "all" else len(state.catalog.in_city(city))
              for d in info.districts}
    return render(state, request, "areas_index.html", {
        "city": info, "counts": counts,
        "breadcrumbs": [("トップ", "/"), (info.name, f"/{city}/"), ("地区のガイド", None)],
    })


@router.get("/{city}/areas/{district}.pdf")
def area_pdf(city: str, district: str, state: AppState = Depends(get_state)):
    info = city_or_404(state, city)
    if info.district(district) is None:
        raise HTTPException(status_code=404, detail="その地区は見つかりません")
    path = state.catalog.build_path / "guides" / pdf_name(city, district)
    if not path.exists():
        raise HTTPException(status_code=404, detail="この地区の PDF はまだ作られていません")
    return FileResponse(path, media_type="application/pdf",
                        filename=f"{info.name}-{info.district(district)['name']}-guide.pdf")


@router.get("/{city}/areas/{district}/map.png")
def area_map_png(city: str, district: str, state: AppState = Depends(get_state)):
    info = city_or_404(state, city)
    # Only names the build made reach the file system (no long or crafted names, no traversal).
    if info.district(district) is None:
        raise HTTPException(status_code=404, detail="その地区は見つかりません")
    path = state.catalog.build_path / "guides" / static_map_name(city, district)
    if not path.exists():
        raise HTTPException(status_code=404, detail="地図がありません")
    return FileResponse(path, media_type="image/png")


@router.get("/{city}/areas/{district}")
def area_guide(city: str, district: str, request: Request, state: AppState = Depends(get_state)):
    info = city_or_404(state, city)
    guide = build_guide(state.catalog, state.geo, city, district)
    if guide is None:
        raise HTTPException(status_code=404, detail="その地区は見つかりません")
    has_map = (state.catalog.build_path / "guides" / static_map_name(city, district)).exists()
    return render(state, request, "area_guide.html", {
        "city": info, "guide": guide, "map_src": f"/{city}/areas/{district}/map.png" if has_map else "",
        "pdf_url": f"/{city}/areas/{district}.pdf",
        "breadcrumbs": [("トップ", "/"), (info.name, f"/{city}/"), ("地区のガイド", f"/{city}/areas/"), (guide.district["name"], None)],
    })
