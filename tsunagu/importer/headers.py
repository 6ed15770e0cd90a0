"""Which column of a supplier's list holds what: the header lexicon (data/import_headers.csv), the
header row found below title rows, and a `--mapping` file for the headers the lexicon does not know.

An unknown header stops the import with the list of choices: a column silently dropped would be a
fact lost, a column guessed would be a fact put in the wrong place.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from tsunagu.data.problems import ProblemList
from tsunagu.text import fold_typing, nfkc

LEXICON_FILE = "import_headers.csv"
IGNORE = "ignore"
# What a header may map to: record columns, plus the two halves of a schedule and the private-home flag.
TARGETS = {
    "id": "記録の id", "name": "名称", "name_kana": "ふりがな", "kind": "種類", "venue_text": "会場",
    "address": "住所", "town": "町名", "district": "地区", "schedule_day": "開催日・曜日",
    "schedule_time": "時間", "phone": "電話番号", "contact_hours": "問い合わせの受付時間", "fee": "費用",
    "how_to_join": "申込方法", "targets": "対象", "description": "説明", "url": "ホームページ",
    "operator": "運営", "private_home": "個人宅", "categories": "分野", "last_verified": "最終確認日",
    "name_en": "英語の名称", "description_en": "説明（英語）", "description_easy": "説明（やさしい日本語）",
    IGNORE: "取り込まない",
}
HEADER_SCAN = 10  # title rows above the header: a list seldom has more than two or three


def header_key(text: str) -> str:
    """Headers compare without widths, spaces, case or a trailing colon: 「 参加費： 」 = 参加費."""
    return nfkc(fold_typing(text)).replace(" ", "").replace("　", "").rstrip(":").casefold()


def read_lexicon(data_dir: Path) -> dict[str, str]:
    """header key → target column."""
    path = Path(data_dir) / LEXICON_FILE
    out: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            for word in (row.get("header") or "").split(";"):
                if word.strip():
                    out[header_key(word)] = (row.get("column") or "").strip()
    return out


def check_lexicon(data_dir: Path) -> ProblemList:
    """data/import_headers.csv as `tsunagu check` reads it: known columns, each header once."""
    problems = ProblemList()
    path = Path(data_dir) / LEXICON_FILE
    if not path.exists():
        return problems
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for rowno, row in enumerate(csv.DictReader(fh), start=2):
            column = (row.get("column") or "").strip()
            if column not in TARGETS or column == IGNORE:
                problems.error(LEXICON_FILE, rowno, "column", f"「{column}」は取り込み先の列ではありません。"
                               f"使える値: {', '.join(t for t in TARGETS if t != IGNORE)}")
            words = [w for w in (row.get("header") or "").split(";") if w.strip()]
            if not words:
                problems.error(LEXICON_FILE, rowno, "header", "header が空です。表の見出しのことばを ; で区切って書いてください")
            for w in words:
                key = header_key(w)
                if key in seen and seen[key] != rowno:
                    problems.error(LEXICON_FILE, rowno, "header", f"「{w}」は {seen[key]} 行目にもあります。どちらか一方にしてください")
                seen.setdefault(key, rowno)
    return problems


@dataclass
class Columns:
    header_row: int  # spreadsheet numbering (1 = the first line)
    headers: tuple[str, ...]  # as written in the file
    targets: tuple[str, ...]  # per column: a TARGETS key, or "" for an empty header
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (column index, header)

    def where(self, target: str) -> int | None:
        return self.targets.index(target) if target in self.targets else None


def find_columns(rows, lexicon: dict[str, str], mapping: dict[str, str]) -> Columns | None:
    """The header: the first of the top rows naming a name column and at least one other known column."""
    known = {**lexicon, **mapping}
    for i, row in enumerate(rows[:HEADER_SCAN]):
        targets = tuple(known.get(header_key(c), "") if c.strip() else "" for c in row)
        if "name" in targets and sum(1 for t in targets if t and t != IGNORE) >= 2:
            unknown = [(j, c) for j, (c, t) in enumerate(zip(row, targets, strict=True)) if c.strip() and not t]
            return Columns(i + 1, tuple(row), targets, unknown)
    return None


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: as the spreadsheet labels its columns."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out
