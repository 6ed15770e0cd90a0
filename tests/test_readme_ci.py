"""The README opens with the two commands, and CI runs exactly `make test` (nothing looser)."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_first_lines_give_make_serve_and_make_test():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:12]
    commands = [line.split("#", 1)[0].strip() for line in lines]
    assert "make serve" in commands, f"`make serve` is not among the README's first lines: {lines}"
    assert "make test" in commands, f"`make test` is not among the README's first lines: {lines}"
    assert commands.index("make serve") < commands.index("make test")


def ci_commands(text: str) -> list[str]:
    """The commands a bash script runs, joined over continuation lines, comments dropped."""
    text = re.sub(r"\\\n", " ", text)
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        out.extend(part.strip() for part in re.split(r"(?:&&|\|\||;|\|)", line) if part.strip())
    return out


def test_ci_runs_make_test_and_nothing_looser():
    path = ROOT / ".ci" / "run"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(("#!/usr/bin/env bash", "#!/bin/bash"))
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for loose in ("|| true", "||true", "|| :", "set +e", " -k ", "-m ", "--deselect", "--ignore", "not browser",
                  "-p no:", "PYTEST_ADDOPTS", "continue-on-error", "--lf", "--maxfail", "-x"):
        assert loose not in body + " ", f".ci/run must not loosen the tests ({loose!r}):\n{text}"
    commands = ci_commands(text)
    # bookkeeping only: strict shell options and moving to the repository root
    allowed = {"set -euo pipefail", "set -eu", "set -e", "set -o pipefail"}
    runs = [c for c in commands if c not in allowed and not c.startswith("cd ")]
    assert runs == ["make test"], f".ci/run must run `make test` and nothing else; it runs {runs}"
    assert "set -euo pipefail" in commands or "set -e" in commands, "a failing `make test` must fail CI"
    for c in commands:
        if c.startswith("cd "):
            assert shlex.split(c)[1] in ('$(dirname "$0")/..', "$(dirname $0)/..", ".."), c


def test_make_test_runs_every_test():
    """`make test` runs the whole pytest suite (tests make their own builds), browser tests included."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    m = re.search(r"^test:[^\n]*\n((?:\t[^\n]*\n)+)", makefile, re.M)
    assert m, "no `test:` target in the Makefile"
    recipe = [line.strip() for line in m.group(1).splitlines()]
    pytest_lines = [line for line in recipe if "pytest" in line]
    assert pytest_lines == ["$(PY) -m pytest"], f"`make test` must run plain pytest: {recipe}"
    assert "test-deps" in m.group(0).splitlines()[0], "`make test` must install chromium and the test deps"
    assert "lint" in m.group(0).splitlines()[0].split(), "`make test` must run ruff and mypy (`make lint`) too"
    assert "addopts" not in makefile
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    addopts = re.search(r'^addopts\s*=\s*"([^"]*)"', pyproject, re.M)
    assert addopts is None or not re.search(r"(-m|-k|--deselect|--ignore)\b", addopts.group(1)), addopts.group(1)
