"""The desk answer's reason and message in the reader's language (issue 30.3).

The address engine (geo/desk.py) words its answer in Japanese, the language of the plans, the API and
the staff. Its sentences come from a fixed set of forms with names filled in; each form is listed here
once (marked for the catalogs) so English and やさしい日本語 say the same thing from the same parts:
the names (towns, areas, desks, cities) stay as written, the words we hold translations for (the
need, 「番」 or 「号」) are translated. A sentence of a form not listed here is never guessed at: the
answer is shown in Japanese (marked `lang="ja"` on an English page), and
tests/i18n/test_answer_words.py asks the real engine for every status to keep this list complete.
"""
from __future__ import annotations

import re
from functools import cache

from markupsafe import Markup, escape

from .i18n import N_, translate
from .reading import current_reading

FORMS = (
    N_("「%(name)s」の住所です。"),
    N_("このページは%(city)sの窓口をご案内しています。"),
    N_("「%(text)s」を%(city)sの町名として読み取れませんでした。"),
    N_("「%(text)s」の部分が読み取れませんでした。"),
    N_("%(city)s全域を担当する総合的な相談窓口です。"),
    N_("（町名は%(towns)sのどちらか決められませんでしたが、どちらもこの窓口の担当です）"),
    N_("（町名は入力されていないため、市全域の窓口としてご案内しています）"),
    N_("「%(need)s」の相談窓口（%(city)s全域）です。"),
    N_("%(city)sの相談窓口は、まだ登録されていません。"),
    N_("%(city)sの総合相談窓口（%(want)s）がまだ登録されていません。"),
    N_("%(city)sの総合相談窓口がまだ登録されていません。"),
    N_("%(where)sは、計画に書かれたどの担当区域にも入っていません。"),
    N_("「%(need)s」の相談窓口は市全域の担当なので、この窓口をご案内します。"),
    N_("%(where)sは、%(label)sによって担当が%(areas)sに分かれます。"),
    N_("「%(need)s」の相談窓口（市全域）です。"),
    N_("お住まいの地域の総合相談窓口は、%(label)sによって%(areas)sのどちらかです（also）。"),
    N_("%(where)sは%(area)s（%(desk)s）の担当区域です。"),
    N_("計画では「%(words)s」が%(area)sの担当です。"),
    N_("計画の記載:「%(printed)s」"),
    N_("「%(need)s」の相談窓口です。"),
    N_("お住まいの地域の総合相談窓口は%(general)sです（also）。"),
    N_("%(name)sのページでお調べください。"),
    N_("%(name)sの窓口は、%(other)sの役所にお問い合わせください。"),
    N_("町名（例: %(examples)s）から入力してください。"),
    N_("町名から入力してください。"),
    N_("町名のあとに「4丁目2番35号」や「4-2-35」の形で番地を入力してください。"),
    N_("「%(need)s」の相談窓口は登録されていないため、総合的な相談窓口をご案内します。"),
    N_("「%(need)s」専用の窓口は登録されていないため、お住まいの地域の総合相談窓口をご案内します。"),
    N_("つなぐからの提案（計画のルールではありません）: "),
    N_("%(office)sの福祉の担当課にお問い合わせください。"),
    N_("%(label)sまで入力すると、担当の窓口を1つに決められます。"),
    N_("（番地によっては、計画のどの担当区域にも入らない場合があります）"),
    N_("ただし「%(named)s」にお住まいの場合は%(area)s（%(desk)s）の担当です。"),
    N_("この判定は計画の記載を解釈したものです: %(note)s"),
    N_("住所が空です。"),
    N_("町名と番地を入力してください。"),
)
# The address parser's and the near engine's sentences (geo/normalize.py, parse.py, parse_town.py, near.py),
# shown on the desk page (in the answer's message) and the near page (as the address box's error).
ENGINE_FORMS = (
    N_("住所を文字で入力してください。"),
    N_("入力が長すぎます（%(n)s文字）。"),
    N_("住所だけを%(max)s文字以内で入力してください。"),
    N_("入力に制御文字などの見えない文字が含まれています。"),
    N_("住所を打ち直してください。"),
    N_("住所に使えない文字（%(chars)s）が含まれています。"),
    N_("漢字・かな・数字だけで住所を入力してください。"),
    N_("住所を囲むかぎかっこ・引用符は外して読みました。"),
    N_("先頭の「%(text)s」は住所ではないため読み飛ばしました。"),
    N_("最後の「%(text)s」は読み飛ばしました。"),
    N_("郵便番号 〒%(code)s は対象の4市のものではありません。"),
    N_("郵便番号は%(city)sのものです。"),
    N_("町名を優先しました。"),
    N_("住所の市名を優先しました。"),
    N_("郵便番号 〒%(code)s は%(towns)sのものです。"),
    N_("番地のあとの「%(text)s」は建物・施設の名前として読みました。"),
    N_("%(where)sには丁目がないため、「%(typed)s」を%(read)sとして読みました。"),
    N_("違う場合は番地を確かめてください。"),
    N_("最後の「%(typed)s」は部屋番号（%(room)s）として読み、%(num)sを号としました。"),
    N_("%(town)sには丁目がありません。"),
    N_("「%(example)s」のように番地を入力してください。"),
    N_("%(town)sに%(num)s丁目はありません（%(low)s〜%(high)s丁目）。"),
    N_("丁目を確かめてください。"),
    N_("「%(typed)s」を%(read)sとして読みました（大字を省いた書き方）。"),
    N_("「%(typed)s」を%(read)sとして読みました。"),
    N_("「%(typed)s」を%(read)sとして読みました（小字がかな書き）。"),
    N_("違うときは小字を漢字で入力してください。"),
    N_("「%(typed)s」は%(towns)sのどれとも読めるため、町名を決められません。"),
    N_("町名を漢字で入力してください。"),
    N_("「%(typed)s」を%(read)sとして読みました（町名の一部がかな書き）。"),
    N_("違う町のときは町名を漢字で入力してください。"),
    N_("「%(typed)s」を%(read)sとして読みました（「ノ」「之」「の」を省いた書き方）。"),
    N_("違う町のときは町名を正しく入力してください。"),
    N_("%(city)sには「%(twin)s」と「%(range)s」があります。"),
    N_("「%(example)s」のように丁目を、または「%(twin)s」と入力してください。"),
    N_("緯度・経度は数値で指定してください。"),
    N_("緯度・経度の値が範囲外です。"),
    N_("%(city)sの区域（境界）がまだ登録されていないため、緯度・経度からはさがせません。"),
    N_("指定の地点は%(city)sから離れています。"),
    N_("「%(station)s」という駅は%(city)s内に見つかりません（%(city)sの駅: %(names)s）。"),
    N_("%(where)sの住所です。"),
    N_("%(city)s内の住所を入力してください。"),
    N_("%(town)sの位置はまだ登録されていないため、距離ではさがせません。"),
    N_("「%(text)s」の場所が%(city)s内に見つかりません。"),
    N_("住所・駅・町名・緯度経度のどれかを指定してください。"),
    N_("市「%(city)s」は対象外です。"),
    N_("%(city)sでは、場所の分かるものがまだ登録されていません。"),
    N_("出発地は%(label)sです（正確な場所ではありません）。"),
    N_("距離はおおよそです。"),
    # a private home's place, as tsunagu/catalog.py public_place says it (never its address)
    N_("%(town)s（個人宅のため町名のみ）"),
    N_("個人宅のため場所は載せていません"),
    N_("住所を判定できませんでした。"),
    N_("お手数ですが、窓口に電話でお問い合わせください。"),
    # the geocoder's names for a starting point that is not the place itself (geo/geocode.py)
    N_("地区「%(name)s」の代表点"),
    N_("%(name)sの区域の代表点"),
    N_("%(name)sの代表点"),
)
# The few words filled into the forms that are ours, not names (geo/desk.py's labels).
LABELS = (N_("町名と丁目"), N_("丁目"), N_("番"), N_("号"), N_("町名"), N_("番地"))
ORIGIN_LABELS = (N_("指定された地点"),)  # the near engine's name for a point given by latitude and longitude
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@cache
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for form in FORMS + ENGINE_FORMS:
        parts = PLACEHOLDER.split(form)
        pattern, seen = "", set()
        for i, part in enumerate(parts):
            if i % 2 == 0:
                pattern += re.escape(part)
            elif part in seen:  # a name said twice (「…」という駅は逗子市内に…（逗子市の駅: …）) is the same name
                pattern += f"(?P={part})"
            else:
                seen.add(part)  # a name: anything up to the form's next fixed words; the last one takes the rest
                last = i == len(parts) - 2 and parts[-1] == ""
                # A name never runs over the end of a sentence (。) unless it is quoted (「…」), so one form
                # can't swallow the sentences before its own (an office name taken as 「…。提案: 葉山町役場」).
                any_text = ".+" if parts[i - 1].endswith("「") else "[^。]+"
                pattern += f"(?P<{part}>.+)" if last else f"(?P<{part}>{any_text}?)"
        out.append((form, re.compile(pattern)))
    # Fixed sentences first (a text that starts with one can only be that one), then longer forms first:
    # 「…」の相談窓口（市全域）です。 before 「…」の相談窓口です。
    return tuple(sorted(out, key=lambda f: (bool(PLACEHOLDER.search(f[0])), -len(f[0]))))


def _word(name: str, value: str, lang: str) -> str:
    if name == "need":  # the need's label is held with のこと (vocabulary.yaml)
        held = value + "のこと"
        said = translate(held, lang)
        if said != held:
            return re.sub(r"の ?こと$", "", said)
    if name == "label":
        return translate(value, lang)
    return value


def _say(text: str, lang: str) -> list[str] | None:
    """The text as a sequence of listed forms, each said in `lang`; None if any part is not one."""
    if not text:
        return []
    for form, pattern in _compiled():
        for m in _matches(pattern, text):
            rest = _say(text[m.end():], lang)
            if rest is not None:
                values = {k: _word(k, v, lang) for k, v in m.groupdict().items()}
                return [translate(form, lang) % values] + rest
    return None


def _matches(pattern: re.Pattern[str], text: str):
    m = pattern.match(text)
    if m:
        yield m


def say(text: str, lang: str | None = None) -> str | None:
    lang = lang or current_reading().lang
    if lang == "ja":
        return text
    parts = _say(text.strip(), lang)
    if parts is None:
        return None
    return ("" if lang == "easy" else " ").join(p.strip() for p in parts)


_JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def answer_words(text: str) -> Markup:
    """The filter the desk answer and the forms' errors use: the text in the reader's language, or the
    Japanese marked so. A form's error may already be said (a route's own words, from the catalogs), or be an
    engine's sentence: a catalog entry is used first, then the listed forms; a text that is neither is left as
    it is, marked `lang="ja"` on an English page only when it is mostly Japanese (an English message keeps
    the Japanese names it quotes)."""
    lang = current_reading().lang
    if not text or lang == "ja":
        return escape(text)
    if (held := translate(str(text), lang)) != text:
        return escape(held)
    said = say(text, lang)
    if said is not None:
        return escape(said)
    if lang == "en" and len(_JAPANESE.findall(text)) > len(_LATIN.findall(text)):
        return Markup('<span lang="ja">%s</span>') % text
    return escape(text)
