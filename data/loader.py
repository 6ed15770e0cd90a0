"""Read data/ into typed records, collecting every problem instead of stopping at the first.

A bad row is reported (file:row:column) and left out; the other rows still load.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import claims, grounding, reference, validate
from .cells import town_base
from .model import City, District, Resource
from .problems import ProblemList
from .rows import Venue  # the row vocabulary lives in .rows, shared with the validator
from .yamlio import YamlFileError, read_yaml


@dataclass
class Directory:
    cities: dict[str, City]
    resources: list[Resource]
    venues: dict[str, Venue]
    plans: dict
    vocabulary: dict
    problems: ProblemList = field(default_factory=ProblemList)


# Bytes that are not UTF-8 survive decoding as lone surrogates, so the row that holds them can be named.
_BAD_BYTES = re.compile("[\udc80-\udcff]")
_RESAVE = "Excel なら「CSV UTF-8（コンマ区切り）」で保存し直してください"


def read_csv(path: Path, data_dir: Path, problems: ProblemList) -> tuple[str, list[tuple[int, dict]]]:
    rel = str(path.relative_to(data_dir)) if path.is_relative_to(data_dir) else str(path)
    try:
        text = path.read_bytes().decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        raw_rows = list(reader)
        header = [h.strip() for h in (reader.fieldnames or [])]
    except OSError as exc:
        problems.error(rel, 1, "-", f"ファイルを開けません（{exc.strerror}）")
        problems.unloaded_files.add(rel)
        return rel, []
    except csv.Error as exc:
        problems.error(rel, 1, "-", f"CSV として読めません: {exc}")
        problems.unloaded_files.add(rel)
        return rel, []
    if any(_BAD_BYTES.search(h) for h in header):
        problems.error(rel, 1, "-", f"1行目（見出し）が UTF-8 で読めません。{_RESAVE}")
        problems.unloaded_files.add(rel)
        return rel, []
    rows_ok, bad_rows = [], []
    for i, row in enumerate(raw_rows):
        rowno = i + 2  # spreadsheet numbering: the header is row 1
        # csv puts surplus cells under the key None and fills missing cells with None.
        if None in row or any(v is None for v in row.values()):
            problems.error(rel, rowno, "-", "列の数がヘッダーと合いません")
            continue
        bad = next((k for k, v in row.items() if _BAD_BYTES.search(v)), None)
        if bad is not None:
            bad_rows.append((rowno, bad.strip()))
            problems.unloaded_ids.add((row.get("id") or "").strip())
            continue
        rows_ok.append((rowno, {k.strip(): v.strip() for k, v in row.items()}))
    _report_bad_bytes(rel, bad_rows, len(raw_rows), problems)
    return rel, [("__header__", header)] + rows_ok  # type: ignore[return-value]  # row 0 is the header


def _report_bad_bytes(rel: str, bad_rows: list[tuple[int, str]], total: int, problems: ProblemList) -> None:
    """One message per bad row, or one for the file when most rows are unreadable (a Shift_JIS save)."""
    if not bad_rows:
        return
    if len(bad_rows) >= 3 and len(bad_rows) * 2 > total:
        problems.unloaded_files.add(rel)
        rowno, column = bad_rows[0]
        problems.error(rel, rowno, column, f"ファイルが UTF-8 ではないようです（{len(bad_rows)} 行に読めない文字）。{_RESAVE}")
        return
    for rowno, column in bad_rows:
        problems.error(rel, rowno, column, f"この欄に UTF-8 として読めない文字があります。文字を打ち直すか、{_RESAVE}")


def load_cities(data_dir: Path) -> dict[str, City]:
    return _cities_from(reference.load(data_dir).cities)


def _cities_from(raw) -> dict[str, City]:
    cities = {}
    for c in raw:
        districts = tuple(
            District(d["id"], d["name"], d.get("name_kana", ""), tuple(d.get("towns", ())), d.get("note", ""))
            for d in c.get("districts", ())
        )
        examples = c.get("examples") or {}
        cities[c["slug"]] = City(c["slug"], str(c["code"]), c["name"], c.get("name_kana", ""),
                                 c["pref"], districts, c.get("district_note", ""),
                                 tuple(examples.get("desk", ())), tuple(examples.get("near", ())))
    return cities


def _read_settings_files(data_dir: Path, problems: ProblemList) -> tuple[dict, dict, dict] | None:
    """cities, plans and vocabulary; None (with one located problem each) if any cannot be read.

    Every row check depends on these three, so a broken one is the root cause: reported once,
    without the cascade of row errors it would cause.
    """
    loaded = {}
    for name in ("cities.yaml", "sources.yaml", "vocabulary.yaml"):
        path = data_dir / name
        if not path.exists():
            problems.error(name, 1, "-", "ファイルがありません")
            continue
        try:
            loaded[name] = reference.load(data_dir).cities if name == "cities.yaml" else read_yaml(path, name)
        except YamlFileError as exc:
            problems.append(exc.problem)
    if len(loaded) < 3:
        return None
    try:
        cities = _cities_from(loaded["cities.yaml"])
    except (KeyError, TypeError, AttributeError) as exc:
        problems.error("cities.yaml", 1, "-", f"市の項目の形が違います（slug・code・name・pref が必要です: {exc}）")
        return None
    if not isinstance(loaded["sources.yaml"], dict) or not isinstance(loaded["vocabulary.yaml"], dict):
        problems.error("sources.yaml" if not isinstance(loaded["sources.yaml"], dict) else "vocabulary.yaml", 1, "-",
                       "ファイルの一番上は「名前: 値」の対応表にしてください")
        return None
    return cities, loaded["sources.yaml"], loaded["vocabulary.yaml"]


def load_directory(data_dir: Path) -> Directory:
    problems = ProblemList()
    settings_files = _read_settings_files(data_dir, problems)
    if settings_files is None:
        return Directory({}, [], {}, {}, {}, problems)
    cities, plans, vocabulary = settings_files
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
    problems.extend(claims.check_against_plan(data_dir, directory))
    problems.extend(grounding.check_grounding(data_dir, directory))  # warnings (issue 29.3)
    derive_districts(directory)
    return directory


def derive_districts(directory: Directory) -> None:
    """A salon with a town and no 地区 gets the district whose towns include it, where the city's districts
    are made of towns (逗子: 地区 = 町名). A salon added by staff or a resident (町名 久木四丁目) then shows in its
    district's guide and filter instead of the city-wide section (issue 28.4). Elsewhere it stays unknown."""
    for r in directory.resources:
        city = directory.cities.get(r.city)
        # Salons only: a desk serves an area (data/areas), not the town it sits in.
        if r.kind != "salon" or r.district or not r.town or city is None:
            continue
        base = town_base(r.town)
        found = [d.id for d in city.districts if base in d.towns]
        if len(found) == 1:
            r.district = found[0]
