"""The build's steps, in the order they run: the one place to read what a build does.

snapshot → check (the gate) → geocode → records → geo tables → map layers → search index → printed guides
→ manifest. Each step reads what the steps before it left in the context and writes into the new build's
folder; none imports the web app (tsunagu.site).
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tsunagu.data.loader import Directory

from .gate import BuildFailed, city_counts, gate
from .output import GuideReuse, Manifest, RecordsFile

_NOT_DATA = (".py", ".pyc")  # what the snapshot leaves out of data/: code, not data


@dataclass
class BuildContext:
    data_dir: Path  # the data/ folder the build reads (once, into the snapshot)
    out: Path  # the new build's folder (builds/<id>.tmp until it is complete)
    build_id: str
    previous: Path | None  # the build being served, whose unchanged guides may be reused
    public_url: str
    allow_shrink: bool = False
    fail_after_index: bool = False  # for the test that proves a failed build keeps the old one
    directory: Directory | None = None
    engine: object = None  # tsunagu.geo.engine.GeoEngine, made by the geocode step
    guides: GuideReuse = field(default_factory=lambda: GuideReuse(rendered=[], reused=[]))

    @property
    def src(self) -> Path:
        return self.out / "data"

    @property
    def records(self) -> Directory:
        assert self.directory is not None, "the check step runs first"
        return self.directory


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


def geocode(ctx: BuildContext) -> None:
    from tsunagu.geo.engine import GeoEngine
    ctx.engine = engine = GeoEngine(ctx.src)
    engine.geocode_directory(ctx.records)


def records(ctx: BuildContext) -> None:
    RecordsFile.of(ctx.records).write(ctx.out)


def geo_tables(ctx: BuildContext) -> None:
    ctx.engine.write_build_artifacts(ctx.out / "geo", ctx.records)  # type: ignore[attr-defined]


def layers(ctx: BuildContext) -> None:
    from tsunagu.maplayers import write_layers
    write_layers(ctx.out)  # the map's base layers: static, small, fetched by URL


def index(ctx: BuildContext) -> None:
    from tsunagu.search.indexer import build_index
    build_index(ctx.records.resources, ctx.out / "index", ctx.src)
    if ctx.fail_after_index:
        raise BuildFailed("テスト用の失敗")


def guides(ctx: BuildContext) -> None:
    """The printed area guides; a city whose guides would come out the same is copied from the served build."""
    from tsunagu import guidecache
    from tsunagu.catalog import Catalog
    from tsunagu.guides.files import guide_files
    from tsunagu.guides.render import render_guides
    catalog = Catalog(ctx.out)
    prints = guidecache.city_fingerprints(ctx.out, ctx.src, ctx.build_id, ctx.public_url)
    reused = guidecache.reuse(ctx.previous, ctx.out / "guides", prints, lambda slug: guide_files(catalog, slug))
    render_guides(catalog, ctx.engine, ctx.out / "guides", base_url=ctx.public_url, cities=set(prints) - reused)
    guidecache.record(ctx.out / "guides", prints)
    ctx.guides = GuideReuse(rendered=sorted(set(prints) - reused), reused=sorted(reused))


def manifest(ctx: BuildContext) -> None:
    (ctx.out / "problems.txt").write_text("\n".join(map(str, sorted(ctx.records.problems))), encoding="utf-8")
    Manifest(id=ctx.build_id, created=time.strftime("%Y-%m-%dT%H:%M:%S%z"), counts=city_counts(ctx.records),
             warnings=len(ctx.records.problems), guides=ctx.guides).write(ctx.out)


STEPS: tuple[tuple[str, Callable[[BuildContext], None]], ...] = (
    ("snapshot", snapshot), ("check", check), ("geocode", geocode), ("records", records),
    ("geo", geo_tables), ("layers", layers), ("index", index), ("guides", guides), ("manifest", manifest),
)


def run(ctx: BuildContext) -> None:
    for _, step in STEPS:
        step(ctx)
