"""Reuse a district's printed guide from the served build when nothing it shows has changed.

Rendering the PDFs is most of a build (about 18 of 24 s of CPU for the bundled data). A city whose
inputs did not change is reused whole (tsunagu/build/units.py); within a city that did change, a staff
approval usually touches one record of one district, so the other districts' sheets are linked from the
build being served instead of rendered again. A district's fingerprint is cheap to know exactly: the
sheet's contents as the build would lay them out (records, desks, notes, the printed date and URL — built
without WeasyPrint), the city's map tables and outline, and a hash of the program's own code and templates.
Each city's fingerprints travel with its unit as `guides/fingerprints-<slug>.json`.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from functools import lru_cache
from pathlib import Path

from tsunagu.guides.stamp import build_date
from tsunagu.paths import STATIC_DIR, code_hash_paths

# The code and templates that decide what a guide looks like (all of it: a safe over-approximation).
_CODE_SUFFIXES = (".py", ".html", ".css")


@lru_cache(maxsize=1)
def code_hash() -> str:
    h = hashlib.sha256()
    for name, path in code_hash_paths(_CODE_SUFFIXES, extra=(STATIC_DIR / "css",)):
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def fingerprints_name(slug: str) -> str:
    return f"fingerprints-{slug}.json"


def _files_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def district_fingerprints(catalog, geo, build: Path, slug: str, public_url: str) -> dict[str, dict[str, str]]:
    """{district id: {"contents": …, "print": …}} of one city's sheets in the build being made (records.json and
    geo/ written). "contents" covers the sheet's JSON (what the web page shows); "print" covers the HTML the
    PDFs are laid out from (both sizes) and the map's pins: a field the paper does not show (a desk's
    description) changes the first only, and then the PDFs and the map stay as they were."""
    from tsunagu.guides.district import build_district_sheet  # lazy: adds 2.6 s to importing this module
    from tsunagu.guides.render import template_env  # lazy: adds 3.4 s to importing this module
    maps = _files_hash([*build.glob(f"geo/*-{slug}.geojson"), build / "geo" / "cities.geojson"])
    template = template_env().get_template("printed/district_pdf.html")
    built = build_date(build)
    prints = {}
    for d in catalog.cities[slug].districts:
        sheet = build_district_sheet(catalog, geo, slug, d.id, built=built, base_url=public_url)
        contents = sheet.to_json() if sheet is not None else ""
        html = "".join(template.render(sheet=sheet, map_src="map", large=large, map_heading=False)
                       for large in (False, True)) if sheet is not None else ""
        pins = json.dumps(sheet.pins if sheet is not None else None)
        prints[d.id] = {kind: hashlib.sha256(f"{code_hash()}\0{maps}\0{text}".encode()).hexdigest()
                        for kind, text in (("contents", contents), ("print", f"{html}\0{pins}"))}
    return prints


PRINTED = ("pdf", "large", "map", "fit")  # the files a sheet's "print" fingerprint decides (fit: how it was laid out)


def reuse(previous: Path | None, out_guides: Path, slug: str, prints: dict[str, dict[str, str]],
          names_of) -> tuple[set[str], dict[str, dict]]:
    """Link what the previous build has of every district whose fingerprints match. Returns the districts
    reused whole, and {district: its fit note} of those whose printed files were linked but whose
    contents (sheet JSON) must be written again (write_contents).

    `names_of(district)` gives {kind: file name} (guides/files.py); a district is reused only when the
    previous build has every file but the map (a district without places has no map image).
    """
    if previous is None:
        return set(), {}
    try:
        old = json.loads((previous / "guides" / fingerprints_name(slug)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set(), {}
    out_guides.mkdir(parents=True, exist_ok=True)
    same: set[str] = set()
    printed: dict[str, dict] = {}
    for district, fingerprint in prints.items():
        names, was = names_of(district), old.get(district)
        if not isinstance(was, dict) or not all((previous / "guides" / n).is_file() for k, n in names.items() if k != "map"):
            continue
        kinds = names if was == fingerprint else PRINTED if was.get("print") == fingerprint["print"] else ()
        for kind in kinds:
            if (previous / "guides" / names[kind]).is_file():
                _link(previous / "guides" / names[kind], out_guides / names[kind])
        if kinds == PRINTED:
            printed[district] = json.loads((previous / "guides" / names["fit"]).read_text(encoding="utf-8"))
        elif kinds:
            same.add(district)
    return same, printed


def write_contents(catalog, geo, out_guides: Path, slug: str, district: str, note: dict, public_url: str) -> None:
    """The sheet's JSON for printed files reused as they are: the contents laid out as they were (the fit note)."""
    from tsunagu.guides.district import build_district_sheet  # lazy: adds 2.6 s to importing this module
    from tsunagu.guides.files import names  # lazy: adds 0.1 s to importing this module
    from tsunagu.guides.model import Fit  # lazy: adds 0.1 s to importing this module
    sheet = build_district_sheet(catalog, geo, slug, district, built=build_date(catalog.build_path),
                                 base_url=public_url, fit=Fit.from_json(note.get("fit")))
    assert sheet is not None, f"{slug}/{district}"
    sheet.map_legend = note.get("map_legend", "")
    (out_guides / names(slug, district)["sheet"]).write_text(sheet.to_json(), encoding="utf-8")


def _link(src: Path, dst: Path) -> None:
    """The same file in the new build (a hard link; a copy where the file system has none)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def record(out_guides: Path, slug: str, prints: dict[str, dict[str, str]]) -> str:
    """Write the city's fingerprints beside its guides; returns the file's name (part of the city's unit)."""
    out_guides.mkdir(parents=True, exist_ok=True)
    name = fingerprints_name(slug)
    (out_guides / name).write_text(json.dumps(prints, sort_keys=True), encoding="utf-8")
    return name
