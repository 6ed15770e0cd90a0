"""Validation problems, reported as `file:row:column: message`."""
from __future__ import annotations

from dataclasses import dataclass


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
    def error(self, file: str, row: int, column: str, message: str) -> None:
        self.append(Problem(file, row, column, message))

    def warn(self, file: str, row: int, column: str, message: str) -> None:
        self.append(Problem(file, row, column, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity == "error"]
