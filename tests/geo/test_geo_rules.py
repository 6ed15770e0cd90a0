"""data/areas/*.yaml: the bundled file checks clean; broken files give file:row messages."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tsunagu.data.loader import load_cities
from tsunagu.geo.rules import load_city_rules
from tsunagu.geo.rules_check import check_area_rules

pytestmark = pytest.mark.bundled_data


class _Dir:
    def __init__(self, data_dir: Path, resources=()):
        self.cities = load_cities(data_dir)
        self.resources = list(resources)


def test_bundled_rules_have_no_errors_and_list_the_three_gaps(engine):
    problems = check_area_rules(engine.data_dir, _Dir(engine.data_dir))
    errors = [p for p in problems if p.severity == "error"]
    assert errors == []
    warnings = " / ".join(p.message for p in problems if p.severity == "warning")
    assert "新宿4丁目の17番以降" in warnings
    assert "桜山（丁目なし）" in warnings
    assert "葉桜団地" in warnings


def test_area_ids_are_the_ones_the_resources_use(engine):
    cr = engine.rules["zushi"]
    assert [a.id for a in cr.areas] == ["zushi-east", "zushi-central", "zushi-west"]
    assert all(a.service == "houkatsu" for a in cr.areas)
    # every rule cites plan lines inside 1148–1166
    assert all(1148 <= ln <= 1166 for a in cr.areas for r in a.rules for ln in r.lines)


@pytest.fixture
def data_copy(tmp_path, engine) -> Path:
    d = tmp_path / "data"
    (d / "areas").mkdir(parents=True)
    shutil.copytree(engine.data_dir / "geo", d / "geo")
    for f in ("cities.yaml", "sources.yaml", "vocabulary.yaml"):
        shutil.copy(engine.data_dir / f, d / f)
    return d


def _write(data_dir: Path, text: str) -> None:
    (data_dir / "areas" / "zushi.yaml").write_text(text, encoding="utf-8")


def test_overlap_is_an_error_at_the_rule_line(data_copy):
    _write(data_copy, """city: zushi
general_desk: {service: houkatsu}
areas:
  - id: a
    rules:
      - {town: 新宿, chome: [4], ban: [1, 5]}
  - id: b
    rules:
      - {town: 新宿, chome: [4], ban: [5, 9]}
""")
    problems = check_area_rules(data_copy, _Dir(data_copy))
    overlaps = [p for p in problems if p.severity == "error"]
    assert len(overlaps) == 1
    assert overlaps[0].file == "areas/zushi.yaml" and overlaps[0].row == 6
    assert "新宿4丁目5番" in overlaps[0].message


def test_unknown_town_and_chome_and_bad_range(data_copy):
    _write(data_copy, """city: zushi
areas:
  - id: a
    rules:
      - {town: 新宿, chome: [9]}
      - {town: 東京, chome: all}
      - {town: 新宿, chome: [1], ban: [5, 1]}
""")
    problems = [p for p in check_area_rules(data_copy, _Dir(data_copy)) if p.severity == "error"]
    assert [(p.row, p.column) for p in problems] == [(7, "ban")]  # a bad range stops the file
    _write(data_copy, """city: zushi
areas:
  - id: a
    rules:
      - {town: 新宿, chome: [9]}
      - {town: 東京, chome: all}
""")
    problems = [p for p in check_area_rules(data_copy, _Dir(data_copy)) if p.severity == "error"]
    assert sorted((p.row, p.column) for p in problems) == [(5, "chome"), (6, "town")]


def test_broken_yaml_is_reported_not_raised(data_copy):
    _write(data_copy, "city: zushi\nareas: [\n  - id: a\n")
    problems = check_area_rules(data_copy, _Dir(data_copy))
    assert problems and problems[0].file == "areas/zushi.yaml" and problems[0].severity == "error"


def test_missing_desk_id_is_a_warning(engine, make_desk):
    rows = [make_desk("zushi-desk-east", "zushi", "東部", "zushi-east")]
    problems = check_area_rules(engine.data_dir, _Dir(engine.data_dir, rows))
    msgs = [p.message for p in problems if p.column == "desk"]
    assert any("zushi-desk-central" in m for m in msgs) and all("zushi-desk-east" not in m for m in msgs)


def test_load_keeps_line_numbers(engine):
    cr = load_city_rules(engine.data_dir / "areas" / "zushi.yaml")
    sakura5 = next(r for r in cr.area("zushi-central").rules if r.town == "桜山" and r.chome == (5,))
    text = (engine.data_dir / "areas" / "zushi.yaml").read_text(encoding="utf-8").splitlines()
    assert "town: 桜山" in text[sakura5.line - 1]
