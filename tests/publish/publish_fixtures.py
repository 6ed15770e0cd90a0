"""Helpers for the publishing tests: a small real data set (逗子 only: its desks, services and six salons) built once per session.

Tests that change anything get their own copies: `site_copy` gives a data folder and a build
folder in tmp_path whose `current` is a copy of the session's build.
"""
from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from tsunagu import builds as store
from tsunagu.settings import Settings

BUNDLED = Path(__file__).resolve().parents[2] / "data"


def make_mini_data(dst: Path) -> Path:
    shutil.copytree(BUNDLED, dst, ignore=shutil.ignore_patterns(
        "*.py", "__pycache__", "kamakura*", "nagano*", "shimonoseki*", "*.md"))
    cities = yaml.safe_load((BUNDLED / "cities.yaml").read_text(encoding="utf-8"))
    (dst / "cities.yaml").write_text(yaml.safe_dump([c for c in cities if c["slug"] == "zushi"], allow_unicode=True),
                                     encoding="utf-8")
    with (BUNDLED / "resources" / "zushi.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    keep = [r for r in rows if r["kind"] in ("consultation_desk", "support_service")][:20]
    keep += [r for r in rows if r["kind"] == "salon"][:6]
    write_rows(dst / "resources" / "zushi.csv", keep)
    ids = {r["id"] for r in keep}
    with (BUNDLED / "corrections.csv").open(encoding="utf-8", newline="") as fh:
        corrections = [r for r in csv.DictReader(fh) if r["resource_id"] in ids]
    write_rows(dst / "corrections.csv", corrections, fieldnames=list(corrections[0]))
    return dst


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, rows: list[dict], fieldnames: list[str] | None = None) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fieldnames or list(rows[0]))
        w.writeheader()
        w.writerows(rows)


@dataclass
class Site:
    data: Path
    build_dir: Path
    settings: Settings

    @property
    def resources_csv(self) -> Path:
        return self.data / "resources" / "zushi.csv"

    def served(self) -> Path | None:
        return store.served_build(self.build_dir)
