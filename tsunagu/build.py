"""`tsunagu build`: snapshot → check (the gate) → geocode → index → guides, switched in atomically.

The build imports nothing from the web app (tsunagu.site): guides are made by tsunagu.guides.

The served build is `build/current`, a symlink. A new build is written to `builds/<id>.tmp`,
renamed when complete, and only then does the symlink move (os.replace of a symlink is atomic).
Any failure — a data error, a shrink the caller did not allow, a full disk, a kill — leaves
`current` as it was. See `tsunagu/builds.py` for the lock, leases and pruning.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from tsunagu.data.loader import Directory, load_directory
from tsunagu.data.problems import Problem, ProblemList

from . import builds as store
from .settings import Settings

SHRINK_LIMIT = 0.10  # a city losing more than this share of its records needs --allow-shrink
# What the snapshot leaves out of data/: code, not data.
_NOT_DATA = (".py", ".pyc")


class BuildFailed(Exception):
    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


def check_all(data_dir: Path) -> ProblemList:
    directory = load_directory(data_dir)
    return _checked(data_dir, directory)


def _checked(data_dir: Path, directory: Directory) -> ProblemList:
    if directory.cities:  # without cities.yaml the area rules have nothing to check against
        from tsunagu.geo.rules_check import check_area_rules
        directory.problems.extend(check_area_rules(data_dir, directory))
    from tsunagu.search.lexicon import check_lexicon
    directory.problems.extend(check_lexicon(data_dir))
    return directory.problems


def write_records(out: Path, directory: Directory) -> None:
    payload = {
        "cities": {slug: asdict(c) for slug, c in directory.cities.items()},
        "plans": directory.plans,
        "vocabulary": directory.vocabulary,
        "venues": {vid: v.__dict__ for vid, v in directory.venues.items()},
        "resources": [r.to_dict() for r in directory.resources],
    }
    (out / "records.json").write_text(json.dumps(payload, ensure_ascii=False, indent=0), encoding="utf-8")


def city_counts(directory: Directory) -> dict[str, int]:
    counts = Counter(r.city for r in directory.resources)
    return {slug: counts.get(slug, 0) for slug in directory.cities}


def served_counts(build: Path) -> dict[str, int]:
    manifest = store.read_manifest(build)
    if "counts" in manifest:
        return manifest["counts"]
    try:  # builds made before manifests existed
        payload = json.loads((build / "records.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return dict(Counter(r["city"] for r in payload["resources"]))


def shrink_problems(before: dict[str, int], after: dict[str, int], names: dict[str, str]) -> list[str]:
    """One sentence per city that would lose more than SHRINK_LIMIT of its records."""
    out = []
    for slug, old in sorted(before.items()):
        new = after.get(slug, 0)
        if old and (old - new) / old > SHRINK_LIMIT:
            out.append(f"{names.get(slug, slug)}の記録が {old} 件から {new} 件に減ります（{old - new} 件、"
                       f"{(old - new) * 100 // old}%）")
    return out


def build(settings: Settings, *, allow_shrink: bool = False, fail_after_index: bool = False,
          lock_wait_seconds: float = 600) -> Path:
    """Build into a fresh folder and switch `current` to it. Returns the new build's path.

    Raises BuildFailed (with located problems) and never touches `current` when the data has an
    error, a city would shrink by more than 10 % (unless `allow_shrink`), another build holds the
    lock for longer than `lock_wait_seconds`, or the disk refuses. `fail_after_index` exists for
    the test that proves a failed build keeps the old one.
    """
    def waiting() -> None:
        print("別のビルドが実行中です。終わるのを待っています…", file=sys.stderr)

    try:
        with store.build_lock(settings.build_dir, lock_wait_seconds, waiting):
            return _build_locked(settings, allow_shrink, fail_after_index)
    except store.BuildBusy:
        raise BuildFailed(f"別のビルドが {int(lock_wait_seconds)} 秒たっても終わりません。後でもう一度実行してください") from None
    except OSError as exc:
        raise BuildFailed(_disk_message(exc)) from exc


def _disk_message(exc: OSError) -> str:
    where = f"（{exc.filename}）" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"ディスクの空きがありません{where}。空きを作ってからもう一度ビルドしてください"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"ビルド用のフォルダに書き込めません{where}。書き込みの権限と読み取り専用でないことを確かめてください"
    return f"ファイルの読み書きに失敗しました{where}: {exc.strerror or exc}"


def _build_locked(settings: Settings, allow_shrink: bool, fail_after_index: bool) -> Path:
    folder = store.builds_dir(settings.build_dir)
    folder.mkdir(parents=True, exist_ok=True)
    store.remove_stale_tmp(settings.build_dir)
    build_id = store.new_build_id()
    tmp, final = folder / f"{build_id}.tmp", folder / build_id
    try:
        tmp.mkdir()
        # The build reads a snapshot, so an edit to data/ during the build cannot half-apply,
        # and the server reads its reference tables from the build, never from data/.
        src = tmp / "data"
        _snapshot(settings.data_dir, src)
        directory = _gate(src, settings, allow_shrink)
        previous = store.served_build(settings.build_dir)
        guides = _make(tmp, src, directory, fail_after_index, settings.public_url, build_id, previous)
        _write_manifest(tmp, build_id, directory, guides)
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    store.switch_current(settings.build_dir, final)
    store.prune(settings.build_dir, keep=final)
    return final


def _snapshot(data_dir: Path, dst: Path) -> None:
    """Copy data/ file by file, so the first failure surfaces as itself (ENOSPC, EROFS …)."""
    for folder, dirs, files in os.walk(data_dir):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        target = dst / Path(folder).relative_to(data_dir)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            if not name.endswith(_NOT_DATA):
                shutil.copy2(Path(folder) / name, target / name)


def _gate(src: Path, settings: Settings, allow_shrink: bool) -> Directory:
    directory = load_directory(src)
    problems = _checked(src, directory)
    errors = problems.errors
    if errors:
        raise BuildFailed(f"データに {len(errors)} 件のエラーがあるため公開しません。直してからもう一度ビルドしてください",
                          sorted(problems))
    if not directory.resources:
        raise BuildFailed("読み込めた記録が 0 件です", problems)
    served = store.served_build(settings.build_dir)
    if served is not None and not allow_shrink:
        names = {slug: c.name for slug, c in directory.cities.items()}
        shrunk = shrink_problems(served_counts(served), city_counts(directory), names)
        if shrunk:
            raise BuildFailed("記録が大きく減るため公開しません: " + "、".join(shrunk)
                              + "。意図した変更なら --allow-shrink を付けてもう一度ビルドしてください",
                              [Problem("resources", 1, "-", s) for s in shrunk])
    return directory


def _make(out: Path, src: Path, directory: Directory, fail_after_index: bool, public_url: str,
          build_id: str, previous: Path | None) -> dict[str, list[str]]:
    """Everything the site serves, into `out`. Returns which cities' guides were rendered or reused."""
    from tsunagu.catalog import Catalog
    from tsunagu.geo.engine import GeoEngine
    from tsunagu.guides.files import guide_files
    from tsunagu.guides.render import render_guides
    from tsunagu.maplayers import write_layers
    from tsunagu.search.indexer import build_index

    from . import guidecache
    engine = GeoEngine(src)
    engine.geocode_directory(directory)
    write_records(out, directory)
    engine.write_build_artifacts(out / "geo", directory)
    write_layers(out)  # the map's base layers: static, small, fetched by URL
    build_index(directory.resources, out / "index", src)
    if fail_after_index:
        raise BuildFailed("テスト用の失敗")
    catalog = Catalog(out)
    prints = guidecache.city_fingerprints(out, src, build_id, public_url)
    reused = guidecache.reuse(previous, out / "guides", prints, lambda slug: guide_files(catalog, slug))
    render_guides(catalog, engine, out / "guides", base_url=public_url, cities=set(prints) - reused)
    guidecache.record(out / "guides", prints)
    (out / "problems.txt").write_text("\n".join(map(str, sorted(directory.problems))), encoding="utf-8")
    return {"rendered": sorted(set(prints) - reused), "reused": sorted(reused)}


def _write_manifest(out: Path, build_id: str, directory: Directory, guides: dict[str, list[str]]) -> None:
    manifest = {"id": build_id, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "counts": city_counts(directory), "warnings": len(directory.problems), "guides": guides}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
