"""Per-city build units: what one city contributes to a build, stored once under its content hash.

A unit is `build_dir/units/<slug>-<key>/`, where the key hashes everything that decides its files: the
city's own inputs (its rows and venues as loaded, its cities.yaml entry, its area rules), the shared
reference data (every other file of the snapshot: geodata, plans, vocabulary, lexicon …), the program's
code, the public URL and the day (printed sheets carry the date). Inside, the city's files sit at the
paths they have in a build, plus `unit.json` (UnitInfo):

  geo/areas-<slug>.geojson  geo/towns-<slug>.geojson     the geo step's tables
  layers/outline-<slug>.geojson  layers/areas-<slug>.geojson   the map's layers
  index/<city dir>/…                                     the city's search index
  guides/areas-<slug>.json  guides/guide-<slug>-<district>…    the printed guides

A build hard-links every file of every unit into `builds/<id>/`, so a build stays a complete, ordinary
folder (the server, rollback, HSDS export and backup read it as before) and an unchanged city costs no
work, no disk and not a byte of difference: its files are the very inodes of the previous build.
Units are never modified once renamed into place; prune removes those no kept build names.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tsunagu.data.yamlio import YamlFileError, read_yaml

from .output import Manifest

UNITS = "units"
UNIT_INFO = "unit.json"
KEY_CHARS = 20  # of the sha256: enough to never collide among one folder's units
_CITY_FOLDERS = ("resources", "venues", "areas")  # files named <slug>.* here belong to that city


class UnitInfo(BaseModel):
    """`unit.json`: what the build needs of a unit without opening its files."""
    slug: str
    key: str
    resources: list[dict[str, Any]]  # the city's records, geocoded (records.json's rows of this city)
    layers: dict[str, Any]  # the city's entry of layers/index.json
    index_dir: str  # the city's folder under index/
    files: list[str]  # every file of the unit, relative to it (what is linked into a build)


def units_dir(build_dir: Path) -> Path:
    return build_dir / UNITS


def unit_name(slug: str, key: str) -> str:
    return f"{slug}-{key[:KEY_CHARS]}"


def _hash_files(h, root: Path, paths) -> None:
    for path in sorted(paths):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())


def _city_file(rel: Path, slugs: set[str]) -> bool:
    return len(rel.parts) == 2 and rel.parts[0] in _CITY_FOLDERS and rel.name.split(".")[0] in slugs


def shared_key(src: Path, slugs: set[str], code: str, public_url: str, day: str) -> str:
    """The hash of everything every city depends on: the snapshot minus the cities' own files
    (and minus cities.yaml, whose entries are hashed per city), the code, the URL and the day."""
    h = hashlib.sha256(f"{code}\0{public_url}\0{day}\0".encode())
    files = [p for p in src.rglob("*") if p.is_file() and p.suffix != ".md"
             and p.relative_to(src).as_posix() != "cities.yaml" and not _city_file(p.relative_to(src), slugs)]
    _hash_files(h, src, files)
    return h.hexdigest()


def reference_key(src: Path) -> str:
    """The hash of every snapshot file but the rows (resources/, venues/): what the geo engine and the
    searcher's lexicon are made from. A server whose next build has the same one keeps its geo engine."""
    h = hashlib.sha256()
    _hash_files(h, src, [p for p in src.rglob("*") if p.is_file() and p.suffix != ".md"
                         and p.relative_to(src).parts[0] not in ("resources", "venues")])
    return h.hexdigest()


def city_entries(src: Path) -> dict[str, Any]:
    """Each city's cities.yaml entry as written (every field, modelled or not)."""
    try:
        raw = read_yaml(src / "cities.yaml", "cities.yaml")
    except (OSError, YamlFileError):
        return {}
    return {c["slug"]: c for c in raw if isinstance(c, dict) and "slug" in c} if isinstance(raw, list) else {}


def city_key(slug: str, src: Path, shared: str, entry: Any, records: list[dict], venues: dict) -> str:
    """The unit key of one city: the shared key and the city's own inputs, as loaded by the gate."""
    h = hashlib.sha256(shared.encode())
    own = {"entry": entry, "records": records, "venues": venues}
    h.update(json.dumps(own, sort_keys=True, ensure_ascii=False, default=str).encode())
    _hash_files(h, src, [src / folder / f"{slug}{ext}" for folder in _CITY_FOLDERS for ext in (".csv", ".yaml")
                         if (src / folder / f"{slug}{ext}").is_file()])
    return h.hexdigest()


def stored(build_dir: Path, name: str) -> UnitInfo | None:
    """The complete unit of that name, or None (missing, half-written, or unreadable)."""
    try:
        return UnitInfo.model_validate_json((units_dir(build_dir) / name / UNIT_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def link_into(unit: Path, files: list[str], out: Path) -> None:
    """Hard-link a unit's files into a build folder (a copy only where the file system has no links)."""
    for rel in files:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(unit / rel, target)
        except OSError:
            shutil.copy2(unit / rel, target)


def store(build_dir: Path, out: Path, info: UnitInfo) -> Path:
    """Make a unit from a city's files just written into the build `out` (linked, not copied), then
    rename it into place: a unit folder without `.tmp` is always complete."""
    final = units_dir(build_dir) / unit_name(info.slug, info.key)
    if stored(build_dir, final.name) is not None:
        return final  # the same inputs were built before (e.g. after a rollback)
    tmp = final.with_name(final.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(final, ignore_errors=True)  # a unit without a readable unit.json is not one
    link_into(out, info.files, tmp)
    (tmp / UNIT_INFO).write_text(info.model_dump_json(), encoding="utf-8")
    os.rename(tmp, final)
    return final


def prune(build_dir: Path, kept_builds: list[Path]) -> list[str]:
    """Remove units that no kept build's manifest names (and half-written ones). Called under the lock."""
    named: set[str] = set()
    for b in kept_builds:
        manifest = Manifest.read(b)
        if manifest is not None:
            named.update(manifest.units.values())
    folder = units_dir(build_dir)
    removed = []
    for unit in sorted(folder.iterdir()) if folder.is_dir() else []:
        if unit.name not in named:
            shutil.rmtree(unit, ignore_errors=True)
            removed.append(unit.name)
    return removed
