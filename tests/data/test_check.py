"""`tsunagu check` on deliberately broken fixtures: exact messages, every bad row reported, good rows kept."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tsunagu.data.loader import load_directory
from tsunagu.data.rows import parse_source

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "broken"


@pytest.fixture()
def broken_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "geo").mkdir()
    for name in ("city_boundaries_n03_2022.geojson", "shelters_gsi_2025.geojson", "town_points_geolonia.csv"):
        shutil.copy(ROOT / "data" / "geo" / name, data / "geo" / name)
    return data


EXPECTED = [
    "corrections.csv:3:resource_id: id「missing-id」の記録がありません",
    "corrections.csv:4:certainty: certainty は certain / probable / uncertain のどれかです",
    "resources/zushi.csv:10:source: 出典が空です（計画の行番号か、情報の提供者を書いてください）",
    "resources/zushi.csv:11:location_public: 非公開の場所（個人宅など）に座標や番地を書かないでください。town に町名だけを書きます",
    "resources/zushi.csv:12:last_verified: 日付「2026/11/22」は 2026-11-22 の形で書いてください",
    "resources/zushi.csv:13:source: zushi-plan は 1437 行までです（9999 行を指しています）",
    "resources/zushi.csv:14:-: 列の数がヘッダーと合いません",
    "resources/zushi.csv:3:id: id「ok-1」が重複しています（最初は resources/zushi.csv:2）",
    "resources/zushi.csv:4:kind: 種類「cafe」は使えません。salon / consultation_desk / support_service / program / facility のどれかです",
    "resources/zushi.csv:5:targets: 「若者」は targets に使えない値です（data/vocabulary.yaml に載っている値を使ってください）",
    "resources/zushi.csv:6:district: 地区「hayama」は逗子市の地区にありません（data/cities.yaml を確かめてください）",
    "resources/zushi.csv:7:venue: 会場「v-nowhere」が会場データ（data/venues/zushi.csv）にも施設データにもありません",
    "resources/zushi.csv:8:phone: 電話番号「046-876-62999」の形が違います（例: 046-876-6299。半角数字とハイフン）",
    "resources/zushi.csv:9:lat: 座標 (35.6812, 139.7671) が逗子市の外です。緯度と経度が逆になっていないか確かめてください",
    "resources/zushi.csv:16:venue: 非公開の場所に、座標のある会場をつなげないでください（地図に個人宅が出てしまいます）",
    "venues/zushi.csv:3:lat: 個人宅など非公開の会場に座標を書かないでください（町名だけにします）",
]


def test_every_broken_row_is_reported_with_file_row_column(broken_dir: Path):
    directory = load_directory(broken_dir)
    assert sorted(str(p) for p in directory.problems.errors) == sorted(EXPECTED)


def test_good_rows_still_load_next_to_bad_ones(broken_dir: Path):
    directory = load_directory(broken_dir)
    ids = [r.id for r in directory.resources]
    assert ids == ["ok-1", "ok-2", "bad-town"]
    warnings = [str(p) for p in directory.problems if p.severity == "warning"]
    assert "resources/zushi.csv:17:town: 警告: 町名「逗子十丁目ではない町」が逗子市の町名一覧にありません（誤字でないか確かめてください）" in warnings
    walk = directory.resources[1]
    assert walk.source[1].supplier == "逗子市社協"
    assert [(c.as_printed, c.corrected, c.certainty) for c in walk.corrections] == [
        ("ボールウォーキング", "ポールウォーキング", "certain")]


def test_cli_check_exits_non_zero_and_prints_the_lines(broken_dir: Path):
    proc = subprocess.run([sys.executable, "-m", "tsunagu.cli", "--data-dir", str(broken_dir), "check"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1
    for line in EXPECTED:
        assert line in proc.stdout


def test_bundled_data_has_no_errors():
    proc = subprocess.run([sys.executable, "-m", "tsunagu.cli", "check"], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, check=False)
    errors = [ln for ln in proc.stdout.splitlines() if ln and "警告" not in ln]
    assert proc.returncode == 0, "\n".join(errors[:20])


@pytest.mark.parametrize("text, message", [
    ("zushi-plan", "形が違います"),
    ("zushi-plan:12a", "読めません"),
    ("zushi-plan:20-10", "逆です"),
])
def test_malformed_sources_say_what_to_fix(text, message):
    with pytest.raises(ValueError, match=message):
        parse_source(text)


def test_source_ranges_expand():
    (s,) = parse_source("zushi-plan:1148-1150,1160")
    assert s.lines == (1148, 1149, 1150, 1160)
