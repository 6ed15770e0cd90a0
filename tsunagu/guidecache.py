"""Reuse a city's printed guides from the served build when nothing they show has changed.

Rendering the PDFs is most of a build (about 18 of 24 s of CPU for the bundled data). A staff
approval changes one record of one city, so the other cities' guides are copied from the build being
served instead of rendered again. The key is conservative: the city's records, venues and district
list, the plans and vocabulary, the city's area layers, the reference geodata, the public URL, the
build date printed on the sheets, and a hash of the program's own code and templates. Anything else
changing means a fresh render.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from functools import lru_cache
from pathlib import Path

from .paths import STATIC_DIR, code_hash_paths

FINGERPRINTS = "fingerprints.json"
# The code and templates that decide what a guide looks like (all of it: a safe over-approximation).
_CODE_SUFFIXES = (".py", ".html", ".css")


@lru_cache(maxsize=1)
def code_hash() -> str:
    h = hashlib.sha256()
    for name, path in code_hash_paths(_CODE_SUFFIXES, extra=(STATIC_DIR / "css",)):
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _files_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def city_fingerprints(out: Path, src: Path, build_id: str, public_url: str) -> dict[str, str]:
    records = json.loads((out / "records.json").read_text(encoding="utf-8"))
    shared = {
        "plans": records["plans"], "vocabulary": records["vocabulary"], "public_url": public_url,
        "date": build_id[:8], "code": code_hash(),
        "geodata": _files_hash([p for p in (src / "geo").glob("*") if p.is_file()]),
    }
    prints = {}
    for slug, city in records["cities"].items():
        payload = {
            **shared, "city": city,
            "resources": [r for r in records["resources"] if r["city"] == slug],
            "venues": {k: v for k, v in records["venues"].items() if v.get("city") == slug},
            "layers": _files_hash(list((out / "geo").glob(f"*-{slug}.geojson"))),
            "areas": _files_hash(list((src / "areas").glob(f"{slug}.yaml"))),
        }
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        prints[slug] = hashlib.sha256(text.encode()).hexdigest()
    return prints


def reuse(previous: Path | None, out_guides: Path, prints: dict[str, str], files_of) -> set[str]:
    """Copy the guides of every city whose fingerprint matches the previous build's. Returns those cities.

    `files_of(slug)` lists (file name, required) for a city's guides; a city is reused only when the
    previous build has every required one (a district without places has no map image).
    """
    if previous is None:
        return set()
    try:
        old = json.loads((previous / "guides" / FINGERPRINTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    out_guides.mkdir(parents=True, exist_ok=True)
    reused = set()
    for slug, fingerprint in prints.items():
        files = files_of(slug)
        if old.get(slug) != fingerprint or not all((previous / "guides" / n).is_file() for n, need in files if need):
            continue
        for name, _ in files:
            if (previous / "guides" / name).is_file():
                shutil.copy2(previous / "guides" / name, out_guides / name)
        reused.add(slug)
    return reused


def record(out_guides: Path, prints: dict[str, str]) -> None:
    out_guides.mkdir(parents=True, exist_ok=True)
    (out_guides / FINGERPRINTS).write_text(json.dumps(prints, sort_keys=True), encoding="utf-8")
