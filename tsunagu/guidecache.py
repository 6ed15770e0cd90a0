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


def district_fingerprints(catalog, geo, build: Path, slug: str, public_url: str) -> dict[str, str]:
    """{district id: fingerprint} of one city's sheets in the build being made (records.json and geo/ written)."""
    from tsunagu.guides.district import build_district_sheet
    from tsunagu.guides.stamp import build_date
    maps = _files_hash([*build.glob(f"geo/*-{slug}.geojson"), build / "geo" / "cities.geojson"])
    built = build_date(build)
    prints = {}
    for d in catalog.cities[slug].districts:
        sheet = build_district_sheet(catalog, geo, slug, d.id, built=built, base_url=public_url)
        contents = sheet.to_json() if sheet is not None else ""
        prints[d.id] = hashlib.sha256(f"{code_hash()}\0{maps}\0{contents}".encode()).hexdigest()
    return prints


def reuse(previous: Path | None, out_guides: Path, slug: str, prints: dict[str, str], files_of) -> set[str]:
    """Link the sheets of every district whose fingerprint matches the previous build's. Returns those districts.

    `files_of(district)` lists (file name, required) of a district's sheet; a district is reused only when the
    previous build has every required one (a district without places has no map image).
    """
    if previous is None:
        return set()
    try:
        old = json.loads((previous / "guides" / fingerprints_name(slug)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    out_guides.mkdir(parents=True, exist_ok=True)
    reused = set()
    for district, fingerprint in prints.items():
        files = files_of(district)
        if old.get(district) != fingerprint or not all((previous / "guides" / n).is_file() for n, need in files if need):
            continue
        for name, _ in files:
            if (previous / "guides" / name).is_file():
                _link(previous / "guides" / name, out_guides / name)
        reused.add(district)
    return reused


def _link(src: Path, dst: Path) -> None:
    """The same file in the new build (a hard link; a copy where the file system has none)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def record(out_guides: Path, slug: str, prints: dict[str, str]) -> str:
    """Write the city's fingerprints beside its guides; returns the file's name (part of the city's unit)."""
    out_guides.mkdir(parents=True, exist_ok=True)
    name = fingerprints_name(slug)
    (out_guides / name).write_text(json.dumps(prints, sort_keys=True), encoding="utf-8")
    return name
