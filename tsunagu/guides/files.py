"""The area guides' files in a build (`<build>/guides/`), and the build step that makes them.

Per district: the sheet PDF, its large-print PDF, the map PNG (only when something has a place),
the fit note and the sheet's contents as JSON (model.DistrictSheet) that the web page renders.
Per city: the areas index's counts (model.CityGuides). guidecache reuses all of them by city.
The build step that makes them is render.render_guides.
"""
from __future__ import annotations

from pathlib import Path

from .model import CityGuides, DistrictSheet

KINDS = ("pdf", "large", "fit", "sheet", "map")


def names(city_slug: str, district_id: str) -> dict[str, str]:
    stem = f"guide-{city_slug}-{district_id}"
    return {"pdf": f"{stem}.pdf", "large": f"{stem}-large.pdf", "map": f"{stem}.png", "fit": f"{stem}.json",
            "sheet": f"{stem}.sheet.json"}


def index_name(city_slug: str) -> str:
    return f"areas-{city_slug}.json"


def guide_files(catalog, city_slug: str) -> list[tuple[str, bool]]:
    """(file name, required) of one city's guides: every file always, but the map only when there is one."""
    city = catalog.cities[city_slug]
    return [(index_name(city_slug), True)] + [
        (n[kind], kind != "map") for d in city.districts for n in [names(city_slug, d.id)] for kind in KINDS]


def read_sheet(build_path: Path, city_slug: str, district_id: str) -> DistrictSheet | None:
    path = build_path / "guides" / names(city_slug, district_id)["sheet"]
    return DistrictSheet.from_json(path.read_bytes()) if path.is_file() else None


def read_city_index(build_path: Path, city_slug: str) -> CityGuides | None:
    path = build_path / "guides" / index_name(city_slug)
    return CityGuides.model_validate_json(path.read_bytes()) if path.is_file() else None

