"""The 介護サービス事業所一覧 profile (data/import_profiles/kaigo_jigyosho.yaml) on a list written here with exactly
the columns of the published definition (自治体標準オープンデータセット, ex-推奨データセット: NEC-FIWARE/smart-data-models
cio/02_介護サービス事業所一覧/datamodels.md). The facilities are made up; the addresses are real 逗子 towns."""
from __future__ import annotations

import pytest
import yaml

from tsunagu.cli import main
from tsunagu.importer.plan import plan_import
from tsunagu.importer.profiles import Profile, check_profiles, read_mapping
from tsunagu.importer.sheet import read_sheet

from .conftest import write_csv

pytestmark = pytest.mark.bundled_data

# The definition's 22 columns, in its order.
COLUMNS = ["都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名", "介護サービス事業所名称",
           "介護サービス事業所名称_カナ", "実施サービス", "住所", "方書", "緯度", "経度", "電話番号", "内線番号", "FAX番号",
           "法人番号", "法人の名称", "事業所番号", "利用可能曜日", "利用可能曜日特記事項", "定員", "URL", "備考"]
DAY = ["142085", "0001", "神奈川県", "逗子市", "なぎさデイサービスセンター", "ナギサデイサービスセンター", "通所介護",
       "逗子市逗子５－４－３３", "なぎさビル2階", "35.2959", "139.5781", "０４６－８７０－１２３４", "", "046-870-1235",
       "1234567890123", "社会福祉法人なぎさ会", "1470900001", "月火水木金土", "祝日は営業、年末年始は休み", "25",
       "https://example.jp/nagisa", "送迎あり"]
CARE_PLAN = ["142085", "0002", "神奈川県", "逗子市", "さくらやまケアプランセンター", "サクラヤマケアプランセンター", "居宅介護支援",
             "逗子市桜山5-3-1", "", "", "", "046-871-2345", "12", "", "", "株式会社さくら", "1470900002", "月火水木金",
             "", "", "", ""]
HOME = ["142085", "0003", "神奈川県", "逗子市", "ぬまま訪問介護ステーション", "ヌママホウモンカイゴステーション", "訪問介護",
        "逗子市沼間1-1-1", "", "", "", "046-872-3456", "", "", "", "合同会社ぬまま", "1470900003", "", "", "0", "", ""]
ENTRY = "supplied:神奈川県逗子市「介護サービス事業所一覧」（CC BY 4.0、表記を整えて掲載）"


@pytest.fixture(scope="module")
def profile_path(data_dir):
    return data_dir / "import_profiles" / "kaigo_jigyosho.yaml"


def plan_of(path, data_dir, mapping, kind="salon"):
    return plan_import(read_sheet(path), data_dir, "zushi", kind, mapping)


def after(row) -> dict[str, str]:
    return {c["field"]: c["after"] for c in row.changes}


def lines(plan) -> list[str]:
    return [str(p) for r in plan.rows for p in r.problems] + [str(p) for p in plan.problems]


def test_the_shipped_profile_is_checked_and_names_its_definition_and_licence(data_dir, profile_path):
    assert list(check_profiles(data_dir)) == []
    profile = read_mapping(profile_path)
    assert isinstance(profile, Profile) and profile.spec.licence == "CC BY 4.0"
    assert profile.spec.definition.startswith("https://github.com/NEC-FIWARE/smart-data-models/")
    written = yaml.safe_load(profile_path.read_text(encoding="utf-8"))["columns"]
    assert list(written) == COLUMNS  # every documented column, none invented


def test_a_cp932_list_in_the_published_columns_becomes_records_with_the_licence_in_source(tmp_path, data_dir,
                                                                                         profile_path):
    path = write_csv(tmp_path / "kaigo.csv", [COLUMNS, DAY, CARE_PLAN, HOME], encoding="cp932")
    plan = plan_of(path, data_dir, read_mapping(profile_path))  # the CLI's default --kind salon: the profile decides
    assert plan.kind == "facility" and not plan.problems, lines(plan)
    assert [r.verdict for r in plan.rows] == ["new", "new", "new"], lines(plan)
    day, care_plan, home = (after(r) for r in plan.rows)
    assert (day["kind"], care_plan["kind"], home["kind"]) == ("facility", "consultation_desk", "facility")
    assert plan.rows[1].record_id.startswith("zushi-consultation-desk-")
    assert day["name"] == "なぎさデイサービスセンター" and day["name_kana"] == "ナギサデイサービスセンター"
    assert day["address"] == "逗子市逗子5-4-33 なぎさビル2階" and day["town"] == "逗子五丁目"
    assert day["phone"] == "046-870-1234" and day["operator"] == "社会福祉法人なぎさ会"
    assert day["url"] == "https://example.jp/nagisa" and day["schedule"] == "月火水木金土"
    assert day["description"] == "実施サービス: 通所介護 定員: 25 利用可能曜日特記事項: 祝日は営業、年末年始は休み 送迎あり"
    assert care_plan["description"] == "実施サービス: 居宅介護支援 内線番号: 12"
    assert home["description"] == "実施サービス: 訪問介護 定員: 0"
    for row in (day, care_plan, home):
        assert row["source"] == ENTRY
        # FAX, 法人番号, 事業所番号, the codes and the points have no record column: nothing of them lands
        assert not {"lat", "lon", "fax", "id"} & set(row)
        assert not any(v in row.values() for v in ("046-870-1235", "1234567890123", "1470900001", "35.2959"))


def test_an_existing_record_keeps_its_kind_and_its_sources_and_gains_the_list(tmp_path, data_dir, profile_path):
    desk = ["142085", "0004", "神奈川県", "逗子市", "逗子市東部地域包括支援センター", "", "通所介護",
            "逗子市池子字棧敷戸1892-2", "", "", "", "", "", "", "", "", "", "月火水木金", "", "", "", ""]
    path = write_csv(tmp_path / "desk.csv", [COLUMNS, desk], encoding="utf-8-sig")
    plan = plan_of(path, data_dir, read_mapping(profile_path))
    [row] = plan.rows
    assert (row.verdict, row.record_id) == ("changed", "zushi-desk-east"), lines(plan)
    fields = {c["field"]: c for c in row.changes}
    assert "kind" not in fields  # 通所介護 would say facility: the city's record stays a desk
    assert fields["schedule"]["after"] == "月火水木金"
    source = fields["source"]
    assert source["after"] == f"{source['before']};{ENTRY}" and source["before"]


def test_columns_outside_the_definition_stop_the_import_unless_the_profile_ignores_them(tmp_path, data_dir,
                                                                                      profile_path):
    path = write_csv(tmp_path / "extra.csv", [[*COLUMNS, "駐車場"], [*HOME, "3台"]], encoding="utf-8-sig")
    plan = plan_of(path, data_dir, read_mapping(profile_path))
    assert plan.refused and not plan.rows
    [problem] = plan.problems
    assert str(problem).startswith("extra.csv:1:W（駐車場）: 見出し「駐車場」が何の列か分かりません。")
    data = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
    lenient = tmp_path / "lenient.yaml"
    lenient.write_text(yaml.safe_dump({**data, "other_columns": "ignore"}, allow_unicode=True), encoding="utf-8")
    plan = plan_of(path, data_dir, read_mapping(lenient))
    assert [r.verdict for r in plan.rows] == ["new"], lines(plan)
    assert "3台" not in " ".join(after(plan.rows[0]).values())


def test_dry_run_with_the_profile_exits_0(tmp_path, data_dir, profile_path, capsys):
    path = write_csv(tmp_path / "kaigo.csv", [COLUMNS, DAY, CARE_PLAN], encoding="cp932")
    code = main(["--data-dir", str(data_dir), "import", str(path), "--city", "zushi", "--mapping", str(profile_path),
                 "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "→ 逗子市・施設" in out and "新規 2 件" in out and ENTRY in out


def test_a_plain_mapping_file_still_reads_as_pairs(tmp_path):
    path = tmp_path / "plain.yaml"
    path.write_text("開催場所の詳細: venue_text\n", encoding="utf-8")
    mapping = read_mapping(path)
    assert mapping == {"開催場所の詳細": "venue_text"} and not isinstance(mapping, Profile)


def test_tsunagu_check_reports_a_broken_profile_by_key(tmp_path, data_dir):
    import shutil
    copy = tmp_path / "data"
    shutil.copytree(data_dir / "import_profiles", copy / "import_profiles")
    (copy / "import_profiles" / "broken.yaml").write_text(
        "name: x\ndefinition: https://example.jp\ndataset: 一覧\nlicence: CC BY 4.0; 加工\nkind: shop\n"
        "describe: [定員]\ncolumns:\n  NO: ignore\n  名称: name\n  定員: capacity\n", encoding="utf-8")
    found = [str(p) for p in check_profiles(copy)]
    assert found == [
        "import_profiles/broken.yaml:1:licence: 「;」は出典の区切りなので使えません",
        "import_profiles/broken.yaml:1:columns: 見出し「False」は引用符で囲んでください（例: 'NO': ignore）",
        "import_profiles/broken.yaml:1:columns: 「定員: capacity」の capacity は使えません。使える値: "
        "id, name, name_kana, kind, venue_text, address, town, district, schedule_day, schedule_time, phone, "
        "contact_hours, fee, how_to_join, targets, description, url, operator, private_home, categories, "
        "last_verified, name_en, description_en, description_easy, ignore",
        "import_profiles/broken.yaml:1:kind: 「shop」は種類にありません。使える値: salon, consultation_desk, "
        "support_service, program, facility",
        "import_profiles/broken.yaml:1:describe: 「定員」は columns に「定員: ignore」として書いてください（この項目で読むため）",
    ]
