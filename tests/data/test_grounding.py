"""Warnings that keep a row's words and place within its cited lines (data/grounding.py, issue 29.3).

Proven on the fixture tests/data/fixtures/grounding/: a ten-line plan (three measures-table rows with ◎/■,
one narrative line, a salon table whose 地区 cells are printed on the first row of each group) and one
row per case. The fixture carries its plan in `seeds/`, so the check runs in CI, where the shared OCR
files are absent.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tsunagu.data import grounding
from tsunagu.data.loader import load_directory

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "grounding"


@pytest.fixture(autouse=True)
def _no_seeds_env(monkeypatch):
    monkeypatch.delenv("TSUNAGU_SEEDS_DIR", raising=False)


def fixture_data(tmp_path: Path, seeds: bool = True) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    shutil.copy(ROOT / "data" / "vocabulary.yaml", data / "vocabulary.yaml")
    if not seeds:
        shutil.rmtree(data / "seeds")
    return data


def warnings_by_id(data: Path) -> dict[str, list[tuple[str, str]]]:
    d = load_directory(data)
    assert not d.problems.errors, [str(p) for p in d.problems.errors]
    ids = {int(r.origin.rpartition(":")[2]): r.id for r in d.resources}
    out: dict[str, list[tuple[str, str]]] = {}
    for p in d.problems:
        if p.severity == "warning" and p.file == "resources/zushi.csv" and p.column in ("description", "district", "town",
                                                                                          "address", "lat"):
            if p.column == "town" and "町名一覧" in p.message:
                continue  # the validator's own town-list warning, not this check
            out.setdefault(ids[p.row], []).append((p.column, p.message))
    return out


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return warnings_by_id(fixture_data(tmp_path_factory.mktemp("g")))


def test_present_activity_on_measure_rows_only_is_warned(found):
    (col, msg), = found["m-doing"]
    assert col == "description" and "「地域でおはなし会を行っています。」" in msg and "挙げられています" in msg
    assert found["m-sends"][0][0] == "description"  # 「派遣します」 on a ◎ row
    # only the sentence that claims activity is quoted
    (col, msg), = found["m-two"]
    assert "センターを運営しています" in msg and "仕組みです" not in msg


def test_plan_wording_a_narrative_line_or_a_supplier_is_not_warned(found):
    assert "m-plan" not in found  # 「計画に、…が挙げられています」
    assert "m-narrative" not in found  # line 4 (narrative) says it is done
    assert "m-supplied" not in found  # a supplier stands behind the text


def test_district_needs_a_line_that_names_it(found):
    assert "s-named" not in found  # line 8 prints 沼間
    (col, msg), = found["s-unnamed"]
    assert col == "district" and "地区「池子」" in msg
    assert "s-supplied" not in found


def test_an_ocr_reading_counts_only_as_a_sure_correction(found):
    assert "s-ocr" not in found  # 沼子→逗子 recorded as certain
    assert [c for c, _ in found["s-ocr-uncertain"]] == ["district"]


def test_a_guessed_district_that_makes_the_point_is_warned(found):
    (col, msg), = found["s-guess"]
    assert col == "district" and "推測" in msg
    assert "s-guess-venue" not in found  # its point is the venue's, not the district's


def test_town_and_point_need_a_line(found):
    (col, msg), = found["s-town-from-name"]
    assert col == "town" and "逗子一丁目" in msg
    assert "s-town-printed" not in found
    (col, _msg), = found["s-point-only"]
    assert col == "lat"


def test_silent_without_the_plan_text(tmp_path):
    assert warnings_by_id(fixture_data(tmp_path, seeds=False)) == {}


def test_warnings_do_not_fail_tsunagu_check(tmp_path):
    data = fixture_data(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "tsunagu.cli", "--data-dir", str(data), "check"],
                          check=False, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "警告: 説明「地域でおはなし会を行っています。」" in proc.stdout


@pytest.mark.parametrize(("text", "flagged"), [
    ("本の貸出しを行っています。", True),
    ("車いすを貸し出します。", True),
    ("一部の地区で行われています。", True),
    ("計画に、中央図書館の取り組みとして「地域でのおはなし会の開催」が挙げられています。", False),
    ("計画は、ケアラーが気軽に相談できる体制の充実に取り組むとしています。", False),
    ("子育て支援センターです。", False),
])
def test_activity_sentences(text, flagged):
    assert bool(grounding.activity_sentences(text)) is flagged


def test_without_the_plans_the_extract_still_finds_activity_on_measure_rows(tmp_path):
    data = fixture_data(tmp_path, seeds=False)
    (data / "measure_rows.yaml").write_text('g-plan: "1-3"\n', encoding="utf-8")
    found = warnings_by_id(data)
    assert sorted(found) == ["m-doing", "m-sends", "m-two"]  # the place rule needs the words: silent
    assert all(col == "description" for msgs in found.values() for col, _ in msgs)


def test_the_committed_extract_matches_the_plans():
    """data/measure_rows.yaml lists exactly the measures-table rows of each plan (where the plans are here)."""
    import yaml

    from tsunagu.data.claims import _plan_lines, seeds_dir
    data = ROOT / "data"
    plans = yaml.safe_load((data / "sources.yaml").read_text(encoding="utf-8"))
    lines = _plan_lines(seeds_dir(data), plans)
    if len(lines) < len(plans):
        pytest.skip("the plans' OCR text is not available here")
    extract = yaml.safe_load((data / grounding.EXTRACT).read_text(encoding="utf-8"))
    assert extract == {plan: grounding.measure_row_numbers(text) for plan, text in lines.items()}


@pytest.mark.bundled_data
@pytest.mark.parametrize("with_plans", [True, False])
def test_bundled_data_has_no_activity_claim_on_measure_rows(monkeypatch, with_plans):
    """Issue 29.1 left no description on the bundled data claiming activity from ◎/■ rows alone
    (checked on the plans' text where present, and on the committed extract as in CI)."""
    from tsunagu.data.claims import seeds_dir
    data = ROOT / "data"
    if with_plans and seeds_dir(data) is None:
        pytest.skip("the plans' OCR text is not available here")
    if not with_plans:
        monkeypatch.setattr(grounding, "seeds_dir", lambda _data_dir: None)
    d = load_directory(data)
    hits = [str(p) for p in d.problems if p.severity == "warning" and "今行われていると言っています" in p.message]
    assert hits == []
