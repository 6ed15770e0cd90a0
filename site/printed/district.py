"""District sheets in English and やさしい日本語 (issue 30.5), made on demand and kept per build.

The build makes the Japanese sheets only: three languages at build time would triple the guides step (about
130 s of a full build). A sheet in another language is laid out the first time a reader asks for it, through
the layout pool like the personal sheet (same limits, 429 with a way on when busy), fitted on one A4 sheet the
way the build fits the Japanese one, with the build's own map image, and kept in `var/printed/<build>/`: the
build folder is the build's own and stays as the build wrote it. A build's sheets never change, so a kept file
is right for as long as that build is served; the folders of other builds are removed when a new one starts.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from threading import Lock

from tsunagu.guides.district import build_district_sheet
from tsunagu.guides.files import names
from tsunagu.guides.model import DistrictSheet
from tsunagu.guides.sheetmap import legend_in
from tsunagu.guides.stamp import build_date

from .words import furigana_finish, sheet_words

FOLDER = "printed"
_made = Lock()  # one build's folder is set up once (other builds' folders removed)


def cache_dir(var_dir: Path, build_path: Path) -> Path:
    """The folder kept for one build's sheets in other languages (named after the build folder)."""
    return Path(var_dir) / FOLDER / Path(build_path).resolve().name


def cached_name(city: str, district: str, lang: str, large: bool) -> str:
    return f"guide-{city}-{district}{'-large' if large else ''}.{lang}.pdf"


def cached(var_dir: Path, build_path: Path, city: str, district: str, lang: str, large: bool) -> Path | None:
    path = cache_dir(var_dir, build_path) / cached_name(city, district, lang, large)
    return path if path.is_file() else None


def _folder(var_dir: Path, build_path: Path) -> Path:
    folder = cache_dir(var_dir, build_path)
    with _made:
        if not folder.is_dir():
            for old in folder.parent.glob("*") if folder.parent.is_dir() else ():
                shutil.rmtree(old, ignore_errors=True)  # a build no longer served: its sheets are not asked for
            folder.mkdir(parents=True, exist_ok=True)
    return folder


def make_district_pdf(state, city: str, district: str, lang: str, large: bool) -> Path:
    """Lay out and keep one district's sheet in `lang` (call inside a layout pool slot). Returns its file."""
    from tsunagu.guides.render import SheetRenderer  # lazy: imports WeasyPrint (about a second, once)
    build = Path(state.catalog.build_path)
    found = cached(state.settings.var_dir, build, city, district, lang, large)
    if found is not None:  # made while this request waited for the slot
        return found
    japanese = state.catalog.build_path / "guides" / names(city, district)["sheet"]
    legend = DistrictSheet.from_json(japanese.read_bytes()).map_legend if japanese.is_file() else ""
    folder = _folder(state.settings.var_dir, build)
    renderer = SheetRenderer(state.catalog, state.geo, folder, state.settings.public_url,
                             sheet_words(lang, state.catalog, city), map_dir=build / "guides",
                             finish=furigana_finish(lang, state.catalog, city))
    path = folder / cached_name(city, district, lang, large)
    part = path.with_name(f"{path.name}.{os.getpid()}.part")  # never a half-written file under the kept name
    renderer.render_language(city, district, large, legend, part)
    part.replace(path)
    return path


def sheet_in(state, japanese: DistrictSheet, lang: str) -> DistrictSheet | None:
    """The web page's sheet in `lang`: the same contents, laid out as the Japanese sheet was (the page is not
    paged; the PDF in that language is fitted on its own when it is made)."""
    words = sheet_words(lang, state.catalog, japanese.city.slug)
    sheet = build_district_sheet(state.catalog, state.geo, japanese.city.slug, japanese.district.id,
                                 built=build_date(state.catalog.build_path), base_url=state.settings.public_url,
                                 fit=japanese.fit, words=words)
    if sheet is not None:
        sheet.map_legend = legend_in(japanese.map_legend, words)
    return sheet
