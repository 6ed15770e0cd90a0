"""What a build writes for the server, declared once (pydantic): the build writes these models and the
server reads them back with the same models. A build of another format is refused with a clear message
(build again), never read through branches for older layouts."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from tsunagu.data.loader import Directory
from tsunagu.data.model import City

RECORDS_FORMAT = 2  # 1: the untyped records.json of earlier builds (no "format" key)


class RecordsFile(BaseModel):
    """`records.json`: every record of the build and what the pages need to show them."""
    format: Literal[2] = 2  # = RECORDS_FORMAT (a Literal needs the number itself)
    cities: dict[str, City]  # the record model's own City (and District), validated on the way in
    plans: dict[str, dict]
    vocabulary: dict[str, Any]
    venues: dict[str, dict]
    resources: list[dict[str, Any]] = Field(description="data.model.Resource.to_dict() of each record")

    @classmethod
    def of(cls, directory: Directory) -> RecordsFile:
        return cls(cities=dict(directory.cities),
                   plans=directory.plans, vocabulary=directory.vocabulary,
                   venues={vid: dict(v.__dict__) for vid, v in directory.venues.items()},
                   resources=[r.to_dict() for r in directory.resources])

    def write(self, build: Path) -> None:
        (build / "records.json").write_text(self.model_dump_json(), encoding="utf-8")

    @classmethod
    def read(cls, build: Path) -> RecordsFile:
        payload = json.loads((build / "records.json").read_text(encoding="utf-8"))
        if not isinstance(payload, dict) or payload.get("format") != RECORDS_FORMAT:
            raise OutdatedBuild(build)
        return cls.model_validate(payload)


def readable(build: Path) -> bool:
    """Whether this program can serve `build` (a complete build in this records format)."""
    try:
        head = json.loads((build / "records.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(head, dict) and head.get("format") == RECORDS_FORMAT and (build / "manifest.json").exists()


class GuideReuse(BaseModel):
    rendered: list[str]  # cities with at least one district sheet rendered by this build
    reused: list[str]  # cities whose every sheet came from an earlier build
    districts: list[str] = []  # the sheets rendered, as "<city>/<district>"


class Manifest(BaseModel):
    """`manifest.json`: what the build is (id, time), how many records each city has (the shrink guard
    compares them), its warnings, which cities' printed guides it rendered or reused, and the city units
    it is made of (tsunagu/build/units.py; `rebuilt` are those this build made, the others it reused)."""
    id: str
    created: str
    counts: dict[str, int]
    warnings: int
    guides: GuideReuse
    units: dict[str, str] = {}  # city slug -> unit folder name under build_dir/units/
    rebuilt: list[str] = []
    reference: str = ""  # units.reference_key of the snapshot: the same one lets a server keep its geo engine

    def write(self, build: Path) -> None:
        (build / "manifest.json").write_text(self.model_dump_json(), encoding="utf-8")

    @classmethod
    def read(cls, build: Path) -> Manifest | None:
        """The build's manifest, or None when it has none it can read (a build from an older program)."""
        try:
            return cls.model_validate_json((build / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None


class OutdatedBuild(RuntimeError):
    def __init__(self, build: Path):
        super().__init__(f"ビルド {build.name} は古い形式です。`tsunagu build` をやり直してください")
