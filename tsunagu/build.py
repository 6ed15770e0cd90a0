"""`tsunagu build`: validate → geocode → index, into a new folder, switched in atomically.

The served build is `build/current`, a symlink. A new build is written to
`build/builds/<stamp>.tmp`, renamed when complete, and only then does the symlink
move (os.replace of a symlink is atomic). Any failure leaves `current` as it was.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

from tsunagu.data.loader import Directory, load_directory
from tsunagu.data.problems import ProblemList

from .settings import Settings

KEEP_BUILDS = 2


class BuildFailed(Exception):
    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


def check_all(data_dir: Path) -> ProblemList:
    directory = load_directory(data_dir)
    from tsunagu.geo.rules import check_area_rules
    directory.problems.extend(check_area_rules(data_dir, directory))
    from tsunagu.search.lexicon import check_lexicon
    directory.problems.extend(check_lexicon(data_dir))
    return directory.problems


def write_records(out: Path, directory: Directory) -> None:
    payload = {
        "cities": {slug: _city_dict(c) for slug, c in directory.cities.items()},
        "plans": directory.plans,
        "vocabulary": directory.vocabulary,
        "venues": {vid: v.__dict__ for vid, v in directory.venues.items()},
        "resources": [r.to_dict() for r in directory.resources],
    }
    (out / "records.json").write_text(json.dumps(payload, ensure_ascii=False, indent=0), encoding="utf-8")


def _city_dict(city) -> dict:
    from dataclasses import asdict
    return asdict(city)


def build(settings: Settings, *, fail_after_index: bool = False) -> Path:
    """Build into a fresh folder and switch `current` to it. Returns the new build's path.

    `fail_after_index` exists for the test that proves a failed build keeps the old one.
    """
    directory = load_directory(settings.data_dir)
    from tsunagu.geo.rules import check_area_rules
    directory.problems.extend(check_area_rules(settings.data_dir, directory))
    for p in sorted(directory.problems):
        print(p, file=sys.stderr)
    if not directory.resources:
        raise BuildFailed("読み込めた記録が 0 件です", directory.problems)
    builds = settings.build_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}"
    tmp = builds / f"{stamp}.tmp"
    final = builds / stamp
    try:
        tmp.mkdir()
        from tsunagu.geo.engine import GeoEngine
        engine = GeoEngine(settings.data_dir)
        engine.geocode_directory(directory)
        write_records(tmp, directory)
        engine.write_build_artifacts(tmp / "geo", directory)
        from tsunagu.search.indexer import build_index
        build_index(directory.resources, tmp / "index", settings.data_dir)
        if fail_after_index:
            raise BuildFailed("テスト用の失敗")
        from tsunagu.site.catalog import Catalog
        from tsunagu.site.pdf import render_guides
        render_guides(Catalog(tmp), engine, tmp / "guides")
        (tmp / "problems.txt").write_text("\n".join(map(str, sorted(directory.problems))), encoding="utf-8")
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    link_tmp = settings.build_dir / f".current-{stamp}"
    os.symlink(final.relative_to(settings.build_dir), link_tmp)
    os.replace(link_tmp, settings.current_build)
    _prune(builds, keep=final)
    return final


def _prune(builds: Path, keep: Path) -> None:
    done = sorted(p for p in builds.iterdir() if p.is_dir() and not p.name.endswith(".tmp"))
    for old in done[:-KEEP_BUILDS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
