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


class RecordsStamp(BaseModel):
    """Which records.json the per-city files were cut from: its size and modification time as written."""
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> RecordsStamp:
        st = path.stat()
        return cls(size=st.st_size, mtime_ns=st.st_mtime_ns)


class DeskFacts(BaseModel):
    """A general desk as the home and about pages name it: enough for a link and "phone known"."""
    id: str
    name: str
    phone: str = ""


class CityContactFacts(BaseModel):
    """Where a resident of one city can turn first (site/pages/contacts.py), worked out by the build so the
    home and about pages name every city's desk without loading any city's records."""
    general: list[DeskFacts]  # the city's general desk(s): split by address, or the city-wide answer
    phones_known: int  # desks of the city with a registered phone
    desks_total: int


class CatalogHead(BaseModel):
    """`catalog.json`: what a server needs before any city is asked for (issue 25.2). Each city's rows are in
    `records/<slug>.json` (a list of Resource.to_dict()), read on the city's first request. records.json stays
    the build's complete file (guides, HSDS export, backup read it); `stamp` ties the per-city files to the
    records.json they were cut from, so a records.json changed afterwards is read whole, never half."""
    format: Literal[2] = 2  # = RECORDS_FORMAT
    cities: dict[str, City]
    plans: dict[str, dict]
    vocabulary: dict[str, Any]
    venues: dict[str, dict]
    counts: dict[str, int]  # records per city (the home page's numbers, /healthz's total)
    strays: dict[str, str] = {}  # record id -> city, for the ids that do not start with the city's slug and "-"
    contacts: dict[str, CityContactFacts] = {}  # per city, for the pages that name every city
    stamp: RecordsStamp

    @classmethod
    def read(cls, build: Path) -> CatalogHead | None:
        """The header, or None when the build has none or its records.json was changed after it was cut."""
        try:
            head = cls.model_validate_json((build / CATALOG_HEAD).read_text(encoding="utf-8"))
            return head if RecordsStamp.of(build / "records.json") == head.stamp else None
        except (OSError, ValueError):
            return None


CATALOG_HEAD = "catalog.json"
CITY_RECORDS = "records"  # records/<slug>.json


def city_of_id(record_id: str, cities: dict) -> str | None:
    """The city a record id names by its prefix (zushi-salon-01 → zushi): the longest slug followed by "-"."""
    cut = len(record_id)
    while (cut := record_id.rfind("-", 0, cut)) > 0:
        if record_id[:cut] in cities:
            return record_id[:cut]
    return None


def write_sliced(build: Path, records: RecordsFile, rows: dict[str, list[dict[str, Any]]],
                 contacts: dict[str, CityContactFacts] | None = None) -> None:
    """records.json, then each city's rows and the header that names them (the header last: it is what a
    server reads first)."""
    records.write(build)
    folder = build / CITY_RECORDS
    folder.mkdir(exist_ok=True)
    for slug, city_rows in rows.items():
        (folder / f"{slug}.json").write_text(json.dumps(city_rows, ensure_ascii=False, separators=(",", ":")),
                                             encoding="utf-8")
    strays = {r["id"]: slug for slug, city_rows in rows.items() for r in city_rows
              if city_of_id(r["id"], records.cities) != slug}
    head = CatalogHead(cities=records.cities, plans=records.plans, vocabulary=records.vocabulary,
                       venues=records.venues, counts={slug: len(r) for slug, r in rows.items()}, strays=strays,
                       contacts=contacts or {}, stamp=RecordsStamp.of(build / "records.json"))
    (build / CATALOG_HEAD).write_text(head.model_dump_json(), encoding="utf-8")


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
