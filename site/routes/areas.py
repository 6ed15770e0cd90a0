"""Area guides: a list of districts, each district's sheet (the same content as its PDF), the PDFs."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse

from tsunagu.guides.files import names

from ..deps import CityPage, State
from ..layout_pool import Busy
from ..pages.contexts import AreaGuideContext, AreasIndexContext
from ..pages.guide_shelf import shelf_for
from ..pages.i18n import N_
from ..pages.reading import current_reading
from ..pages.templating import render
from ..printed.district import cached, make_district_pdf, sheet_in
from ..state import AppState, city_or_404
from .sheet import busy_page

router = APIRouter(include_in_schema=False)


@router.get("/{city}/areas/")
async def areas_index(city: str, info: CityPage, request: Request, state: State):
    index = shelf_for(state.build_path).city_index(city)
    if index is None:
        raise HTTPException(status_code=404, detail="この市の地区のガイドはまだ作られていません")
    counts = index.counts
    return render(state, request, "areas_index.html", AreasIndexContext({
        "city": info, "counts": counts,
        "breadcrumbs": [(N_("トップ"), "/"), (info.name, f"/{city}/"), ("地区のガイド", None)],
    }))


def _guide_file(state: AppState, city: str, district: str, kind: str):
    info = city_or_404(state, city)
    if info.district(district) is None:
        raise HTTPException(status_code=404, detail="その地区は見つかりません")
    path = state.catalog.build_path / "guides" / names(city, district)[kind]
    if not path.exists():
        raise HTTPException(status_code=404, detail="この地区の PDF はまだ作られていません")
    return info, path


# The same address gives the sheet in the reader's language (issue 30.5): caches must keep them apart.
VARY = {"Vary": "Accept-Language, Cookie"}


def _pdf(state: AppState, request: Request, city: str, district: str, large: bool):
    """The district's sheet PDF in the reader's language: Japanese as the build made it; English and
    やさしい日本語 made on demand through the layout pool the first time, then kept for the build."""
    info, path = _guide_file(state, city, district, "large" if large else "pdf")
    lang = current_reading().lang
    filename = f"{city}-{district}-guide{'-large' if large else ''}{'' if lang == 'ja' else '-' + lang}.pdf"
    if lang != "ja":
        found = cached(state.settings.var_dir, state.catalog.build_path, city, district, lang, large)
        if found is None:
            try:
                with request.app.state.layout_pool.slot(request.client.host if request.client else ""):
                    found = make_district_pdf(state, city, district, lang, large)
            except Busy as busy:
                return busy_page(state, request, info, busy.reason, guide_url=f"/{city}/areas/{district}")
        path = found
    return FileResponse(path, media_type="application/pdf", filename=filename, headers=VARY)


@router.get("/{city}/areas/{district}.pdf")
def area_pdf(city: str, district: str, request: Request, state: State):
    return _pdf(state, request, city, district, False)


@router.get("/{city}/areas/{district}/large.pdf")
def area_large_pdf(city: str, district: str, request: Request, state: State):
    return _pdf(state, request, city, district, True)


@router.get("/{city}/areas/{district}/map.png")
def area_map_png(city: str, district: str, state: State):
    _, path = _guide_file(state, city, district, "map")
    return FileResponse(path, media_type="image/png")


@router.get("/{city}/areas/{district}")
async def area_guide(city: str, info: CityPage, district: str, request: Request, state: State):
    if info.district(district) is None:
        raise HTTPException(status_code=404, detail="その地区は見つかりません")
    # The sheet the build made for the PDF (its fit included), so the page and its print show the same.
    shelf = shelf_for(state.build_path)
    sheet = shelf.sheet(city, district)
    if sheet is None:
        raise HTTPException(status_code=404, detail="この地区のガイドはまだ作られていません")
    lang = current_reading().lang
    if lang != "ja":  # the same sheet in the reader's language (made once per build, like the page)
        japanese = sheet
        sheet = shelf.sheet_in(city, district, lang, lambda: sheet_in(state, japanese, lang)) or sheet

    def page() -> bytes:
        return bytes(render(state, request, "area_guide.html", AreaGuideContext({
            "city": info, "sheet": sheet, "map_src": f"/{city}/areas/{district}/map.png" if sheet.map_legend else "",
            "pdf_url": f"/{city}/areas/{district}.pdf", "large_url": f"/{city}/areas/{district}/large.pdf",
            "print_css": True,
            "breadcrumbs": [(N_("トップ"), "/"), (info.name, f"/{city}/"), ("地区のガイド", f"/{city}/areas/"),
                            (sheet.district.name, None)],
        })).body)
    # The same for every visitor of one build, so it is rendered once per build, like the PDF beside it,
    # and gzipped once too (the gzip middleware leaves a response that names its encoding alone).
    if "gzip" in request.headers.get("accept-encoding", ""):
        return HTMLResponse(shelf.page_gzip(city, district, page),
                            headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    return HTMLResponse(shelf.page(city, district, page))
