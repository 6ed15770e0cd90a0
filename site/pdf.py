"""Area guides as PDF (WeasyPrint, Debian pango + Noto CJK), made at build time.

The district sheets themselves live in `tsunagu.site.printed`; this is the build's entry point.
"""
from __future__ import annotations

from pathlib import Path

from .printed.render import names


def guide_files(catalog, city_slug: str) -> list[tuple[str, bool]]:
    """(file name, required) of one city's guides: sheet, large print and fit note always, map if any."""
    city = catalog.cities[city_slug]
    return [(n[kind], kind != "map") for d in city.districts
            for n in [names(city_slug, d["id"])] for kind in ("pdf", "large", "fit", "map")]


def render_guides(catalog, geo, out_dir: Path, base_url: str | None = None,
                  cities: set[str] | None = None) -> list[Path]:
    """One-sheet and large-print PDFs, maps and fit notes for every district (of `cities`, when given).
    Returns the sheet PDFs."""
    from tsunagu.settings import Settings

    from .printed.render import render_district_guides
    return render_district_guides(catalog, geo, out_dir, base_url or Settings.from_env().public_url, cities)
