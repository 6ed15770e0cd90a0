"""Per-city build units (issue 25.1): a one-row change rebuilds only its city; the other cities' files in
the new build are the very files of the previous one (same inode, same bytes), and prune keeps every unit
a remaining build names."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from publish_fixtures import read_rows, write_rows
from world import test_settings

from tsunagu.build import build
from tsunagu.build.output import Manifest
from tsunagu.build.progress import Plain
from tsunagu.build.units import stored, units_dir

pytestmark = pytest.mark.bundled_data

BUNDLED = Path(__file__).resolve().parents[2] / "data"
CITIES = ("nagano", "shimonoseki")  # one district each: two cities whose guides render in a few seconds


def make_two_city_data(dst: Path) -> Path:
    shutil.copytree(BUNDLED, dst, ignore=shutil.ignore_patterns("*.py", "__pycache__", "zushi*", "kamakura*", "*.md"))
    cities = yaml.safe_load((BUNDLED / "cities.yaml").read_text(encoding="utf-8"))
    (dst / "cities.yaml").write_text(yaml.safe_dump([c for c in cities if c["slug"] in CITIES], allow_unicode=True),
                                     encoding="utf-8")
    ids = {r["id"] for slug in CITIES for r in read_rows(dst / "resources" / f"{slug}.csv")}
    with (BUNDLED / "corrections.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = [r for r in reader if r["resource_id"] in ids]
        write_rows(dst / "corrections.csv", rows, fieldnames=list(reader.fieldnames or []))
    return dst


def city_files(build_path: Path, slug: str) -> list[str]:
    """What a person would call one city's part of a build: every file named after the city."""
    found = [*build_path.glob(f"geo/*-{slug}.geojson"), *build_path.glob(f"layers/*-{slug}.geojson"),
             *build_path.glob(f"guides/*-{slug}*"), *(p for p in (build_path / "index" / slug).rglob("*") if p.is_file())]
    return sorted(p.relative_to(build_path).as_posix() for p in found)


def change_description(data: Path, slug: str, text: str) -> str:
    path = data / "resources" / f"{slug}.csv"
    rows = read_rows(path)
    rows[0]["description"] = text
    write_rows(path, rows)
    return rows[0]["id"]


def test_a_one_row_change_rebuilds_only_its_city(tmp_path):
    settings = test_settings(tmp_path, data_dir=make_two_city_data(tmp_path / "data"), tile_url="")
    first = build(settings)
    sheet = "guides/guide-shimonoseki-all.sheet.json"
    rid = json.loads((first / sheet).read_text(encoding="utf-8"))["desks"][0]["id"]  # a desk the sheet prints
    path = settings.data_dir / "resources" / "shimonoseki.csv"
    rows = read_rows(path)
    next(r for r in rows if r["id"] == rid)["name"] = "単元の試験で名前を変えた窓口"
    write_rows(path, rows)
    lines = io.StringIO()
    second = build(settings, progress=Plain(lines))

    before, after = Manifest.read(first), Manifest.read(second)
    assert before is not None and after is not None
    assert after.rebuilt == ["shimonoseki"]
    assert after.units["nagano"] == before.units["nagano"] and after.units["shimonoseki"] != before.units["shimonoseki"]
    # 長野's part of the new build: the same files, the same inodes, the same bytes as in the first build.
    nagano = city_files(second, "nagano")
    assert nagano == city_files(first, "nagano") and any(f.endswith(".pdf") for f in nagano)
    for name in nagano:
        assert (second / name).stat().st_ino == (first / name).stat().st_ino, name
        assert (second / name).read_bytes() == (first / name).read_bytes(), name
    # 下関's part was made again, and shows the change.
    pdf = "guides/guide-shimonoseki-all.pdf"
    assert (second / pdf).stat().st_ino != (first / pdf).stat().st_ino
    assert "単元の試験で名前を変えた窓口" in (second / sheet).read_text(encoding="utf-8")
    records = json.loads((second / "records.json").read_text(encoding="utf-8"))["resources"]
    assert next(r for r in records if r["id"] == rid)["name"] == "単元の試験で名前を変えた窓口"
    # What a person watching the build sees (plain lines: not a terminal).
    assert "長野市: 変更なし" in lines.getvalue() and "下関市: 作り直します" in lines.getvalue()


def test_reused_units_give_the_build_a_full_build_would_make(tmp_path):
    """Here the change is a desk's description: on the area guide's web page (the sheet's JSON), not on paper."""
    settings = test_settings(tmp_path, data_dir=make_two_city_data(tmp_path / "data"), tile_url="")
    first = build(settings)
    sheet = "guides/guide-nagano-all.sheet.json"
    desk = json.loads((first / sheet).read_text(encoding="utf-8"))["desks"][0]["id"]
    path = settings.data_dir / "resources" / "nagano.csv"
    rows = read_rows(path)
    next(r for r in rows if r["id"] == desk)["description"] = "全部作り直したときと同じになるか"
    write_rows(path, rows)
    reused = build(settings)
    fresh = build(test_settings(tmp_path / "fresh", data_dir=settings.data_dir, tile_url=""))
    assert Manifest.read(reused).rebuilt == ["nagano"] and Manifest.read(fresh).rebuilt == list(CITIES)  # type: ignore[union-attr]
    # The paper is the same, so nothing was laid out again; the page's contents carry the new text.
    assert Manifest.read(reused).guides.districts == []  # type: ignore[union-attr]
    for name in ("guides/guide-nagano-all.pdf", "guides/guide-nagano-all-large.pdf"):
        assert (reused / name).stat().st_ino == (first / name).stat().st_ino
    assert "全部作り直したときと同じになるか" in (reused / sheet).read_text(encoding="utf-8")
    same = ["records.json", "layers/index.json", "index/cities.json", "index/vocab.json", "geo/cities.geojson",
            *(f"{d}/{k}-{slug}.geojson" for slug in CITIES for d, k in (("geo", "areas"), ("geo", "towns"), ("layers", "outline"))),
            *(f"guides/{n}" for slug in CITIES for n in (f"areas-{slug}.json", f"guide-{slug}-all.sheet.json"))]
    for name in same:
        assert (reused / name).read_bytes() == (fresh / name).read_bytes(), name
    def named(files: list[str]) -> list[str]:  # a search index's segment files have random names
        return [f.split("_")[0] if f.startswith("index/") else f for f in files]
    assert named(city_files(reused, "shimonoseki")) == named(city_files(fresh, "shimonoseki"))


def test_prune_keeps_the_units_of_the_builds_it_keeps(tmp_path):
    settings = test_settings(tmp_path, data_dir=make_two_city_data(tmp_path / "data"), tile_url="")
    first = build(settings)
    for n in range(2):
        change_description(settings.data_dir, "shimonoseki", f"{n} 回目の変更")
        last = build(settings)
    assert not first.exists()  # the newest two builds are kept
    kept = [Manifest.read(b) for b in sorted(p for p in (settings.build_dir / "builds").iterdir())]
    named = {name for m in kept for name in m.units.values()}  # type: ignore[union-attr]
    assert {p.name for p in units_dir(settings.build_dir).iterdir()} == named
    assert len([n for n in named if n.startswith("shimonoseki-")]) == 2  # the first build's is gone
    assert all(stored(settings.build_dir, name) is not None for name in named)
    assert Manifest.read(last).units["nagano"] in named  # type: ignore[union-attr]


def test_tsunagu_build_tells_per_city_what_it_made_in_plain_lines_off_a_terminal(tmp_path, capsys):
    from tsunagu.cli import main
    data = make_two_city_data(tmp_path / "data")
    args = ["--data-dir", str(data), "--build-dir", str(tmp_path / "build"), "build"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert "長野市: 作り直します" in first and "下関市: 作り直します" in first and "印刷用の案内" in first
    assert main(args) == 0
    second = capsys.readouterr().out
    assert "長野市: 変更なし" in second and "下関市: 変更なし" in second
    assert "\x1b[" not in first + second  # no terminal codes in a log or a pipe
