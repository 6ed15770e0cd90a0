"""How the search page explains what it understood: the lines above the results.

Built from the searcher's `interpreted` (see tsunagu.search.response) in the reader's language; the
template only displays it (macro `understanding` in macros/search.html). The words typed stay as typed;
the lexicon's labels are said from the catalogs, and one without a translation stays Japanese (marked
`lang="ja"` on an English page), never guessed.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from markupsafe import Markup, escape

from .i18n import N_, gettext, translate
from .reading import current_reading

# The need lexicon's labels (data/need_lexicon.csv, column `label`), for the catalogs: the lexicon is data a
# clerk adds to, read by no extractor; a label added there without an entry here is shown in Japanese.
LEXICON_LABELS = (
    N_("お金の管理・成年後見の相談"), N_("ひきこもりの相談"), N_("ひとり親家庭の相談"), N_("ボランティア・地域活動"),
    N_("不登校・いじめ・子どもの居場所の相談"), N_("仕事の相談"), N_("住まいの相談"), N_("体を動かす集まり"),
    N_("健康の相談"), N_("外出・移動・通院の手助け"), N_("外国籍の方への支援"), N_("子どもの発達の相談"),
    N_("子育て・子どもの相談"), N_("家族の介護・ケアの相談"), N_("暮らしの手助け・見守り"), N_("生活・お金の相談"),
    N_("虐待・暴力の相談"), N_("詐欺・悪質商法の相談"), N_("話し相手・居場所"), N_("認知症・もの忘れの相談"),
    N_("講座・学びの場"), N_("防災・避難の支援"), N_("障がいの相談"), N_("集まり・交流の場"), N_("食事の支援・会食"),
    N_("高齢の方の相談"), N_("高齢・介護の相談"),
)
UNDERSTOOD = N_("『%(word)s』を %(label)s")
EXPLAINED = N_("%(parts)s として探しました。")
WORDS = N_("%(words)s ということばで探しました。")
IN_DISTRICT = N_("%(name)s地区で探しました（市全体が対象の窓口・事業も含みます）。")
PLACE_FIRST = N_("『%(word)s』を含む案内を先に表示しました。")


@dataclass(frozen=True)
class NeedDesk:
    need: str  # vocabulary key, sent to /desk as need=
    label: str  # vocabulary text (高齢・介護のこと)


@dataclass(frozen=True)
class Understanding:
    explained: Markup  # 「『もの忘れ』を 認知症・もの忘れの相談 として探しました」, or ""
    words: Markup  # 「『介護』『相談』ということばで探しました」 when the query was split, or ""
    place_line: Markup  # 「久木地区で探しました」 / 「『大船』を含む案内を先に表示しました」, or ""
    drop_place_url: str  # the same search without the place, or ""
    desk: NeedDesk | None  # the desk finder preset with the need, shown first

    @property
    def shown(self) -> bool:
        return bool(self.explained or self.words or self.place_line or self.desk)


def _label(label: str, lang: str) -> Markup:
    said = translate(label, lang)
    return Markup('<span lang="ja">%s</span>') % label if lang == "en" and said == label else escape(said)


def _say(form: str, **values) -> Markup:
    """A line in the reader's words, its values escaped (the typed words are the reader's own)."""
    return Markup(escape(gettext(form))) % {k: v if isinstance(v, Markup) else escape(v) for k, v in values.items()}


def understanding_view(city_slug: str, query: str, interpreted: dict, needs_vocab: dict, params: dict) -> Understanding:
    lang = current_reading().lang
    understood = interpreted.get("understood") or []
    explained = Markup("")
    if understood:
        parts = [_say(UNDERSTOOD, word=u["word"], label=_label(u["label"], lang)) for u in understood]
        explained = _say(EXPLAINED, parts=Markup(", " if lang == "en" else "、").join(parts))
    words = interpreted.get("words") or []
    words_line = Markup("")
    if words and "".join(words) != "".join(query.split()):
        words_line = _say(WORDS, words="".join(f"『{w}』" for w in words))
    place = interpreted.get("place")
    place_line, drop = Markup(""), ""
    if place:
        if place["mode"] == "filter":
            place_line = _say(IN_DISTRICT, name=place["name"])
        else:
            place_line = _say(PLACE_FIRST, word=place["word"])
        drop = f"/{city_slug}/search?" + urlencode({**{k: v for k, v in params.items() if v}, "place": "off"})
    desk = None
    for need in interpreted.get("needs") or []:
        if need in needs_vocab:
            desk = NeedDesk(need, needs_vocab[need])
            break
    return Understanding(explained, words_line, place_line, drop, desk)
