"""Privacy screening and form cleaning: pure functions, no server."""
from __future__ import annotations

from tsunagu.suggest.forms import NO_FACT, clean_form, fingerprint
from tsunagu.suggest.screening import screen


def fields(flags) -> set[str]:
    return {f for f, _ in flags}


def messages(flags) -> str:
    return " ".join(m for _, m in flags)


def test_personal_data_is_flagged_for_the_reviewer():
    flags = screen("correction", {"other": "担当は佐藤さん（０９０－１２３４－５６７８、sato@example.jp）", "how": "heard"})
    text = messages(flags)
    assert "携帯電話" in text and "メールアドレス" in text and "個人のお名前" in text
    assert screen("correction", {"other": "毎月第3火曜 13:30〜 046-873-1111（会館）"}) == []


def test_a_private_home_with_a_number_and_a_personal_organiser_are_flagged():
    home = {"name": "ひだまり", "place_type": "home", "place": "", "town": "桜山2-3-5", "organiser": "田中 一郎"}
    assert fields(screen("new", home)) == {"town", "organiser"}
    venue = {**home, "place_type": "venue", "place": "桜山会館", "town": "桜山二丁目", "organiser": "桜山町内会"}
    assert screen("new", venue) == []
    assert fields(screen("new", {**home, "town": "桜山二丁目5番地"})) >= {"town"}


def test_the_contact_is_never_screened_into_the_public_fields():
    assert screen("correction", {"other": "第2火曜", "contact": "090-1111-2222"}) == []


def test_cleaning_refuses_with_messages_saying_what_to_fix():
    values, errors = clean_form("new", {"name": "", "place_type": "home", "town": ""})
    assert dict(errors) == {"name": "「サロン・通いの場の名前」を書いてください"}
    values, errors = clean_form("new", {"name": "サロン", "place_type": "home", "town": ""})
    assert dict(errors) == {"town": "個人のお宅のときは、町名を書いてください（番地は載せません）"}
    values, errors = clean_form("new", {"name": "サロン", "place_type": "castle"})
    assert "選択肢から" in dict(errors)["place_type"]
    values, errors = clean_form("correction", {"closed": "1", "how": "joins", "other": "  行\r\nって  "})
    assert errors == [] and values["other"] == "行 って"
    values, errors = clean_form("correction", {"how": "joins", "phone": "  "})
    assert dict(errors) == {"facts": NO_FACT}


def test_the_same_text_in_other_widths_and_spaces_is_the_same_suggestion():
    a = fingerprint("zushi", "r1", "correction", {"phone": "０４６ー８７３", "how": "runs"})
    b = fingerprint("zushi", "r1", "correction", {"phone": "046ー873 ", "how": "runs", "contact": "x"})
    c = fingerprint("zushi", "r2", "correction", {"phone": "046ー873", "how": "runs"})
    assert a == b != c
