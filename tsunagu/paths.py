"""Where the program's own files are — the same in a checkout and in an installed wheel.

The packages are mapped from the top-level folders (pyproject.toml's package-dir): in a checkout
`tsunagu.site` is `site/`, installed it is `tsunagu/site/`. Static files sit beside `site` in both
(`static/` in a checkout, `tsunagu/static/` in the wheel), and the bundled data files live in the
`tsunagu.data` package's folder. Paths are found from the packages, never from the current directory.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def mapped(folder: str) -> Path:
    """A mapped folder by its name: inside the installed package, else beside it in the checkout.
    Found on disk, without importing (the build must never import the web app)."""
    inside = PACKAGE_DIR / folder
    return inside if inside.is_dir() else PACKAGE_DIR.parent / folder


SITE_DIR = mapped("site")
TEMPLATES_DIR = SITE_DIR / "templates"
STATIC_DIR = mapped("static")
BUNDLED_DATA_DIR = mapped("data")
# The program's own source and templates (ETags and the printed guides' cache change with them).
CODE_DIRS = (PACKAGE_DIR, SITE_DIR, mapped("search"), mapped("geo"), BUNDLED_DATA_DIR)
# A checkout keeps build/ and var/ beside the code; an installed program keeps them in the directory it
# is started from (or where TSUNAGU_BUILD_DIR and TSUNAGU_VAR_DIR say).
CHECKOUT = PACKAGE_DIR.parent if (PACKAGE_DIR.parent / "pyproject.toml").is_file() else None
HOME = CHECKOUT or Path.cwd()


def code_hash_paths(suffixes: tuple[str, ...], extra: tuple[Path, ...] = ()) -> list[tuple[str, Path]]:
    """(stable name, path) of every file of the program's code with one of `suffixes`, in a fixed order."""
    out = []
    for base in (*CODE_DIRS, *extra):
        for path in sorted(base.rglob("*")):
            if path.suffix in suffixes and "__pycache__" not in path.parts and path.is_file():
                out.append((f"{base.name}/{path.relative_to(base).as_posix()}", path))
    return out
