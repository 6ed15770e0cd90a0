"""Record text in other languages (issue 30.2): optional columns name_en, description_en, description_easy —
loaded into the record, checked by `tsunagu check`, importable, editable, and no change to other rows' versions."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from world import data_with_rows

from tsunagu.data.loader import load_directory
from tsunagu.importer.cells import cell_map, row_values
from tsunagu.importer.headers import header_key, read_lexicon
from tsunagu.staff import csvstore
from tsunagu.staff.fields import clean, form_fields

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["id", "kind", "name", "district", "location_public", "source", "description",
          "name_en", "description_en", "description_easy"]
ROWS = [
    ["en-ok", "salon", "ふれあいサロン新宿", "shinjuku", "true", "zushi-plan:529", "高齢の方の集いの場です。",
     "Shinjuku Friendship Salon", "A place for older people to meet over tea.", "お年よりが あつまって、お茶を のみます。"],
    ["en-none", "salon", "サロン桜山", "shinjuku", "true", "zushi-plan:530", "", "", "", ""],
    ["en-kanji", "salon", "サロン沼間", "shinjuku", "true", "zushi-plan:531", "", "サロン Numama", "", ""],
    ["en-nolatin", "salon", "サロン久木", "shinjuku", "true", "zushi-plan:532", "", "", "久木の集会所で開きます。", ""],
    ["easy-nokana", "salon", "サロン池子", "shinjuku", "true", "zushi-plan:533", "", "", "", "Ikego salon"],
    ["easy-copy", "salon", "サロン小坪", "shinjuku", "true", "zushi-plan:534", "小坪の集いの場です。", "", "",
     "小坪の集いの場です。"],
    ["en-mostly-ja", "salon", "サロン逗子", "shinjuku", "true", "zushi-plan:535", "", "", "会場は逗子会館 (Zushi)", ""],
]


@pytest.fixture()
def lang_data(tmp_path: Path) -> Path:
    return data_with_rows(tmp_path, HEADER, ROWS)


@pytest.mark.bundled_data  # the fixture copies the bundled geodata the check reads
def test_check_reads_and_validates_the_columns(lang_data: Path):
    directory = load_directory(lang_data)
    problems = sorted(str(p) for p in directory.problems
                      if any(f"zushi.csv:{n}:{c}:" in str(p) for n in range(2, 9) for c in HEADER[-3:]))
    assert problems == [
        "resources/zushi.csv:4:name_en: 英語の名称に日本語の文字「サ」があります。日本語の名前はローマ字で書いてください（例: Sakurayama Salon）",
        "resources/zushi.csv:5:description_en: 英語の説明に英字がありません。英語で書いてください（機械翻訳ではなく、人が書いた文を）",
        "resources/zushi.csv:6:description_easy: やさしい日本語の説明に、ひらがな・カタカナがありません。やさしい日本語で書いてください",
        "resources/zushi.csv:7:description_easy: 警告: やさしい日本語の説明が、ふつうの説明と同じ文です。短い文で、やさしい言葉に書きかえてください",
        "resources/zushi.csv:8:description_en: 警告: 英語の説明に日本語が多く入っています。英語で書いてください（会場の名前などは日本語のままでもかまいません）",
    ]
    by_id = {r.id: r for r in directory.resources}
    assert set(by_id) == {"en-ok", "en-none", "easy-copy", "en-mostly-ja"}  # the refused rows stay out
    ok = by_id["en-ok"]
    assert (ok.name_en, ok.description_en, ok.description_easy) == tuple(ROWS[0][7:])
    assert by_id["en-none"].name_en == "" and by_id["en-none"].to_dict()["description_easy"] == ""


def test_a_never_used_column_changes_no_rows_version():
    row = {"id": "zushi-salon-02", "name": "桜逗会館ふれあいサロン", "phone": "046-873-1111"}
    widened = {**row, "name_en": "", "description_en": "", "description_easy": ""}
    assert csvstore.row_version(widened) == csvstore.row_version(row)
    assert csvstore.row_version({**widened, "name_en": "Ouzu Hall Salon"}) != csvstore.row_version(row)


@pytest.mark.bundled_data
def test_importer_maps_english_and_easy_headers():
    lexicon = read_lexicon(ROOT / "data")
    assert lexicon[header_key("英語名")] == "name_en"
    assert lexicon[header_key("名称(英語)")] == "name_en"
    assert lexicon[header_key("English description")] == "description_en"
    assert lexicon[header_key("やさしい日本語")] == "description_easy"

    cols = SimpleNamespace(targets=["name", "name_en", "description_en", "description_easy"])
    cells = cell_map(cols, ("サロン新宿", "Shinjuku Salon", "Tea and talk.\nEvery Tuesday.", "お茶を のみます。"))
    values = row_values(cells, None, {}).values
    assert values == {"name": "サロン新宿", "name_en": "Shinjuku Salon", "description_en": "Tea and talk. Every Tuesday.",
                      "description_easy": "お茶を のみます。"}


def test_staff_form_has_the_fields_and_keeps_them_one_line():
    names = [f.name for f in form_fields(new=False)]
    assert {"name_en", "description_en", "description_easy"} <= set(names)
    assert clean("description_en", "Tea and talk.\r\nEvery Tuesday.") == ("Tea and talk. Every Tuesday.", "")
