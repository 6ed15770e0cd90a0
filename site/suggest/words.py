"""The public suggestion forms in the reader's language (issue 30.1): residents send them, so their labels,
hints, choices and errors are said in English and やさしい日本語 too.

The forms are defined once, in Japanese, in tsunagu/suggest/forms.py (the staff review reads the same
labels); their words are listed here for the catalogs and said where the page is made. An error is said
from its listed form with the field's label translated; a message of a form not listed stays Japanese
(marked `lang="ja"` on an English page), never guessed. tests/i18n/test_suggest_words.py asks every
field, choice and error form of tsunagu.suggest.forms for its translation.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import cache

from markupsafe import Markup, escape

from tsunagu.suggest.forms import Field

from ..pages.i18n import N_, gettext, translate
from ..pages.reading import current_reading

# The fields' labels, hints and choices (tsunagu/suggest/forms.py), and the review's status words (service.py).
FIELD_WORDS = (
    N_("日時・曜日"), N_("会場・場所"), N_("住所"), N_("電話番号"), N_("費用"), N_("申込方法"), N_("ホームページ"), N_("説明"),
    N_("今はもう開かれていない・終わった"), N_("そのほか"), N_("運営している・手伝っている"), N_("参加している"),
    N_("チラシ・広報・ホームページで見た"), N_("人から聞いた"), N_("会館・施設など（名前を書きます）"), N_("住所を書きます"),
    N_("個人のお宅（町名だけを書きます。番地は載せません）"), N_("あなたの連絡先（任意）"),
    N_("確認者が内容を確かめるときだけに使います。公開しません。処理が終わってから 90 日で消します。書かなくても送れます"),
    N_("市外局番から。例: 0000-00-0000"), N_("例: 毎月第3火曜 13:30〜15:30"), N_("会場の名前"), N_("例: 〇〇会館、〇〇公民館"),
    N_("例: {address}。個人のお宅のときは町名までにしてください"), N_("例: 1回100円（お茶代）"),
    N_("そのほか（申込方法・説明など）"), N_("例: 申込が必要になりました。上の欄にあてはまらないことを書いてください"),
    N_("どうして知っていますか"), N_("サロン・通いの場の名前"), N_("例: 〇〇ふれあいサロン"), N_("どこで開いていますか"),
    N_("会場の名前か住所"), N_("例: 〇〇会館、{address}。個人のお宅のときは空欄にします"), N_("町名"),
    N_("例: {town}。個人のお宅のときは必ず書いてください（番地は書かないでください）"), N_("いつ開いていますか"),
    N_("例: 毎月第2火曜 10:00〜12:00"), N_("問い合わせ先（公開してよいもの・任意）"),
    N_("会館や団体の電話番号など、公開してよい連絡先だけ。個人の携帯電話の番号は書かないでください"),
    N_("運営している団体"), N_("例: 〇〇地区社会福祉協議会、〇〇町内会。個人のお名前は書かないでください"),
    N_("そのほか伝えたいこと（任意）"), N_("費用、申込の要・不要、対象など"),
    N_("受け付けました（確認待ち）"), N_("受け付けました（お知らせが集中しているため、確認までふだんより時間がかかります）"),
    N_("採用しました"), N_("採用しませんでした"),
)
# The errors of tsunagu/suggest/forms.py and abuse.py / service.py, as forms (the label filled in).
ERROR_FORMS = (
    N_("「%(label)s」が長すぎます（%(n)s 文字）。%(limit)s 文字以内にしてください"),
    N_("「%(label)s」に制御文字（タブなど）は使えません。ふつうの文字で書いてください"),
    N_("「%(label)s」に HTML のタグ（< で始まる書き方）は使えません。ふつうの文で書いてください"),
    N_("「%(label)s」は選択肢からえらんでください"),
    N_("「%(label)s」は、チェックをつけるか外すかでえらんでください"),
    N_("「%(label)s」をえらんでください"),
    N_("「%(label)s」を書いてください"),
    N_("直したい内容を、少なくとも 1 つ書いてください（電話番号・日時・場所・費用・そのほかのどれか。終わったときは、そのチェックをつけてください）"),
    N_("個人のお宅のときは、町名を書いてください（番地は載せません）"),
    N_("会場の名前か住所を書いてください"),
    N_("このお知らせは受け付けられませんでした（以前に迷惑な送信と判断された内容です）"),
    N_("この接続元からのお知らせが 1 時間のうちに多すぎます。時間をおいてから送ってください"),
    N_("いまこの市へのお知らせが集中しているため、受け付けを一時止めています。時間をおいてから送ってください"),
    N_("いま保存できません（サーバーの記録用データベースにつながらないか、ディスクがいっぱいです）。何も保存していません。"
       "入力した内容はこのページに残っています。しばらくしてから、もう一度送ってください"),
)
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def field_in(f: Field, examples: Mapping[str, str]) -> Field:
    """The field in the reader's words, its 「例:」 filled with the city's own examples after translation."""
    hint = gettext(f.hint)
    return replace(f, label=gettext(f.label), hint=hint.format_map(examples) if "{" in hint else hint,
                   choice=tuple((value, gettext(label)) for value, label in f.choice))


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for form in ERROR_FORMS:
        parts = _PLACEHOLDER.split(form)
        pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        out.append((form, re.compile(pattern + "$")))
    return tuple(out)


def error_in(message: str) -> str | Markup:
    """An error of the forms in the reader's words; one of no listed form in Japanese, marked on English pages."""
    lang = current_reading().lang
    if lang == "ja" or not message:
        return message
    if (said := translate(message, lang)) != message:  # a fixed message (the routes' own, marked there)
        return said
    for form, pattern in _patterns():
        m = pattern.match(message)
        if m:
            values = {k: translate(v, lang) if k == "label" else v for k, v in m.groupdict().items()}
            return translate(form, lang) % values
    return Markup('<span lang="ja">%s</span>') % message if lang == "en" else escape(message)
