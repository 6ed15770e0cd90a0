"""やさしい日本語 in the records is held to the site's own rules (issue 30.3): `tsunagu check` warns, with
file:row:column, about a `description_easy` with a long sentence, no です・ます or a banned form."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from world import data_with_rows

pytestmark = pytest.mark.bundled_data  # it copies the bundled geodata the check reads

HEADER = ["id", "kind", "name", "district", "location_public", "source", "description", "description_easy"]
LONG = "この サロンは 毎月 第1と 第3の 火曜日に 公民館の 2階の 和室で お茶を 飲みながら みんなで 話を する 集まりです。"
ROWS = [
    ["easy-ok", "salon", "サロン新宿", "shinjuku", "true", "zushi-plan:529", "集いの場です。", "お茶を のみます。だれでも 来られます。"],
    ["easy-long", "salon", "サロン桜山", "shinjuku", "true", "zushi-plan:530", "", LONG],
    ["easy-plain", "salon", "サロン沼間", "shinjuku", "true", "zushi-plan:531", "", "毎週 月曜日に ひらく。お茶を のみます。"],
    ["easy-banned", "salon", "サロン久木", "shinjuku", "true", "zushi-plan:532", "", "ご相談は 電話で 聞いてください。"],
]


def test_check_warns_about_easy_text_that_breaks_the_guideline(tmp_path: Path):
    data = data_with_rows(tmp_path, HEADER, ROWS)
    env = {"TSUNAGU_DATA_DIR": str(data), "TSUNAGU_BUILD_DIR": str(tmp_path / "build"),
           "TSUNAGU_VAR_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "tsunagu.cli", "check"], check=False, env=env, capture_output=True,
                         text=True, cwd=tmp_path, timeout=300)
    lines = [line for line in (run.stdout + run.stderr).splitlines() if ":description_easy:" in line]
    assert not any("zushi.csv:2:" in line for line in lines), lines  # the easy text that keeps the rules
    assert any("zushi.csv:3:description_easy: 警告:" in line and "文が長すぎます" in line for line in lines), lines
    assert any("zushi.csv:4:description_easy: 警告:" in line and "です・ます" in line for line in lines), lines
    assert any("zushi.csv:5:description_easy: 警告:" in line and "「ご相談」" in line for line in lines), lines
