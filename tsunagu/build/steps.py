"""The build's steps, in the order they run: the one place to read what a build does.

snapshot → check (the gate, over every city) → plan (each city's unit key: reuse or make) → geocode →
records → geo tables → map layers → search index → printed guides → units → manifest. The steps from
geocode to guides do the work of the cities whose unit must be made (`ctx.todo`) and only the shared
files for the others; the units step stores the new units and links the reused ones in (units.py). Each
step reads what the steps before it left in the context and writes into the new build's folder; none
imports the web app (tsunagu.site).
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from tsunagu.data.model import Resource
from tsunagu.guidecache import code_hash
from tsunagu.maplayers import write_layers

from . import units
from .context import BuildContext
from .gate import BuildFailed, city_counts, gate
from .guidestep import city_files, make_guides
from .contacts import contact_facts
from .output import Manifest, RecordsFile, write_sliced

_NOT_DATA = (".py", ".pyc")  # what the snapshot leaves out of data/: code, not data


def snapshot(ctx: BuildContext) -> None:
    """Copy data/ file by file, so an edit during the build cannot half-apply and the first failure
    surfaces as itself (ENOSPC, EROFS …). The server reads its reference tables from here, never data/."""
    for folder, dirs, files in os.walk(ctx.data_dir):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        target = ctx.src / Path(folder).relative_to(ctx.data_dir)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            if not name.endswith(_NOT_DATA):
                shutil.copy2(Path(folder) / name, target / name)


def check(ctx: BuildContext) -> None:
    ctx.directory = gate(ctx.src, ctx.previous, ctx.allow_shrink)


def plan(ctx: BuildContext) -> None:
    """Each city's unit key; a city whose unit is already stored is not built again."""
    d = ctx.records
    shared = units.shared_key(ctx.src, set(d.cities), code_hash(), ctx.public_url, ctx.build_id[:8])
    entries = units.city_entries(ctx.src)
    for slug in d.cities:
        rows = [r.to_dict() for r in d.resources if r.city == slug]
        venues = {vid: dict(v.__dict__) for vid, v in d.venues.items() if v.city == slug}
        ctx.keys[slug] = key = units.city_key(slug, ctx.src, shared, entries.get(slug), rows, venues)
        info = units.stored(ctx.build_dir, units.unit_name(slug, key)) if ctx.build_dir else None
        if info is not None:
            ctx.reused[slug] = info
        ctx.progress.city(ctx.name(slug), f"変更なし、{units.unit_name(slug, key)} を再利用" if info else "作り直します")


def geocode(ctx: BuildContext) -> None:
    from tsunagu.geo.engine import GeoEngine  # lazy: adds 1.5 s to importing this module
    ctx.engine = engine = GeoEngine(ctx.src)  # also draws the shared city outlines (geo step)
    engine.geocode_directory(ctx.records, set(ctx.todo))


def records(ctx: BuildContext) -> None:
    d = ctx.records
    for slug in d.cities:
        info = ctx.reused.get(slug)
        ctx.rows[slug] = info.resources if info else [r.to_dict() for r in d.resources if r.city == slug]
    # records.json whole, and each city's rows on their own for a server that loads a city when asked
    write_sliced(ctx.out, RecordsFile(cities=dict(d.cities), plans=d.plans, vocabulary=d.vocabulary,
                                      venues={vid: dict(v.__dict__) for vid, v in d.venues.items()},
                                      resources=[row for slug in d.cities for row in ctx.rows[slug]]), ctx.rows,
                 contact_facts(dict(d.cities), d.resources, ctx.engine))


def geo_tables(ctx: BuildContext) -> None:
    ctx.engine.write_build_artifacts(ctx.out / "geo", ctx.records, set(ctx.todo))  # type: ignore[attr-defined]


def layers(ctx: BuildContext) -> None:
    # the map's base layers: static, small, fetched by URL
    ctx.layers = write_layers(ctx.out, set(ctx.todo), {slug: info.layers for slug, info in ctx.reused.items()})


def index(ctx: BuildContext) -> None:
    from tsunagu.search.indexer import build_index  # lazy: adds 0.2 s to importing this module
    d, todo = ctx.records, set(ctx.todo)
    # Every city's records (the national vocabulary counts them all), in the order a full build has them.
    every = [r for slug in d.cities for r in (
        [r for r in d.resources if r.city == slug] if slug in todo else map(Resource.from_dict, ctx.rows[slug]))]
    build_index(every, ctx.out / "index", ctx.src, todo)
    if ctx.fail_after_index:
        raise BuildFailed("テスト用の失敗")


def guides(ctx: BuildContext) -> None:
    ctx.guides = make_guides(ctx)


def store_units(ctx: BuildContext) -> None:
    """Store the units made by this build and link the reused ones into it."""
    for slug in ctx.todo:
        info = units.UnitInfo(slug=slug, key=ctx.keys[slug], resources=ctx.rows[slug], layers=ctx.layers.get(slug, {}),
                              index_dir=_index_dir(slug), files=city_files(ctx, slug))
        if ctx.build_dir is not None:
            units.store(ctx.build_dir, ctx.out, info)
    for slug, info in ctx.reused.items():
        assert ctx.build_dir is not None
        units.link_into(units.units_dir(ctx.build_dir) / units.unit_name(slug, info.key), info.files, ctx.out)


def _index_dir(slug: str) -> str:
    from tsunagu.search.indexer import city_dir_name  # lazy: adds 0.2 s to importing this module
    return city_dir_name(slug)


def manifest(ctx: BuildContext) -> None:
    (ctx.out / "problems.txt").write_text("\n".join(map(str, sorted(ctx.records.problems))), encoding="utf-8")
    Manifest(id=ctx.build_id, created=time.strftime("%Y-%m-%dT%H:%M:%S%z"), counts=city_counts(ctx.records),
             warnings=len(ctx.records.problems), guides=ctx.guides,
             units={slug: units.unit_name(slug, key) for slug, key in ctx.keys.items()},
             rebuilt=ctx.todo, reference=units.reference_key(ctx.src)).write(ctx.out)


STEPS: tuple[tuple[str, Callable[[BuildContext], None]], ...] = (
    ("snapshot", snapshot), ("check", check), ("plan", plan), ("geocode", geocode), ("records", records),
    ("geo", geo_tables), ("layers", layers), ("index", index), ("guides", guides), ("units", store_units),
    ("manifest", manifest),
)
LABELS = {"snapshot": "データの写し", "check": "検査", "plan": "市ごとの再利用の判定", "geocode": "住所の位置",
          "records": "記録", "geo": "地図の表", "layers": "地図レイヤー", "index": "検索索引",
          "guides": "印刷用の案内", "units": "市ごとのユニット", "manifest": "目録"}


def run(ctx: BuildContext) -> None:
    ctx.progress.start(len(STEPS))
    try:
        for name, step in STEPS:
            ctx.progress.step(LABELS.get(name, name))
            step(ctx)
    finally:
        ctx.progress.finish()
