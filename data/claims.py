"""Checks that keep a row from saying more than its sources (issue 14).

- `status` must be one of the values documented in `vocabulary.yaml` (`statuses`), so a clerk
  cannot write 「実施中」 where the plan only lists a measure.
- A `name` must not read differently from its cited plan lines unless `corrections.csv` records
  why; an `uncertain` correction is never applied to a name. The plan texts are OCR files outside
  the repository, so the comparison with the printed lines runs only where they can be found
  (`TSUNAGU_SEEDS_DIR`, `data/seeds/`, or the shared seeds folder); the rule about uncertain
  corrections always runs.
"""
from __future__ import annotations

import os
import re
from difflib import SequenceMatcher
from pathlib import Path

from tsunagu.text import nfkc

from .problems import ProblemList

# The workplace keeps the plans in `shared/`, beside the repository (CI's clone too).
SHARED_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
# A printed string this close to the name (edits per character) reads as the same name, misread
# or re-spelled; anything further apart is a different phrase and the rule stays silent.
NEAR_RATIO = 0.85
# Punctuation and brackets a curator may add or drop without changing what the name says.
_PUNCT = re.compile(r"[「」『』（）()【】\s・、，,。]")
# A trailing qualifier in brackets (「農福連携」「NPO等」) is the curator's label, not a reading.
_QUALIFIER = re.compile(r"[（(][^（）()]*[）)]$")
# A row of a plan's table of measures: 「1-1-1-2<TAB>取組<TAB>担当課<TAB>■」 (鎌倉 素案 1040〜1041行 explains the marks).
MEASURE_ROW = re.compile(r"^\s*\d+(?:-\d+){2,}\s.*[◎■●]\s*$")
# Statuses that claim more than a measure: something is, or was, actually running.
RUNNING = ("実施（計画時点）", "開始済（計画時点）")


def status_problem(value: str, statuses: dict) -> str | None:
    """A message if `value` is not a documented status (empty means 「計画に状況の記載なし」)."""
    if not value or value in statuses:
        return None
    return (f"状況「{value}」は使えません。data/vocabulary.yaml の statuses の値（{'・'.join(statuses)}）"
            "から選び、年や人数などの詳しいことは notes に行番号つきで書いてください")


def _norm(text: str) -> str:
    # NFKC only (not the search normaliser's kana folding): the message quotes the print as printed.
    return _PUNCT.sub("", nfkc(text))


def seeds_dir(data_dir: Path) -> Path | None:
    for candidate in (os.environ.get("TSUNAGU_SEEDS_DIR"), data_dir / "seeds", SHARED_SEEDS):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def _plan_lines(seeds: Path | None, plans: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if seeds is None:
        return out
    for pid, meta in plans.items():
        path = seeds / str(meta.get("file", ""))
        if path.is_file():
            out[pid] = path.read_text(encoding="utf-8").split("\n")
    return out


def nearest(name: str, text: str) -> tuple[float, str]:
    """The substring of `text` most like `name` (both normalised) and how alike they are."""
    best, best_s = 0.0, ""
    n = len(name)
    for width in range(max(1, n - 2), n + 3):
        for i in range(max(1, len(text) - width + 1)):
            piece = text[i:i + width]
            if piece[:1] != name[:1] and piece[-1:] != name[-1:]:
                continue  # a misreading rarely hits both ends; skip to keep the scan cheap
            ratio = SequenceMatcher(None, name, piece, autojunk=False).ratio()
            if ratio > best:
                best, best_s = ratio, piece
    return best, best_s


def misread(name: str, printed: str) -> bool:
    """True if `printed` reads as `name` with characters swapped inside it (an OCR-style misreading).

    Words only added or left out (「相談」「の」「助成・」) are a curator's wording, and a swap at either
    end is just where the window was cut, so neither counts.
    """
    ops = SequenceMatcher(None, name, printed, autojunk=False).get_opcodes()
    return any(op == "replace" and i1 > 0 and i2 < len(name) for op, i1, i2, _j1, _j2 in ops)


def check_against_plan(data_dir: Path, directory) -> ProblemList:
    """Every rule of this module that needs the whole directory (run after corrections are attached)."""
    problems = ProblemList()
    lines = _plan_lines(seeds_dir(data_dir), directory.plans)
    for r in directory.resources:
        rel, _, rowno = r.origin.rpartition(":")
        row = int(rowno) if rowno.isdigit() else 0
        cited = [lines[s.plan][n - 1] for s in r.source if s.plan in lines for n in s.lines if n <= len(lines[s.plan])]
        for column, message in _name_problems(r, cited) + _status_problems(r, cited):
            problems.error(rel, row, column, message)
    return problems


def _name_problems(r, cited: list[str]) -> list[tuple[str, str]]:
    """A name that reads differently from its cited lines without a correction that says why."""
    out = []
    name_fixes = [c for c in r.corrections if c.field == "name"]
    for c in name_fixes:
        if c.certainty == "uncertain" and c.corrected and c.corrected in r.name and c.as_printed not in r.name:
            out.append(("name", (f"読みが確かでない訂正（uncertain）「{c.as_printed}」→「{c.corrected}」を"
                                 f"名前に使っています。名前は印字のまま「{c.as_printed}」にしてください")))
    if not cited or not r.name:
        return out
    text, name = _norm("".join(cited)), _norm(_QUALIFIER.sub("", r.name))
    if not name or name in text:
        return out
    if any(_norm(c.as_printed) in text and _norm(c.corrected) in name for c in name_fixes if c.certainty != "uncertain"):
        return out
    ratio, printed = nearest(name, text)
    if ratio >= NEAR_RATIO and misread(name, printed):
        out.append(("name", (f"名前「{r.name}」が出典の行の印字「{printed}」と違います。読み取りの誤りを"
                             "直したのなら corrections.csv に記録し（確かでないときは uncertain で記録して名前は印字のまま）、"
                             "そうでなければ印字どおりにしてください")))
    return out


def _status_problems(r, cited: list[str]) -> list[tuple[str, str]]:
    """「実施」「開始済」 resting only on rows of a plan's measures table (◎・■ marks) say too much."""
    if r.status not in RUNNING or not cited or not all(MEASURE_ROW.match(line) for line in cited):
        return []
    return [("status", (f"状況「{r.status}」の根拠がありません。出典の行はどれも計画の取組の表（◎・■などの印）の行で、"
                        "印はどの計画で進み具合を管理するかを示すだけです。status を「計画の取組」にするか、"
                        "実施していると書かれた行を出典に足してください"))]
