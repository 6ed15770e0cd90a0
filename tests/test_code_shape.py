"""The code's shape: no import cycles among tsunagu modules, no long function without a reason.

Both read the source with `ast` (nothing is imported), so they see what a reader sees —
including imports inside functions, which hide a cycle from Python but not from a reader.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Where each tsunagu package's source lives (pyproject.toml's package-dir: top-level folders).
PACKAGE_DIRS = {"tsunagu": "tsunagu", "tsunagu.site": "site", "tsunagu.search": "search",
                "tsunagu.geo": "geo", "tsunagu.data": "data"}
MAX_LINES = 60
# Alembic migrations are one table definition each, read top to bottom.
LONG_EXEMPT = ("tsunagu/staff/migrations/",)


def source_modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name → file, for every .py under the package folders."""
    out: dict[str, Path] = {}
    for package, folder in PACKAGE_DIRS.items():
        base = root / folder
        for path in sorted(base.rglob("*.py")):
            rel = path.relative_to(base).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
                continue
            name = ".".join([package, *parts])
            # a sub-folder of tsunagu/ that is itself mapped elsewhere is not doubled
            if name not in out:
                out[name] = path
    return out


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module → the tsunagu modules it imports, anywhere in the file (function bodies included)."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node)
                # `from . import claims` names a module; `from .rows import Venue` names a member.
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in node.names]
            else:
                continue
            for imported in targets:
                target = imported
                while target and target not in modules:  # tsunagu.data.rows.Venue → tsunagu.data.rows
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges.add(target)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component with more than one module (Tarjan), as sorted lists."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def long_functions(root: Path = ROOT) -> list[str]:
    """`file:line name (N lines)` for each function over MAX_LINES without a `# long:` reason."""
    out = []
    for path in source_modules(root).values():
        rel = path.relative_to(root).as_posix()
        if rel.startswith(LONG_EXEMPT):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines), filename=rel)):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            length = (node.end_lineno or node.lineno) - first + 1
            if length <= MAX_LINES:
                continue
            # The reason goes on the `def` line or the line just above the function.
            around = lines[max(first - 2, 0): node.lineno]
            if not any("# long:" in line for line in around):
                out.append(f"{rel}:{node.lineno} {node.name} ({length} lines)")
    return sorted(out)


def unexplained_local_imports(root: Path = ROOT) -> list[str]:
    """Imports inside a function with no `# lazy:` reason on their line or the line above.

    An import belongs at the top of its module, where a reader sees what the module needs; one that is
    kept in a function says why (what it would add to importing the module, or the cycle it avoids)."""
    out: set[str] = set()
    for path in source_modules(root).values():
        rel = path.relative_to(root).as_posix()
        if rel.startswith(LONG_EXEMPT):
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for fn in ast.walk(ast.parse(text, filename=str(path))):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    around = lines[max(node.lineno - 2, 0): node.lineno]
                    if not any("# lazy:" in line for line in around):
                        out.add(f"{rel}:{node.lineno}")
    return sorted(out)


def test_tsunagu_modules_import_no_cycle():
    graph = import_graph(source_modules())
    assert len(graph) > 50  # the walk found the package, not an empty folder
    assert cycles(graph) == []


def test_no_function_over_60_lines_without_a_reason():
    assert long_functions() == []


def test_no_import_inside_a_function_without_a_reason():
    assert unexplained_local_imports() == []


# -- the checks themselves catch what they are for -----------------------------------------

def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in PACKAGE_DIRS.values():
        (tmp_path / folder).mkdir(exist_ok=True)
    return tmp_path


def test_a_cycle_hidden_in_a_function_is_found(tmp_path):
    root = _tree(tmp_path, {
        "data/loader.py": "from . import validate\n",
        "data/validate.py": "def f():\n    from .loader import Venue\n",
        "data/model.py": "",
        "geo/rules.py": "def g():\n    from .rules_check import check\n",
        "geo/rules_check.py": "from tsunagu.geo.rules import CityRules\nfrom tsunagu.data import model\n",
    })
    assert cycles(import_graph(source_modules(root))) == [
        ["tsunagu.data.loader", "tsunagu.data.validate"], ["tsunagu.geo.rules", "tsunagu.geo.rules_check"]]


def test_a_long_function_needs_a_reason(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_LINES))
    root = _tree(tmp_path, {
        "geo/a.py": f"def too_long():\n{body}",
        "geo/b.py": f"# long: one table, read top to bottom\ndef explained():\n{body}",
        "geo/c.py": "def short():\n    return 1\n",
        "tsunagu/staff/migrations/versions/d.py": f"def upgrade():\n{body}",
    })
    assert long_functions(root) == [f"geo/a.py:1 too_long ({MAX_LINES + 1} lines)"]


def test_an_import_in_a_function_needs_a_reason(tmp_path):
    root = _tree(tmp_path, {
        "geo/a.py": "def f():\n    import json\n",
        "geo/b.py": "def f():\n    import json  # lazy: only the report needs it\n",
        "geo/c.py": "def f():\n    # lazy: a cycle otherwise\n    from . import a\n",
        "geo/d.py": "import json\n",
    })
    assert unexplained_local_imports(root) == ["geo/a.py:2"]


@pytest.mark.parametrize("level,module,expected", [
    (1, "rows", "tsunagu.data.rows"), (2, "geo", "tsunagu.geo"), (1, None, "tsunagu.data")])
def test_relative_imports_resolve(level, module, expected):
    node = ast.ImportFrom(module=module, names=[], level=level)
    assert _resolve("tsunagu.data.loader", False, node) == expected
