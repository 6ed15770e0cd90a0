"""The build is a gate: broken data is refused with located messages and `current` never moves."""
from __future__ import annotations

import pytest
from publish_fixtures import read_rows, write_rows

from tsunagu.build import BuildFailed, build, check_all
from tsunagu.build.output import Manifest
from tsunagu.cli import main

pytestmark = pytest.mark.bundled_data


def refused(site, **kw) -> BuildFailed:
    before = site.served()
    with pytest.raises(BuildFailed) as info:
        build(site.settings, lock_wait_seconds=5, **kw)
    assert site.served() == before, "a refused build must leave `current` where it was"
    assert [p.name for p in (site.build_dir / "builds").iterdir()] == [before.name], "nothing half-made is left"
    return info.value


def lines(exc: BuildFailed) -> list[str]:
    return [str(p) for p in exc.problems if p.severity == "error"]


def test_a_missing_column_is_refused_once_at_the_header(site_copy):
    rows = read_rows(site_copy.resources_csv)
    write_rows(site_copy.resources_csv, [{k: v for k, v in r.items() if k != "kind"} for r in rows])
    exc = refused(site_copy)
    assert lines(exc) == ["resources/zushi.csv:1:kind: 必須の列「kind」がありません"]
    assert "エラー" in str(exc) and "公開しません" in str(exc)


def test_a_duplicated_id_is_refused_not_dropped(site_copy):
    rows = read_rows(site_copy.resources_csv)
    write_rows(site_copy.resources_csv, rows + [dict(rows[3])])
    exc = refused(site_copy)
    dup_row = len(rows) + 2
    assert any(line.startswith(f"resources/zushi.csv:{dup_row}:id:") and "重複" in line for line in lines(exc))


def test_a_bad_byte_is_reported_at_its_row_and_column_without_follow_on_errors(site_copy):
    rows = read_rows(site_copy.resources_csv)
    index = next(i for i, r in enumerate(rows) if r["kind"] == "salon") + 1  # a row with corrections attached
    rows[index - 1]["name"] = "テスト用の名前"
    write_rows(site_copy.resources_csv, rows)
    raw = site_copy.resources_csv.read_bytes().split(b"\n")
    raw[index] = raw[index].replace("テスト用の名前".encode(), "テスト用の名前".encode("shift_jis"))
    site_copy.resources_csv.write_bytes(b"\n".join(raw))
    exc = refused(site_copy)
    assert len(lines(exc)) == 1, lines(exc)
    assert lines(exc)[0].startswith(f"resources/zushi.csv:{index + 1}:name: この欄に UTF-8 として読めない文字があります")
    assert [str(p) for p in check_all(site_copy.data).errors] == lines(exc), "check and build say the same"


def test_a_file_saved_as_shift_jis_is_one_message(site_copy):
    text = site_copy.resources_csv.read_text(encoding="utf-8")
    site_copy.resources_csv.write_bytes(text.encode("shift_jis", errors="replace"))
    exc = refused(site_copy)
    assert len(lines(exc)) == 1
    assert "ファイルが UTF-8 ではないようです" in lines(exc)[0]
    assert lines(exc)[0].startswith("resources/zushi.csv:2:")


def test_a_yaml_syntax_error_is_located_by_line_and_column(site_copy):
    path = site_copy.data / "cities.yaml"
    text = path.read_text(encoding="utf-8").splitlines()
    text[3] = text[3] + ": ["  # an unclosed flow sequence in the middle of the file
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    exc = refused(site_copy)
    assert len(lines(exc)) == 1, "one root cause, no cascade"
    file, line, column, message = lines(exc)[0].split(":", 3)
    assert (file, column.isdigit()) == ("cities.yaml", True)
    assert 4 <= int(line) <= len(text) + 1
    assert "YAML として読めません" in message and "unicode string" not in message


def test_an_area_rule_yaml_error_is_located(site_copy):
    path = site_copy.data / "areas" / "zushi.yaml"
    text = path.read_text(encoding="utf-8").splitlines()
    text.insert(6, "  - id: [broken")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    exc = refused(site_copy)
    assert any(line.startswith("areas/zushi.yaml:") and "YAML として読めません" in line for line in lines(exc))
    assert all(line.split(":")[2].isdigit() for line in lines(exc) if line.startswith("areas/zushi.yaml:"))


def test_a_city_losing_more_than_ten_percent_is_refused_unless_allowed(site_copy):
    rows = read_rows(site_copy.resources_csv)
    salons = [r["id"] for r in rows if r["kind"] == "salon"]
    write_rows(site_copy.resources_csv, [r for r in rows if r["id"] not in salons[:4]])
    corrections = read_rows(site_copy.data / "corrections.csv")
    write_rows(site_copy.data / "corrections.csv", [c for c in corrections if c["resource_id"] not in salons[:4]],
               fieldnames=list(corrections[0]))
    exc = refused(site_copy)
    assert f"逗子市の記録が {len(rows)} 件から {len(rows) - 4} 件に減ります" in str(exc)
    assert "--allow-shrink" in str(exc)
    new = build(site_copy.settings, allow_shrink=True)
    assert site_copy.served() == new
    assert Manifest.read(new).counts["zushi"] == len(rows) - 4


def test_the_cli_refuses_in_japanese_without_a_traceback(site_copy, capsys):
    rows = read_rows(site_copy.resources_csv)
    rows[2]["phone"] = "000-0000-0000x"
    write_rows(site_copy.resources_csv, rows)
    before = site_copy.served()
    rc = main(["--data-dir", str(site_copy.data), "--build-dir", str(site_copy.build_dir), "build"])
    out, err = capsys.readouterr()
    assert rc == 1
    assert "resources/zushi.csv:4:phone:" in out
    assert "公開中のビルドはそのままです" in err and "Traceback" not in err + out
    assert site_copy.served() == before
