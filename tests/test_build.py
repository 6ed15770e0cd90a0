"""The build switches `current` only when everything succeeded."""
from __future__ import annotations

import os

import pytest

from tsunagu.build import BuildFailed, build
from tsunagu.settings import Settings


def test_a_failed_rebuild_keeps_the_served_build(settings, tmp_path):
    good = settings.current_build.resolve()
    s = Settings(build_dir=tmp_path)
    (tmp_path / "builds").mkdir()
    os.symlink(good, tmp_path / "current")
    with pytest.raises(BuildFailed):
        build(s, fail_after_index=True)
    assert (tmp_path / "current").resolve() == good
    assert list((tmp_path / "builds").iterdir()) == []  # the half-made build was removed
    assert (good / "records.json").exists() and (good / "index").is_dir()


def test_a_build_with_no_readable_rows_fails_before_touching_anything(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    from pathlib import Path
    root = Path(__file__).resolve().parents[1] / "data"
    for name in ("cities.yaml", "sources.yaml", "vocabulary.yaml"):
        (data / name).write_text((root / name).read_text(encoding="utf-8"), encoding="utf-8")
    (data / "resources").mkdir()
    s = Settings(data_dir=data, build_dir=tmp_path / "build")
    with pytest.raises(BuildFailed, match="0 件"):
        build(s)
    assert not (tmp_path / "build" / "current").exists()
