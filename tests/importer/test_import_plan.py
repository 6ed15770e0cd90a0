"""`tsunagu import --dry-run` on files made here: each problem with its exact row, column and message
(row numbers as the spreadsheet shows them), and the rest of the file still reported."""
from __future__ import annotations

import pytest

from tsunagu.cli import main
from tsunagu.importer.plan import plan_import
from tsunagu.importer.sheet import SheetError, read_sheet

from .conftest import HEADER, TITLE, write_csv, write_xlsx

pytestmark = pytest.mark.bundled_data


def plan_of(path, data_dir, **kw):
    return plan_import(read_sheet(path, kw.pop("sheet", "")), data_dir, kw.pop("city", "zushi"), **kw)


def lines(plan) -> list[str]:
    return [str(p) for r in plan.rows for p in r.problems] + [str(p) for p in plan.problems]


def test_a_cp932_csv_with_two_title_rows_is_read_and_folded(tmp_path, data_dir):
    path = write_csv(tmp_path / "salons.csv", [*TITLE, HEADER,
                     ["さくら茶話会", "桜山会館", "逗子市桜山５－３－１", "毎週火曜", "１０:００〜１２:００",
                      "０４６－８７３－１１１１", "１００円", "お茶とおしゃべり"]])
    plan = plan_of(path, data_dir)
    assert (plan.encoding, plan.header_row) == ("cp932", 3)
    [row] = plan.rows
    assert row.row == 4 and row.verdict == "new" and not row.errors, lines(plan)
    after = {c["field"]: c["after"] for c in row.changes}
    assert after["address"] == "逗子市桜山5-3-1" and after["phone"] == "046-873-1111"
    assert after["schedule"].startswith("毎週火曜 10:00") and after["fee"] == "100円"
    assert after["town"] == "桜山五丁目" and after["kind"] == "salon"


def test_a_named_sheet_of_a_workbook(tmp_path, data_dir):
    path = write_xlsx(tmp_path / "list.xlsx", {"表紙": [["一覧"]], "サロン": [HEADER, ["新宿はつらつ会", "", "逗子市新宿2-1-1",
                                                                                "第2・4木曜", "13:30〜15:30", "", "", ""]]})
    plan = plan_of(path, data_dir, sheet="サロン")
    assert plan.sheet == "サロン" and [r.verdict for r in plan.rows] == ["new"], lines(plan)
    with pytest.raises(SheetError, match="シート「名簿」がありません（あるシート: 表紙、サロン）"):
        read_sheet(path, "名簿")


def test_an_unknown_header_stops_the_import_with_the_choices(tmp_path, data_dir):
    path = write_csv(tmp_path / "odd.csv", [HEADER[:3] + ["開催場所の詳細"], ["a", "b", "c", "d"]])
    plan = plan_of(path, data_dir)
    assert plan.refused and not plan.rows
    [problem] = plan.problems
    assert str(problem).startswith("odd.csv:1:D（開催場所の詳細）: 見出し「開催場所の詳細」が何の列か分かりません。"
                                   "--mapping のファイルに「開催場所の詳細: 列」と書いて指定してください。使える列: ")


def test_a_mapping_settles_an_unknown_header(tmp_path, data_dir):
    path = write_csv(tmp_path / "odd.csv", [["サロン名", "住所", "開催場所の詳細"], ["ことぶき会", "逗子市逗子1-1-1", "集会所2階"]])
    plan = plan_of(path, data_dir, mapping={"開催場所の詳細": "venue_text"})
    assert [r.verdict for r in plan.rows] == ["new"], lines(plan)
    assert {"field": "venue_text", "before": "", "after": "集会所2階"} in plan.rows[0].changes


@pytest.mark.parametrize("cells,expected", [
    (["いきいき体操", "", "逗子市新宿4-2-35", "第6火曜", "13:30〜"],
     "x.csv:2:D（開催日）: 日時「第6火曜 13:30〜」の「第6火曜」: 第6週はありません。第1〜第5か「最終」で書いてください"),
    (["よこはまサロン", "", "横浜市中区山下町1", "毎月第1水曜", ""],
     "x.csv:2:C（住所）: 住所「横浜市中区山下町1」は神奈川県横浜市中区の住所です。逗子市の住所を書いてください"),
])
def test_a_refused_row_is_located_and_the_rest_go_through(tmp_path, data_dir, cells, expected):
    good = ["ひだまりの会", "", "逗子市沼間1-1-1", "毎週金曜", "10:00〜11:30"]
    path = write_csv(tmp_path / "x.csv", [HEADER[:5], cells, good], encoding="utf-8")
    plan = plan_of(path, data_dir)
    assert [r.verdict for r in plan.rows] == ["refused", "new"]
    assert expected in lines(plan)


def test_the_same_salon_twice_refuses_the_second_row(tmp_path, data_dir):
    row = ["さくら茶話会", "桜山会館", "逗子市桜山5-3-1", "毎週火曜", ""]
    path = write_csv(tmp_path / "twice.csv", [HEADER[:5], row, ["べつの会", "", "逗子市逗子1-1-1", "", ""], row])
    plan = plan_of(path, data_dir)
    assert [r.verdict for r in plan.rows] == ["new", "new", "refused"]
    assert any(line.startswith("twice.csv:4:A（サロン名）: 2 行目と同じ記録（") for line in lines(plan))


def test_a_private_home_keeps_its_town_only(tmp_path, data_dir):
    path = write_csv(tmp_path / "home.csv", [["サロン名", "住所", "個人宅"], ["おうちサロン", "逗子市新宿4-2-35", "○"]])
    plan = plan_of(path, data_dir)
    [row] = plan.rows
    after = {c["field"]: c["after"] for c in row.changes}
    assert row.verdict == "new" and "address" not in after, lines(plan)
    assert after["town"] == "新宿四丁目" and after["location_public"] == "false"
    assert "home.csv:2:B（住所）: 警告: 個人宅のため、住所の番地は載せません。町名「新宿四丁目」だけを載せます" in lines(plan)


def test_an_existing_record_is_matched_by_name_and_changes_field_by_field(tmp_path, data_dir):
    path = write_csv(tmp_path / "upd.csv", [["サロン名", "開催日", "時間", "参加費"],
                                            ["ふれあいサロン新宿", "毎月第3月曜", "13:00〜15:00", ""]])
    plan = plan_of(path, data_dir)
    [row] = plan.rows
    assert (row.verdict, row.record_id) == ("changed", "zushi-salon-09"), lines(plan)
    assert [c["field"] for c in row.changes] == ["schedule"]  # the empty 参加費 cell states nothing
    assert ("zushi-salon-09", "ふれあいサロン新宿") not in plan.absent and len(plan.absent) == 49


def test_dry_run_prints_the_plan_and_exits_1_on_a_refused_row(tmp_path, data_dir, capsys):
    path = write_csv(tmp_path / "x.csv", [HEADER[:5], ["いきいき体操", "", "逗子市新宿4-2-35", "第6火曜", ""]])
    assert main(["--data-dir", str(data_dir), "import", str(path), "--city", "zushi", "--dry-run"]) == 1
    out = capsys.readouterr()
    assert "x.csv:2:D（開催日）:" in out.out and "新規 0 件、変更 0 件、変更なし 0 件、取り込めない 1 件" in out.out
    ok = write_csv(tmp_path / "ok.csv", [HEADER[:5], ["ひだまりの会", "", "逗子市沼間1-1-1", "毎週金曜", ""]])
    assert main(["--data-dir", str(data_dir), "import", str(ok), "--city", "zushi", "--dry-run"]) == 0


def test_a_csv_in_neither_encoding_names_the_encodings_tried(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("サロン名\n".encode("utf-16"))
    with pytest.raises(SheetError, match=r"文字コードが読み取れません（UTF-8-SIG、CP932 を試しました）"):
        read_sheet(path)


def test_an_ods_list_keeps_the_spreadsheets_row_numbers(tmp_path, data_dir):
    import pandas as pd
    path = tmp_path / "list.ods"
    rows = [["ふれあいサロン一覧", None, None], ["サロン名", "住所", "開催日"], ["ことぶき会", "逗子市沼間1-1-1", "第6火曜"]]
    pd.DataFrame(rows).to_excel(path, engine="odf", header=False, index=False, sheet_name="サロン")
    plan = plan_of(path, data_dir)
    assert plan.header_row == 2 and [r.row for r in plan.rows] == [3]
    assert any(line.startswith("list.ods:3:C（開催日）:") for line in lines(plan))


def test_a_mapping_is_kept_for_the_next_import_of_the_same_list(tmp_path, data_dir, capsys):
    path = write_csv(tmp_path / "shakyo.csv", [["サロン名", "住所", "開催場所の詳細"], ["ことぶき会", "逗子市逗子1-1-1", "集会所2階"]])
    args = ["--data-dir", str(data_dir), "import", str(path), "--city", "zushi", "--dry-run"]
    assert main(args) == 1  # the unknown header stops it
    mapping = tmp_path / "m.yaml"
    mapping.write_text("開催場所の詳細: venue_text\n", encoding="utf-8")
    assert main([*args, "--mapping", str(mapping)]) == 0
    assert not (data_dir / "import_mappings").exists()  # a dry run writes nothing anywhere


def test_wareki_and_wide_digits_are_read_as_meant(tmp_path, data_dir):
    path = write_csv(tmp_path / "w.csv", [["サロン名", "住所", "確認日", "開催日"],
                                          ["ひだまりの会", "逗子市沼間１－１－１", "令和7年4月1日", "令和8年1月14日"]])
    [row] = plan_of(path, data_dir).rows
    after = {c["field"]: c["after"] for c in row.changes}
    assert after["last_verified"] == "2025-04-01" and after["schedule"] == "2026年1月14日"
    assert after["address"] == "逗子市沼間1-1-1"
