"""What a build writes for the server, declared once (pydantic): the build writes these models and the
server reads them back with the same models. A build of another format is refused with a clear message
(build again), never read through branches for older layouts."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tsunagu.data.loader import Directory

RECORDS_FORMAT = 2  # 1: the untyped records.json of earlier builds (no "format" key)


class District(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str
    name: str
    name_kana: str = ""
    towns: tuple[str, ...] = ()
    note: str = ""

    # The search index and the printed guides' templates read districts as mappings too.
    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)


class CityRecord(BaseModel):
    """A city as the built site knows it: names, code, districts and the 「例:」 of its address boxes."""
    model_config = ConfigDict(frozen=True)
    slug: str
    code: str
    name: str
    name_kana: str
    pref: str
    districts: tuple[District, ...] = ()
    district_note: str = ""
    desk_examples: tuple[str, ...] = ()
    near_examples: tuple[str, ...] = ()

    def district(self, district_id: str) -> District | None:
        return next((d for d in self.districts if d.id == district_id), None)


class RecordsFile(BaseModel):
    """`records.json`: every record of the build and what the pages need to show them."""
    format: Literal[2] = 2  # RECORDS_FORMAT
    cities: dict[str, CityRecord]
    plans: dict[str, dict]
    vocabulary: dict[str, Any]
    venues: dict[str, dict]
    resources: list[dict[str, Any]] = Field(description="data.model.Resource.to_dict() of each record")

    @classmethod
    def of(cls, directory: Directory) -> RecordsFile:
        return cls(cities={slug: CityRecord.model_validate(c, from_attributes=True)
                           for slug, c in directory.cities.items()},
                   plans=directory.plans, vocabulary=directory.vocabulary,
                   venues={vid: dict(v.__dict__) for vid, v in directory.venues.items()},
                   resources=[r.to_dict() for r in directory.resources])

    def write(self, build: Path) -> None:
        (build / "records.json").write_text(self.model_dump_json(), encoding="utf-8")

    @classmethod
    def read(cls, build: Path) -> RecordsFile:
        text = (build / "records.json").read_text(encoding="utf-8")
        if '"format":' not in text[:64]:
            raise OutdatedBuild(build)
        return cls.model_validate_json(text)


class GuideReuse(BaseModel):
    rendered: list[str]
    reused: list[str]


class Manifest(BaseModel):
    """`manifest.json`: what the build is (id, time), how many records each city has (the shrink guard
    compares them), its warnings and which cities' printed guides it rendered or reused."""
    id: str
    created: str
    counts: dict[str, int]
    warnings: int
    guides: GuideReuse

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
