"""A mapping profile: a published list format (data/import_profiles/*.yaml) read as a `--mapping` file.

The plain `--mapping` form is 「見出し: 列」 pairs. A profile has those pairs under `columns:`, and says
what the format itself cannot: where its column definition is published (`definition`), the licence of
the lists made in it (`licence`), how `source` names such a list (`dataset`, with the publisher read from
`publisher_columns` of each row), the kind of its rows (`kind`, or per row through `kind_column` and
`kinds`), columns kept in the description with their header (`describe`), and whether columns it does
not list are ignored (`other_columns: ignore`) or stop the import as any unknown header does (`stop`).

Each new or changed row's `source` gains one entry naming the list and its licence
(`supplied:神奈川県逗子市「介護サービス事業所一覧」（CC BY 4.0、…）`): every fact says where it came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tsunagu.data.model import KINDS
from tsunagu.data.problems import ProblemList
from tsunagu.data.rows import split_list
from tsunagu.data.yamlio import YamlFileError, read_yaml
from tsunagu.text import fold_typing

from .headers import IGNORE, TARGETS, Columns, header_key

PROFILES_DIR = "import_profiles"
KEYS = {"name", "definition", "dataset", "licence", "note", "kind", "kind_column", "kinds", "describe",
        "publisher_columns", "other_columns", "columns"}
REQUIRED = ("name", "definition", "dataset", "licence", "columns")
OTHER_COLUMNS = ("stop", "ignore")


@dataclass
class Spec:
    name: str
    definition: str
    dataset: str
    licence: str
    note: str = ""
    kind: str = ""
    kind_column: str = ""
    kinds: dict[str, str] = field(default_factory=dict)  # a word of the kind column → record kind
    describe: tuple[str, ...] = ()
    publisher_columns: tuple[str, ...] = ()
    other_columns: str = "stop"


class Profile(dict):
    """header key → target, as a plain mapping; `spec` holds the rest of the profile."""

    def __init__(self, columns: dict[str, str], spec: Spec):
        super().__init__(columns)
        self.spec = spec

    def source_entry(self, publisher: str) -> str:
        """`supplied:<publisher>「<dataset>」（<licence>、<note>）`: one `source` entry (no `;` inside)."""
        s = self.spec
        said = "、".join(x for x in (s.licence, s.note) if x)
        return f"supplied:{publisher.replace(';', '、')}「{s.dataset}」（{said}）"


def is_profile(data) -> bool:
    """A YAML mapping file is a profile when it has a `columns:` table (a plain mapping's values are words)."""
    return isinstance(data, dict) and isinstance(data.get("columns"), dict)


def read_profile(path: Path, data: dict | None = None) -> Profile:
    """A profile file, or ValueError naming the file and every problem found."""
    if data is None:
        try:
            data = read_yaml(path, path.name)
        except (OSError, YamlFileError) as exc:
            raise ValueError(f"{path.name}: 読めません（{exc}）") from exc
    profile, problems = parse_profile(data)
    if problems:
        raise ValueError(f"{path.name}: " + " / ".join(f"{key}: {msg}" for key, msg in problems))
    assert profile is not None
    return profile


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    return str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def parse_profile(data) -> tuple[Profile | None, list[tuple[str, str]]]:
    """(the profile, or None; [(key, message)])."""
    if not is_profile(data):
        return None, [("columns", "「columns:」の下に「見出し: 列」を書いてください")]
    problems: list[tuple[str, str]] = []
    for key in data:
        if key not in KEYS:
            problems.append((str(key), f"「{key}」は使えない項目です。使える項目: {', '.join(sorted(KEYS))}"))
    for key in REQUIRED[:-1]:
        if not _text(data, key):
            problems.append((key, "空です。書いてください"))
    for key in ("dataset", "licence", "note"):
        if ";" in _text(data, key):
            problems.append((key, "「;」は出典の区切りなので使えません"))
    columns: dict[str, str] = {}
    written: dict[str, str] = {}  # header key → the header as the profile writes it
    for header, column in data["columns"].items():
        if not isinstance(header, str):  # YAML reads NO, yes, on… unquoted as true/false
            problems.append(("columns", f"見出し「{header}」は引用符で囲んでください（例: 'NO': ignore）"))
            continue
        if str(column) not in TARGETS:
            problems.append(("columns", f"「{header}: {column}」の {column} は使えません。使える値: {', '.join(TARGETS)}"))
            continue
        key = header_key(header)
        if key in columns:
            problems.append(("columns", f"見出し「{header}」が二度あります"))
        columns[key], written[key] = str(column), header
    kind = _text(data, "kind")
    if kind and kind not in KINDS:
        problems.append(("kind", f"「{kind}」は種類にありません。使える値: {', '.join(KINDS)}"))
    kinds = data.get("kinds") or {}
    if not isinstance(kinds, dict):
        problems.append(("kinds", "「ことば: 種類」の形で書いてください"))
        kinds = {}
    for word, k in kinds.items():
        if str(k) not in KINDS:
            problems.append(("kinds", f"「{word}: {k}」の {k} は種類にありません。使える値: {', '.join(KINDS)}"))
    kind_column = _text(data, "kind_column")
    if kinds and not kind_column:
        problems.append(("kind_column", "kinds を使うには、種類を決める列の見出しを書いてください"))
    listed: dict[str, list[str]] = {"kind_column": [kind_column] if kind_column else []}
    for key in ("describe", "publisher_columns"):
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append((key, "見出しの一覧（- 見出し）で書いてください"))
            value = []
        listed[key] = value
    for key, headers in listed.items():
        for h in headers:
            if columns.get(header_key(h)) != IGNORE:
                problems.append((key, f"「{h}」は columns に「{h}: ignore」として書いてください（この項目で読むため）"))
    other = _text(data, "other_columns") or "stop"
    if other not in OTHER_COLUMNS:
        problems.append(("other_columns", f"「{other}」は使えません。使える値: {', '.join(OTHER_COLUMNS)}"))
    if problems:
        return None, problems
    spec = Spec(_text(data, "name"), _text(data, "definition"), _text(data, "dataset"), _text(data, "licence"),
                _text(data, "note"), kind, kind_column, {str(w): str(k) for w, k in kinds.items()},
                tuple(listed["describe"]), tuple(listed["publisher_columns"]), other)
    return Profile(columns, spec), []


def check_profiles(data_dir: Path) -> ProblemList:
    """data/import_profiles/*.yaml as `tsunagu check` reads them: each one a valid profile."""
    problems = ProblemList()
    for path in sorted((Path(data_dir) / PROFILES_DIR).glob("*.yaml")):
        rel = f"{PROFILES_DIR}/{path.name}"
        try:
            data = read_yaml(path, rel)
        except YamlFileError as exc:
            problems.append(exc.problem)
            continue
        for key, message in parse_profile(data)[1]:
            problems.error(rel, 1, key, message)
    return problems


# -- the plan's hooks (tsunagu/importer/plan.py): each does nothing for a plain mapping ----------------

def default_kind(mapping: dict | None, kind: str) -> str:
    return mapping.spec.kind or kind if isinstance(mapping, Profile) else kind


def unknown_columns(mapping: dict | None, cols: Columns) -> list[tuple[int, str]]:
    """The headers that stop the import: none when the profile ignores the columns it does not list."""
    if isinstance(mapping, Profile) and mapping.spec.other_columns == "ignore":
        return []
    return cols.unknown


def _cell(cols: Columns, raw: tuple[str, ...], header: str) -> str:
    key = header_key(header)
    for i, h in enumerate(cols.headers):
        if header_key(h) == key and i < len(raw):
            return fold_typing(raw[i].strip())
    return ""


def profile_cells(mapping: dict | None, cols: Columns, raw: tuple[str, ...], cells: dict[str, str]) -> dict[str, str]:
    """The row's kind (from `kind_column` through `kinds`, else the profile's kind) and the `describe`
    columns put before the description as 「見出し: 値」."""
    if not isinstance(mapping, Profile):
        return cells
    spec, out = mapping.spec, dict(cells)
    word = _cell(cols, raw, spec.kind_column) if spec.kind_column else ""
    kind = next((k for w, k in spec.kinds.items() if w in word), "") or spec.kind
    if kind:
        out["kind"] = kind
    said = [f"{h}: {v}" for h in spec.describe if (v := _cell(cols, raw, h))]
    if said:
        out["description"] = " ".join([*said, *([cells["description"]] if cells.get("description") else [])])
    return out


def attribute(mapping: dict | None, result, existing: dict | None, cols: Columns, raw: tuple[str, ...]) -> None:
    """A new or changed row's `source` gains the list's entry (once: a second import does not repeat it).

    A record the city already has keeps its kind: the profile's kind is read from the service type for
    new records, it is not a fact the list states."""
    if not isinstance(mapping, Profile) or result.verdict not in ("new", "changed"):
        return
    if existing is not None:
        result.changes = [c for c in result.changes if c["field"] != "kind"]
        if not result.changes:
            result.verdict = "unchanged"
            return
    publisher = "".join(_cell(cols, raw, h) for h in mapping.spec.publisher_columns)
    entry = mapping.source_entry(publisher)
    before = (existing or {}).get("source", "") or ""
    if entry in split_list(before):
        return
    result.changes.append({"field": "source", "before": before, "after": ";".join([*split_list(before), entry])})


def read_mapping(path: Path | None) -> dict[str, str]:
    """A --mapping file: `見出し: 列` pairs (列 is a TARGETS key, or ignore), or a profile of a published
    format with those pairs under `columns:` (tsunagu/importer/profiles.py; a dict with its `spec`)."""
    if path is None:
        return {}
    try:
        data = read_yaml(path, path.name)
    except (OSError, YamlFileError) as exc:
        raise ValueError(f"{path.name}: 読めません（{exc}）") from exc
    if is_profile(data):
        return read_profile(path, data)
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: 「見出し: 列」の形で書いてください（例: 開催場所の詳細: venue_text）")
    out = {}
    for header, column in data.items():
        if str(column) not in TARGETS:
            raise ValueError(f"{path.name}: 「{header}: {column}」の {column} は使えません。"
                             f"使える値: {', '.join(TARGETS)}")
        out[header_key(str(header))] = str(column)
    return out
