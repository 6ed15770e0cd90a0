"""How the search page explains what it understood: the lines above the results.

Built from the searcher's `interpreted` (see tsunagu.search.response); the template only
displays it (macro `understanding` in macros/search.html).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class NeedDesk:
    need: str  # vocabulary key, sent to /desk as need=
    label: str  # vocabulary text (高齢・介護のこと)


@dataclass(frozen=True)
class Understanding:
    explained: str  # 「『もの忘れ』を 認知症・もの忘れの相談 として探しました」, or ""
    words: str  # 「『介護』『相談』ということばで探しました」 when the query was split, or ""
    place_line: str  # 「久木地区で探しました」 / 「『大船』を含む案内を先に表示しました」, or ""
    drop_place_url: str  # the same search without the place, or ""
    desk: NeedDesk | None  # the desk finder preset with the need, shown first

    @property
    def shown(self) -> bool:
        return bool(self.explained or self.words or self.place_line or self.desk)


def understanding_view(city_slug: str, query: str, interpreted: dict, needs_vocab: dict, params: dict) -> Understanding:
    understood = interpreted.get("understood") or []
    explained = ""
    if understood:
        parts = "、".join(f"『{u['word']}』を {u['label']}" for u in understood)
        explained = f"{parts} として探しました。"
    words = interpreted.get("words") or []
    words_line = ""
    if words and "".join(words) != "".join(query.split()):
        words_line = "".join(f"『{w}』" for w in words) + " ということばで探しました。"
    place = interpreted.get("place")
    place_line = drop = ""
    if place:
        if place["mode"] == "filter":
            place_line = f"{place['name']}地区で探しました（市全体が対象の窓口・事業も含みます）。"
        else:
            place_line = f"『{place['word']}』を含む案内を先に表示しました。"
        drop = f"/{city_slug}/search?" + urlencode({**{k: v for k, v in params.items() if v}, "place": "off"})
    desk = None
    for need in interpreted.get("needs") or []:
        if need in needs_vocab:
            desk = NeedDesk(need, needs_vocab[need])
            break
    return Understanding(explained, words_line, place_line, drop, desk)
