"""Build-time rendering of the district sheets: fit each district on one A4 sheet, write the
PDF (tagged), its large-print version, the map, a small JSON saying how it was fitted, and the
sheet's contents (files.py names them) that the web page reads, so the HTML shows exactly what
the PDF shows without making the guide again.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from tsunagu.paths import STATIC_DIR
from tsunagu.paths import TEMPLATES_DIR as TEMPLATES_DIR
from tsunagu.settings import Settings

from .district import build_district_sheet
from .files import index_name, names
from .model import CityGuides, DistrictSheet, Fit
from .sheetmap import legend_in, render_sheet_map
from .stamp import build_date
from .words import JAPANESE, Words, translate

# The printed templates are shared with the web pages (one macro per block), so they stay in site/:
# the build reads them as files and imports nothing from the site package.
PRINT_CSS = STATIC_DIR / "css" / "printed.css"
MAP_HEIGHTS = (95, 70, 55)  # mm (classes .sheet-map-95 … in printed.css): the map gives way before any salon moves


@lru_cache(maxsize=4)
def template_env(lang: str = "ja") -> Environment:
    """The printed templates with `_()` in `lang` (the site's catalogs, read by words.py), as the web
    pages' environment has them in the reader's language (newstyle: values given to them are escaped)."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=select_autoescape(["html"]),
                      extensions=["jinja2.ext.i18n"])
    env.policies["ext.i18n.trimmed"] = True

    def gettext(message: str) -> str:
        return translate(message, lang)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return translate(singular if n == 1 else plural, lang)

    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["tr"] = lambda value: gettext(value) if isinstance(value, str) else value
    return env


@dataclass
class Rendered:
    sheet: DistrictSheet
    document: object  # weasyprint Document

    def page_of(self, anchor: str) -> int:
        return next((i for i, p in enumerate(self.document.pages) if anchor in p.anchors), -1)  # type: ignore[attr-defined]

    @property
    def front_fits(self) -> bool:
        return self.page_of("front-end") == 0

    @property
    def back_fits(self) -> bool:
        return self.page_of("back-end") == 1


class SheetRenderer:
    """Lays district sheets out. The build makes the Japanese ones (render_district); a sheet in another language
    is made on demand by the web app (render_language), in `words`' language, with the build's map image (`map_dir`)
    and `finish` applied to its HTML before layout (ふりがな on やさしい日本語 sheets)."""

    def __init__(self, catalog, geo, out_dir: Path, base_url: str, words: Words = JAPANESE,
                 map_dir: Path | None = None, finish: Callable[[str], str] | None = None):
        from weasyprint import CSS  # lazy: adds 3.8 s to importing this module
        self.catalog, self.geo, self.out_dir, self.base_url = catalog, geo, out_dir, base_url
        self.words, self.map_dir, self.finish = words, map_dir or out_dir, finish
        self.built = build_date(catalog.build_path)
        self.template = template_env(words.lang).get_template("printed/district_pdf.html")
        self.css = [CSS(filename=str(PRINT_CSS))]
        self.legend = ""

    def sheet(self, city: str, district: str, fit: Fit) -> DistrictSheet:
        sheet = build_district_sheet(self.catalog, self.geo, city, district, built=self.built,
                                     base_url=self.base_url, fit=fit, words=self.words)
        assert sheet is not None, f"{city}/{district}"
        sheet.map_legend = legend_in(self.legend, self.words)
        return sheet

    def layout(self, sheet: DistrictSheet, map_src: str, large: bool = False, map_heading: bool = False) -> Rendered:
        from weasyprint import HTML  # lazy: adds 3.8 s to importing this module
        html = self.template.render(sheet=sheet, map_src=map_src, large=large, map_heading=map_heading)
        if self.finish is not None:
            html = self.finish(html)
        doc = HTML(string=html, base_url=str(self.map_dir)).render(stylesheets=self.css, pdf_tags=True)
        return Rendered(sheet, doc)

    def fit(self, city: str, district: str, map_src: str) -> Rendered:
        """The most that fits on one sheet: first a smaller map, then salons (and back groups) move on."""
        for height in MAP_HEIGHTS:
            r = self.layout(self.sheet(city, district, Fit(map_height_mm=height)), map_src)
            if r.front_fits and r.back_fits:
                return r
            if r.front_fits:
                break
        fit = Fit(map_height_mm=height)
        if not r.front_fits:
            fit = Fit(salons_on_front=self._largest(lambda k: Fit(k, None, height), "front",
                                                    city, district, map_src, len(_salon_entries(r.sheet))),
                      map_height_mm=height)
        r = self.layout(self.sheet(city, district, fit), map_src)
        if not r.back_fits:
            j = self._largest(lambda j: Fit(fit.salons_on_front, j, height), "back", city, district, map_src,
                              len(r.sheet.back_groups))
            r = self.layout(self.sheet(city, district, Fit(fit.salons_on_front, j, height)), map_src)
        return r

    def fit_large(self, city: str, district: str, map_src: str) -> Rendered:
        """Large print, everything in 16 pt: the map on page 1 with the desks it shows, as large as fits there
        (issue 28); where even the smallest does not, it follows on under its own heading."""
        if not map_src:
            return self.layout(self.sheet(city, district, Fit()), map_src, large=True)
        for height in MAP_HEIGHTS:
            r = self.layout(self.sheet(city, district, Fit(map_height_mm=height)), map_src, large=True)
            if r.page_of("map-end") == 0:
                return r
        return self.layout(self.sheet(city, district, Fit()), map_src, large=True, map_heading=True)

    def _largest(self, make, side: str, city: str, district: str, map_src: str, n: int) -> int:
        lo, hi = 0, n  # invariant: lo fits (or is 0), hi+1 does not
        while lo < hi:
            mid = (lo + hi + 1) // 2
            r = self.layout(self.sheet(city, district, make(mid)), map_src)
            if (r.front_fits if side == "front" else r.back_fits):
                lo = mid
            else:
                hi = mid - 1
        return lo

    def render_district(self, city: str, district: str) -> dict:
        n = names(city, district)
        first = self.sheet(city, district, Fit())
        legend = render_sheet_map(city, list(first.district.towns), first.pins,
                                  self.catalog.build_path / "geo", self.out_dir / n["map"])
        self.legend = legend
        map_src = n["map"] if legend else ""
        r = self.fit(city, district, map_src)
        pdf = self.out_dir / n["pdf"]
        r.document.write_pdf(pdf, pdf_tags=True)  # type: ignore[attr-defined]
        large = self.fit_large(city, district, map_src)
        large.document.write_pdf(self.out_dir / n["large"], pdf_tags=True)  # type: ignore[attr-defined]
        # What the web page shows: exactly the sheet of the PDF, fit and map legend included.
        (self.out_dir / n["sheet"]).write_text(r.sheet.to_json(), encoding="utf-8")
        info = {"fit": r.sheet.fit.to_json(), "map_legend": legend, "pages": len(r.document.pages),  # type: ignore[attr-defined]
                "large_pages": len(large.document.pages), "overflow": r.sheet.overflow,  # type: ignore[attr-defined]
                "bytes": pdf.stat().st_size, "large_bytes": (self.out_dir / n["large"]).stat().st_size}
        (self.out_dir / n["fit"]).write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        return info


    def render_language(self, city: str, district: str, large: bool, legend: str, out: Path) -> Rendered:
        """One district's sheet (or its large print) in this renderer's language, fitted as the build fits the
        Japanese one, with the build's map (`legend`: its fit note's, "" for none), written to `out`.
        ふりがな (`finish`) only where it fits: a sheet it would push onto a second sheet is laid out without it."""
        self.legend = legend
        map_src = names(city, district)["map"] if legend else ""
        r = self.fit_large(city, district, map_src) if large else self.fit(city, district, map_src)
        if not large and r.sheet.overflow and self.finish is not None:
            finish, self.finish = self.finish, None
            plain = self.fit(city, district, map_src)
            r = plain if not plain.sheet.overflow else r
            self.finish = finish
        r.document.write_pdf(out, pdf_tags=True)  # type: ignore[attr-defined]
        return r


def _salon_entries(sheet: DistrictSheet) -> list:
    return [it for g in sheet.front_groups + sheet.more_groups for it in g.items]


def write_city_index(catalog, out_dir: Path, city_slug: str) -> CityGuides:
    """The areas index's counts (records per district; the whole city for `all`), once per build."""
    city = catalog.cities[city_slug]
    counts = {d.id: len(catalog.in_city(city_slug)) if d.id == "all"
              else len(catalog.in_district(city_slug, d.id)) for d in city.districts}
    index = CityGuides(city=city_slug, counts=counts)
    (out_dir / index_name(city_slug)).write_text(index.model_dump_json(), encoding="utf-8")
    return index


def render_district_guides(catalog, geo, out_dir: Path, base_url: str, cities: set[str] | None = None) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    renderer = SheetRenderer(catalog, geo, out_dir, base_url)
    written = []
    for city in catalog.cities.values():
        if cities is not None and city.slug not in cities:
            continue
        write_city_index(catalog, out_dir, city.slug)
        for district in city.districts:
            renderer.render_district(city.slug, district.id)
            written.append(out_dir / names(city.slug, district.id)["pdf"])
    return written


def render_guides(catalog, geo, out_dir: Path, base_url: str | None = None,
                  cities: set[str] | None = None) -> list[Path]:
    """Sheets, large-print PDFs, maps, fit notes and contents for every district (of `cities`, when given),
    and each city's index. Returns the sheet PDFs."""
    return render_district_guides(catalog, geo, out_dir, base_url or Settings.from_env().public_url, cities)
