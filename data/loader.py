"""Read data/ into typed records, collecting every problem instead of stopping at the first.

A bad row is reported (file:row:column) and left out; the other rows still load.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import City, Correction, District, Resource, Source
from .problems import ProblemList
from . import validate

RESOURCE_COLUMNS = (
    "id", "kind", "name", "name_kana", "categories", "targets", "needs", "district",
    "venue", "venue_text", "address", "town", "lat", "lon", "precision", "location_public",
    "phone", "schedule", "operator", "description", "url", "languages", "accessibility",
    "area", "status", "source", "last_verified", "notes",
    "fee", "how_to_join", "contact_hours",
)
REQUIRED_COLUMNS = ("id", "kind", "name", "source")
VENUE_COLUMNS = ("id", "name", "name_kana", "aliases", "address", "town", "lat", "lon",
                 "precision", "public", "facility_id", "source")
CORRECTION_COLUMNS = ("resource_id", "field", "as_printed", "corrected", "certainty", "note")
LIST_SEP = ";"


@dataclass
class Venue:
    id: str
    city: str
    name: str
    name_kana: str = ""
    aliases: tuple[str, ...] = ()
    address: str = ""
    town: str = ""
    lat: float | None = None
    lon: float | None = None
    precision: str = "none"
    public: bool = True
    facility_id: str = ""
    source: str = ""


@dataclass
class Directory:
    cities: dict[str, City]
    resources: list[Resource]
    venues: dict[str, Venue]
    plans: dict
    vocabulary: dict
    problems: ProblemList = field(default_factory=ProblemList)


def split_list(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(LIST_SEP) if v.strip())


def parse_source(text: str) -> tuple[Source, ...]:
    """`zushi-plan:1148-1152,1160; supplied:逗子市社協` -> Source tuples (ValueError if malformed)."""
    sources = []
    for part in split_list(text):
        kind, sep, rest = part.partition(":")
        if not sep or not rest.strip():
            raise ValueError(f"出典「{part}」の形が違います（例: zushi-plan:521 や supplied:逗子市社協）")
        if kind == "supplied":
            sources.append(Source(supplier=rest.strip()))
            continue
        lines: list[int] = []
        for chunk in rest.split(","):
            m = re.fullmatch(r"\s*(\d+)(?:\s*-\s*(\d+))?\s*", chunk)
            if not m:
                raise ValueError(f"出典「{part}」の行番号「{chunk}」が読めません（例: 1148-1152,1160）")
            a = int(m.group(1))
            b = int(m.group(2) or a)
            if b < a:
                raise ValueError(f"出典「{part}」の行の範囲が逆です")
            lines.extend(range(a, b + 1))
        sources.append(Source(plan=kind, lines=tuple(lines)))
    return tuple(sources)


def read_csv(path: Path, data_dir: Path, problems: ProblemList) -> tuple[str, list[tuple[int, dict]]]:
    rel = str(path.relative_to(data_dir)) if path.is_relative_to(data_dir) else str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            raw_rows = list(reader)
            header = [h.strip() for h in (reader.fieldnames or [])]
    except UnicodeDecodeError:
        problems.error(rel, 1, "-", "UTF-8 で保存してください（文字コードが読めません）")
        return rel, []
    except csv.Error as exc:
        problems.error(rel, 1, "-", f"CSV として読めません: {exc}")
        return rel, []
    rows_ok = []
    for i, row in enumerate(raw_rows):
        rowno = i + 2  # spreadsheet numbering: the header is row 1
        # csv puts surplus cells under the key None and fills missing cells with None.
        if None in row or any(v is None for v in row.values()):
            problems.error(rel, rowno, "-", "列の数がヘッダーと合いません")
            continue
        rows_ok.append((rowno, {k.strip(): v.strip() for k, v in row.items()}))
    return rel, [("__header__", header)] + rows_ok  # type: ignore[list-item]


def load_cities(data_dir: Path) -> dict[str, City]:
    raw = yaml.safe_load((data_dir / "cities.yaml").read_text(encoding="utf-8"))
    cities = {}
    for c in raw:
        districts = tuple(
            District(d["id"], d["name"], d.get("name_kana", ""), tuple(d.get("towns", ())), d.get("note", ""))
            for d in c.get("districts", ())
        )
        cities[c["slug"]] = City(c["slug"], str(c["code"]), c["name"], c.get("name_kana", ""),
                                 c["pref"], districts, c.get("district_note", ""))
    return cities


def load_directory(data_dir: Path) -> Directory:
    problems = ProblemList()
    cities = load_cities(data_dir)
    plans = yaml.safe_load((data_dir / "sources.yaml").read_text(encoding="utf-8"))
    vocabulary = yaml.safe_load((data_dir / "vocabulary.yaml").read_text(encoding="utf-8"))
    directory = Directory(cities, [], {}, plans, vocabulary, problems)
    checker = validate.RowChecker(directory, data_dir)
    for slug in cities:
        path = data_dir / "venues" / f"{slug}.csv"
        if path.exists():
            rel, rows = read_csv(path, data_dir, problems)
            for venue in checker.venues(rel, slug, rows):
                directory.venues[venue.id] = venue
    for slug in cities:
        path = data_dir / "resources" / f"{slug}.csv"
        if not path.exists():
            problems.error(f"resources/{slug}.csv", 1, "-", "ファイルがありません")
            continue
        rel, rows = read_csv(path, data_dir, problems)
        directory.resources.extend(checker.resources(rel, slug, rows))
    path = data_dir / "corrections.csv"
    if path.exists():
        rel, rows = read_csv(path, data_dir, problems)
        checker.attach_corrections(rel, rows, directory.resources)
    return directory
