"""The desk answer's reason and message in English and やさしい日本語 (issue 30.3): every sentence the real
engine writes for the recorded answers is one of the listed forms, so none falls back to Japanese."""
import json
from pathlib import Path

import pytest

from tsunagu.site.pages.answer_words import answer_words, say
from tsunagu.site.pages.reading import Reading, reset_current, set_current

RECORDED = json.loads((Path(__file__).parent.parent / "web" / "answers_recorded.json").read_text())
DESK_TEXTS = sorted({b[f] for k, v in RECORDED.items() if k.startswith("desk ")
                     for b in [v["body"]] for f in ("reason", "message") if b.get(f)})


@pytest.mark.parametrize("lang", ["en", "easy"])
def test_every_recorded_desk_sentence_is_said(lang):
    assert DESK_TEXTS, "the recorded answers hold no desk text"
    unsaid = [t for t in DESK_TEXTS if say(t, lang) is None]
    assert not unsaid, unsaid


def test_names_stay_and_our_words_are_translated():
    text = "逗子市新宿4丁目は、番によって担当が東部・西部に分かれます。番まで入力すると、担当の窓口を1つに決められます。"
    assert say(text, "en") == ("For 逗子市新宿4丁目, the desk depends on the ban (block): 東部・西部. "
                               "Type the address down to the ban (block) to find the one desk.")
    assert say("「高齢・介護・認知症（もの忘れ）」の相談窓口です。", "en") == \
        "This is the desk for old age, care or dementia (forgetfulness)."


def test_a_name_never_swallows_the_sentences_before_it():
    """An added city's answer: three sentences, the last with an office name. Said in order, name intact."""
    text = ("葉山町の相談窓口は、まだ登録されていません。つなぐからの提案（計画のルールではありません）: "
            "葉山町役場の福祉の担当課にお問い合わせください。")
    assert say(text, "en") == ("No desks of 葉山町 are registered yet. Tsunagu suggests (this is not a rule of the "
                               "plan): Please ask the welfare section of 葉山町役場.")
    assert say(text, "easy").endswith("葉山町役場の 福祉の 係に 聞いてください。")


def test_an_unknown_sentence_is_shown_in_japanese_marked_so():
    token = set_current(Reading("en", False))
    try:
        assert str(answer_words("知らない<文>です。")) == '<span lang="ja">知らない&lt;文&gt;です。</span>'
    finally:
        reset_current(token)
