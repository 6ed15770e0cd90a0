"""Every setting is read in one place, Settings.from_env; nothing reads the environment on its own."""
from __future__ import annotations

import ast
from pathlib import Path

from tsunagu.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CODE = ("site", "tsunagu", "geo", "search", "data")


def test_the_environment_gives_every_setting(monkeypatch):
    for name, value in {"TSUNAGU_STAFF_PUBLISHER": "0", "TSUNAGU_SEARCH_CACHE": "0",
                        "TSUNAGU_SUGGEST_MIN_FILL_SECONDS": "0.5", "TSUNAGU_SUGGEST_ATTEMPTS_PER_MINUTE": "7",
                        "TSUNAGU_SUGGEST_PER_CLIENT_PER_HOUR": "3", "TSUNAGU_SUGGEST_PER_CITY_PER_HOUR": "9"}.items():
        monkeypatch.setenv(name, value)
    s = Settings.from_env()
    assert (s.staff_publisher, s.search_cache) == (False, False)
    assert (s.suggest_min_fill_seconds, s.suggest_attempts_per_minute) == (0.5, 7)
    assert (s.suggest_per_client_per_hour, s.suggest_per_city_per_hour) == (3, 9)


def test_defaults_publish_and_cache():
    s = Settings()
    assert s.staff_publisher and s.search_cache and s.suggest_min_fill_seconds == 3


# Settings are read in settings.py; the CLI modules that start processes pass them on through the environment
# (workers read their Settings.from_env; the publisher beside `tsunagu serve` learns its parent's pid).
PROCESS_PLUMBING = ("tsunagu/settings.py", "tsunagu/cli.py", "tsunagu/staff/publish_cli.py")


def environment_reads() -> list[str]:
    """`os.environ` / `os.getenv` outside settings.py (the CLI passes its flags on to worker processes)."""
    found = []
    for folder in CODE:
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel in PROCESS_PLUMBING or "__pycache__" in rel:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") \
                        and isinstance(node.value, ast.Name) and node.value.id == "os":
                    found.append(f"{rel}:{node.lineno}")
    return found


# data/claims.py looks for the plans' OCR text (a curation input for `tsunagu check`, not a server setting).
CURATION_ONLY = {"data/claims.py"}


def test_no_setting_is_read_outside_settings():
    outside = [place for place in environment_reads() if place.split(":")[0] not in CURATION_ONLY]
    assert outside == [], f"read these through Settings: {outside}"


def test_build_and_serve_warn_when_the_public_url_is_not_set(capsys):
    """Printed sheets carry the site's address as text and QR: unset, it would be the loopback one."""
    from tsunagu.cli import warn_public_url
    warn_public_url(Settings())
    assert "TSUNAGU_PUBLIC_URL" in capsys.readouterr().err
    warn_public_url(Settings(public_url="https://tsunagu.example.jp"))
    assert capsys.readouterr().err == ""
