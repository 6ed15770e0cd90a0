"""Reading a supplier's file into rows of text: CSV (UTF-8 with or without BOM, Shift_JIS/CP932), XLSX, ODS.

Cells come back as the text a person sees in the spreadsheet, row numbers as the spreadsheet shows
them (the first line is row 1). Nothing is guessed: a CSV that is neither UTF-8 nor CP932 is an error
that names the encodings tried.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

ENCODINGS = ("utf-8-sig", "cp932")  # CP932 is Windows' Shift_JIS, what Excel writes on a Japanese PC
MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx", ".ods")


class SheetError(ValueError):
    """A file that cannot be read at all; the message says what to do, in Japanese."""


@dataclass(frozen=True)
class Sheet:
    file: str  # the file name, as reports name it
    rows: tuple[tuple[str, ...], ...]  # every line, as text; rows[0] is spreadsheet row 1
    encoding: str = ""  # for a CSV: the encoding it was read in
    sheet: str = ""  # for a workbook: the sheet read


def read_sheet(path: Path, sheet: str = "", name: str = "") -> Sheet:
    """`name` is the file name to report (an upload's own name rather than a temporary path)."""
    name = name or path.name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise SheetError(f"{name}: この形式は読めません。CSV（.csv）、Excel（.xlsx）、"
                         "LibreOffice（.ods）のどれかで保存してください")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SheetError(f"{name}: ファイルが大きすぎます（{size // 1024} KB）。5 MB までにしてください")
    data = path.read_bytes()
    if suffix == ".csv":
        return _csv(name, data)
    if suffix == ".xlsx":
        return _xlsx(name, data, sheet)
    return _ods(name, data, sheet)


def _csv(name: str, data: bytes) -> Sheet:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        rows = tuple(tuple(c.strip() for c in row) for row in csv.reader(io.StringIO(text, newline="")))
        return Sheet(name, rows, encoding=encoding)
    raise SheetError(f"{name}: 文字コードが読み取れません（{'、'.join(e.upper() for e in ENCODINGS)} を試しました）。"
                     "Excel なら「CSV UTF-8（コンマ区切り）」で保存し直してください")


def _text(value) -> str:
    """A cell as a person reads it: a date as 2025-01-14, a time as 10:00, 3.0 as 3."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _pick(names: list[str], wanted: str, file: str) -> str:
    if not wanted:
        return names[0]
    if wanted not in names:
        raise SheetError(f"{file}: シート「{wanted}」がありません（あるシート: {'、'.join(names)}）。--sheet で名前を指定してください")
    return wanted


def _xlsx(name: str, data: bytes, wanted: str) -> Sheet:

    import openpyxl  # lazy: adds 0.1 s to importing this module
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetError(f"{name}: Excel のファイルとして開けません（{type(exc).__name__}）。"
                         "Excel で開いて .xlsx で保存し直してください") from exc
    try:
        chosen = _pick(book.sheetnames, wanted, name)
        rows = tuple(tuple(_text(v) for v in row) for row in book[chosen].iter_rows(values_only=True))
    finally:
        book.close()
    return Sheet(name, rows, sheet=chosen)


def _ods(name: str, data: bytes, wanted: str) -> Sheet:
    import pandas as pd  # lazy: adds 0.2 s to importing this module
    try:
        book = pd.read_excel(io.BytesIO(data), engine="odf", sheet_name=None, header=None, dtype=object)
    except Exception as exc:  # odfpy raises plain Exceptions for a damaged file
        raise SheetError(f"{name}: ODS のファイルとして開けません（{type(exc).__name__}）。"
                         "LibreOffice で開いて .ods で保存し直してください") from exc
    chosen = _pick(list(book), wanted, name)
    frame = book[chosen]
    rows = tuple(tuple("" if pd.isna(v) else _text(v) for v in row) for row in frame.itertuples(index=False))
    return Sheet(name, rows, sheet=chosen)
