"""Files a 社協 would send, written by the tests themselves (CSV in CP932 or UTF-8, XLSX with sheets)."""
from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from world import copy_data

TITLE = [["逗子市社会福祉協議会　ふれあいサロン一覧"], ["令和7年4月1日現在"]]
HEADER = ["サロン名", "会場", "住所", "開催日", "時間", "連絡先", "参加費", "備考"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return copy_data(tmp_path_factory.mktemp("import") / "data")


def write_csv(path: Path, rows: list[list[str]], encoding: str = "cp932") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path
