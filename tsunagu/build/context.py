"""What the build's steps share: the new build's folder, what the gate loaded, which cities are made."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tsunagu.data.loader import Directory

from .output import GuideReuse
from .progress import Silent
from .units import UnitInfo


@dataclass
class BuildContext:
    data_dir: Path  # the data/ folder the build reads (once, into the snapshot)
    out: Path  # the new build's folder (builds/<id>.tmp until it is complete)
    build_id: str
    previous: Path | None  # the build being served, whose unchanged guides may be reused
    public_url: str
    allow_shrink: bool = False
    fail_after_index: bool = False  # for the test that proves a failed build keeps the old one
    build_dir: Path | None = None  # where the city units are kept (None: a build that neither reuses nor stores)
    progress: Silent = field(default_factory=Silent)
    directory: Directory | None = None
    engine: object = None  # tsunagu.geo.engine.GeoEngine, made by the geocode step
    guides: GuideReuse = field(default_factory=lambda: GuideReuse(rendered=[], reused=[]))
    keys: dict[str, str] = field(default_factory=dict)  # city slug -> unit key (plan)
    reused: dict[str, UnitInfo] = field(default_factory=dict)  # cities whose stored unit is taken
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # city -> records.json rows (records)
    layers: dict[str, Any] = field(default_factory=dict)  # layers/index.json (layers)

    @property
    def src(self) -> Path:
        return self.out / "data"

    @property
    def records(self) -> Directory:
        assert self.directory is not None, "the check step runs first"
        return self.directory

    @property
    def todo(self) -> list[str]:
        """The cities whose unit this build makes, in cities.yaml order."""
        return [slug for slug in self.records.cities if slug not in self.reused]

    def name(self, slug: str) -> str:
        return self.records.cities[slug].name
