"""Validation problems, reported as `file:row:column: message`."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int  # spreadsheet numbering: the header is row 1
    column: str
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else "警告: "
        return f"{self.file}:{self.row}:{self.column}: {tag}{self.message}"


class ProblemList(list):
    """Problems in the order found, plus what could not be loaded at all.

    `unloaded_files` and `unloaded_ids` let later checks stay quiet about things that are missing
    only because of an error already reported: one root cause, one message.
    """

    def __init__(self, *args):
        super().__init__(*args)
        self.unloaded_files: set[str] = set()
        self.unloaded_ids: set[str] = set()

    def is_unloaded_id(self, rid: str) -> bool:
        if rid in self.unloaded_ids:
            return True
        return any(rid.startswith(f"{Path(f).stem}-") for f in self.unloaded_files if f.startswith("resources/"))

    def error(self, file: str, row: int, column: str, message: str) -> None:
        self.append(Problem(file, row, column, message))

    def warn(self, file: str, row: int, column: str, message: str) -> None:
        self.append(Problem(file, row, column, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity == "error"]
