"""The gate every build passes before anything is published: the checks of `tsunagu check` and the
shrink guard (a city losing more than a tenth of its records needs --allow-shrink)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from tsunagu.data.loader import Directory, load_directory
from tsunagu.data.problems import Problem, ProblemList
from tsunagu.geo.rules_check import check_area_rules
from tsunagu.importer.headers import check_lexicon as check_import_headers
from tsunagu.importer.profiles import check_profiles as check_import_profiles

from .output import Manifest

SHRINK_LIMIT = 0.10  # a city losing more than this share of its records needs --allow-shrink


class BuildFailed(Exception):
    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


def check_all(data_dir: Path) -> ProblemList:
    """What `tsunagu check` reports: every file and row of data/, the area rules and the need lexicon."""
    return checked(data_dir, load_directory(data_dir))


def checked(data_dir: Path, directory: Directory) -> ProblemList:
    from tsunagu.search.lexicon import check_lexicon  # lazy: adds 0.1 s to importing this module
    if directory.cities:  # without cities.yaml the area rules have nothing to check against
        directory.problems.extend(check_area_rules(data_dir, directory))
    directory.problems.extend(check_lexicon(data_dir))
    directory.problems.extend(check_import_headers(data_dir))
    directory.problems.extend(check_import_profiles(data_dir))
    return directory.problems


def city_counts(directory: Directory) -> dict[str, int]:
    counts = Counter(r.city for r in directory.resources)
    return {slug: counts.get(slug, 0) for slug in directory.cities}


def shrink_problems(before: dict[str, int], after: dict[str, int], names: dict[str, str]) -> list[str]:
    """One sentence per city that would lose more than SHRINK_LIMIT of its records."""
    out = []
    for slug, old in sorted(before.items()):
        new = after.get(slug, 0)
        if old and (old - new) / old > SHRINK_LIMIT:
            out.append(f"{names.get(slug, slug)}の記録が {old} 件から {new} 件に減ります（{old - new} 件、"
                       f"{(old - new) * 100 // old}%）")
    return out


def gate(src: Path, served: Path | None, allow_shrink: bool) -> Directory:
    """The snapshot's records when they may be published; BuildFailed with located problems otherwise."""
    directory = load_directory(src)
    problems = checked(src, directory)
    if problems.errors:
        raise BuildFailed(f"データに {len(problems.errors)} 件のエラーがあるため公開しません。直してからもう一度ビルドしてください",
                          sorted(problems))
    if not directory.resources:
        raise BuildFailed("読み込めた記録が 0 件です", directory.problems)
    # A served build without a readable manifest (made by an older program) has no counts to compare.
    manifest = Manifest.read(served) if served is not None else None
    if manifest is not None and not allow_shrink:
        names = {slug: c.name for slug, c in directory.cities.items()}
        shrunk = shrink_problems(manifest.counts, city_counts(directory), names)
        if shrunk:
            raise BuildFailed("記録が大きく減るため公開しません: " + "、".join(shrunk)
                              + "。意図した変更なら --allow-shrink を付けてもう一度ビルドしてください",
                              [Problem("resources", 1, "-", s) for s in shrunk])
    return directory
