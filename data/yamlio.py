"""Read a YAML data file, turning a syntax error into one located problem (file:line:column)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .problems import Problem


class YamlFileError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def yaml_problem(rel: str, exc: Exception) -> Problem:
    """One Japanese message at the line and column PyYAML points to (1-based, like an editor)."""
    if isinstance(exc, UnicodeDecodeError):
        return Problem(rel, 1, "-", "UTF-8 で保存してください（文字コードが読めません）")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, str(mark.column + 1)) if mark else (1, "-")
    what = getattr(exc, "problem", None) or "書き方が正しくありません"
    context = getattr(exc, "context", None)
    detail = f"{context}: {what}" if context else what
    return Problem(rel, line, column,
                   f"YAML として読めません（{detail}）。この行と一つ前の行の字下げ・コロン・引用符を確かめてください")


def read_yaml(path: Path, rel: str, loader: type = yaml.SafeLoader) -> Any:
    """Parse `path`; raise YamlFileError with a located problem instead of a PyYAML traceback."""
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise YamlFileError(yaml_problem(rel, exc)) from exc
