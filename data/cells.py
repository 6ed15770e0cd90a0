"""What one cell of a data file may hold: ids, phones, URLs, booleans, coordinates, plain text.

Every message says what to fix, in Japanese. The row checks (validate.py) build on these.
"""
from __future__ import annotations

import re

from tsunagu.text import CONTROLS, controls_in

from .problems import ProblemList

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Japanese fixed-line / mobile / toll-free numbers written with hyphens: 046-876-6299, 0120-123-456.
PHONE_RE = re.compile(r"^0\d{1,4}-\d{1,4}-\d{3,4}$")
# Cells are single-line text: no control characters (tab, newline, NUL, zero-width …: the one
# definition in tsunagu.text), at most MAX_CELL characters. The staff and suggestion forms refuse
# the same characters through CONTROL_RE, so a form never accepts what the gate would refuse.
CONTROL_RE = CONTROLS
MAX_CELL = 2000
URL_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+[^\s]*$")


def parse_bool(value: str) -> bool | None:
    v = value.strip().lower()
    if v in ("", "true", "yes", "1", "はい"):
        return True
    if v in ("false", "no", "0", "いいえ"):
        return False
    return None


def parse_coord(value: str) -> float | None:
    return float(value) if value.strip() else None


def cells_ok(row: dict, err) -> bool:
    ok = True
    for col, value in row.items():
        if len(value) > MAX_CELL:
            ok = err(col, f"長すぎます（{len(value)} 文字）。{MAX_CELL} 文字以内にしてください")
        elif controls_in(value):
            ok = err(col, "改行・タブなどの制御文字は使えません。1 行の文章にしてください")
    return ok


def town_base(town: str) -> str:
    """逗子七丁目 / 逗子7丁目 -> 逗子 (the 丁目 suffix is not part of the town list's base name)."""
    return re.sub(r"[0-9０-９一二三四五六七八九十]+丁目$", "", town.strip())


class Err:
    """Reports one row's problems: err(column, message)."""

    def __init__(self, problems: ProblemList, rel: str, rowno: int):
        self.problems, self.rel, self.rowno = problems, rel, rowno

    def __call__(self, column: str, message: str) -> bool:
        """Report; returns False, so a check reads `ok = err(column, message)`."""
        self.problems.error(self.rel, self.rowno, column, message)
        return False
