"""ふりがな: Japanese text → escaped HTML with `<ruby>漢字<rt>かんじ</rt></ruby>` on kanji runs (issue 30.4).

Readings come from SudachiPy (the finest split, mode A: 逗子市小坪 stays 逗子 / 市 / 小坪, each with a
ruby of its own), overridden by the readings we hold (`known`: surface → hiragana): records'
`name_kana`, the town table's kana, district kana. Sudachi misreads local names (山の根 → さんのね), and
a wrong reading on a place name sends a reader to the wrong place, so a held reading always wins — but
only where it stands on Sudachi's word boundaries (新町 inside 新町内会 is not the town).

Only kanji carry ruby; okurigana and kana stay outside it (休み → <ruby>休<rt>やす</rt></ruby>み).
Splitting a whole reading over the kanji runs of a word (篠ノ井 / しののい: 篠=しの, 井=い, not し / のい)
tries every split the kana between the runs allow and keeps the one whose runs agree most with
Sudachi's reading of each run alone.

The output is Markup built from escaped parts; nothing given to it is trusted. Results are cached per
instance (one instance per build and city, so the cache is bounded and dies with the build).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import jaconv
from markupsafe import Markup, escape
from sudachipy import SplitMode

from .reading import _tokenizer

# The characters a ruby is put on: kanji, 々 〆, and ヶ/ケ/ヵ between kanji (亀ヶ岡, 藤ケ谷: read が/か).
_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆"
_RUN = re.compile(f"[{_KANJI}](?:[ヶケヵ]?[{_KANJI}])*")
_HAS_KANJI = re.compile(f"[{_KANJI}]")
_KANJI_END = re.compile(f"[{_KANJI}ヶケヵ]+(?=[^{_KANJI}ヶケヵ])")
_KANA = re.compile(r"[\u3041-\u309f\u30a1-\u30faー]+")
_SPACE = re.compile(r"[\s\u3000・･]+")
_ALNUM = re.compile(r"([^\W_]+)")  # digits and letters (kanji and kana are taken out before)
MAX_ALIGNMENTS = 400  # splits tried per word; a name has a handful
MAX_CHUNK = 2000  # characters per Sudachi call (it refuses very long input)


def hira(text: str) -> str:
    """Katakana → hiragana (ヴ and the long mark kept)."""
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def has_kanji(text: str) -> bool:
    return _HAS_KANJI.search(text) is not None


class Furigana:
    """Ruby for one build and city. `known` maps a surface (e.g. 小坪, 大字三輪) to its hiragana reading."""

    def __init__(self, known: dict[str, str] | None = None, anchors: tuple[str, ...] = (), cache_size: int = 8192):
        """`anchors`: held surfaces cut out of the text before Sudachi reads it (city names: 長野市小路 would
        otherwise be read 長野 / 市小路, いちしょうじ). Other held surfaces apply on Sudachi's word edges."""
        self.known = {s: hira(_SPACE.sub("", k)) for s, k in (known or {}).items() if has_kanji(s) and k}
        self.longest = max((len(s) for s in self.known), default=0)
        cut = sorted((a for a in anchors if a in self.known), key=len, reverse=True)
        self._anchors = re.compile("(" + "|".join(map(re.escape, cut)) + ")") if cut else None
        self.html = lru_cache(maxsize=cache_size)(self._html)
        self._alone = lru_cache(maxsize=cache_size)(self._reading_alone)

    # -- public ----------------------------------------------------------------------------
    def _html(self, text: str) -> Markup:
        """`text` (plain, unescaped) as escaped HTML with ruby on its kanji."""
        if not has_kanji(text):
            return escape(text)
        out = []
        for surface, reading in self.parts(text):
            if reading is None:
                out.append(escape(surface))
            else:
                out.append(Markup("<ruby>{}<rt>{}</rt></ruby>").format(surface, reading))
        return Markup("").join(out)

    def parts(self, text: str) -> list[tuple[str, str | None]]:
        """(surface, reading) pieces of `text`; reading is None outside the kanji runs."""
        out: list[tuple[str, str | None]] = []
        for surface, reading, known in self._words(text):
            out.extend(self._split(surface, reading, known))
        return out

    def words(self, text: str) -> list[tuple[str, str]]:
        """(surface, hiragana reading) of each word, held readings first (for romaji beside a name)."""
        return [(s, hira(_SPACE.sub("", r))) for s, r, _ in self._words(text)]

    def reading(self, text: str) -> str:
        """The whole hiragana reading of `text` as the ruby gives it (kana kept, ruby for kanji)."""
        return "".join(hira(r if r is not None else s) for s, r in self.parts(text))

    # -- words: held readings first, Sudachi otherwise -----------------------------------------
    def _words(self, text: str) -> Iterator[tuple[str, str, bool]]:
        segments = self._anchors.split(text) if self._anchors else [text]
        for n, segment in enumerate(segments):
            if n % 2:  # an anchor (re.split puts the captured ones at odd places)
                yield segment, self.known[segment], True
            elif segment:
                yield from self._segment_words(segment)

    def _segment_words(self, text: str) -> Iterator[tuple[str, str, bool]]:
        tokens = list(_tokens(text))
        i = 0
        while i < len(tokens):
            best = self._known_at(tokens, i)
            if best is not None:
                j, surface, rest = best
                yield surface, self.known[surface], True
                yield from ((s, r, False) for s, r in _tokens(rest) if rest)
                i = j
                continue
            yield tokens[i][0], tokens[i][1], False
            i += 1

    def _known_at(self, tokens: list[tuple[str, str]], i: int) -> tuple[int, str, str] | None:
        """The longest held surface made of whole tokens from i — or ending where a token's kanji end
        (中条日高1番地 is read 中条 / 日 / 高1 / 番地) —: (index after it, surface, the cut token's rest)."""
        if not self.known:
            return None
        best = None
        surface = ""
        for j in range(i, len(tokens)):
            word = tokens[j][0]
            cut = _KANJI_END.match(word)
            if cut and cut.end() < len(word) and surface + cut.group() in self.known:
                best = (j + 1, surface + cut.group(), word[cut.end():])
            surface += word
            if len(surface) > self.longest:
                break
            if surface in self.known:  # みこと川: a held name may begin with kana
                best = (j + 1, surface, "")
        return best

    # -- one word: its reading split over its kanji runs -------------------------------------
    def _split(self, surface: str, reading: str, known: bool) -> list[tuple[str, str | None]]:
        if not has_kanji(surface):
            return [(surface, None)]
        pieces = _pieces(surface)
        target = hira(_SPACE.sub("", reading))
        if _HAS_KANJI.search(target) or not target:  # Sudachi had no reading (unknown word)
            return [(surface, None)]
        best = self._best_alignment(pieces, target) if not known or self._covers(surface, target) else None
        if best is not None:
            return best
        if known:  # a held reading that does not fit the written name: read the name as Sudachi does
            return [p for s, r, _ in ((t[0], t[1], False) for t in _tokens(surface)) for p in self._split(s, r, False)]
        return [(surface, target)]  # one ruby over the whole word rather than a wrong split

    def _covers(self, surface: str, target: str) -> bool:
        """Does a held reading read the whole name? One that leaves out a part (a name_kana without the
        name's bracketed 事業名) is far shorter than Sudachi's reading, and split over the name it would
        put wrong kana on every kanji after the gap."""
        if len(_RUN.findall(surface)) < 2:
            return True
        alone = sum(len(kana) for kana in _KANA.findall(self._alone(surface).replace("ー", "")))
        held = len(target.replace("ー", ""))
        return alone == 0 or 0.75 <= held / alone <= 1.34

    def _best_alignment(self, pieces: list[tuple[str, str]], target: str) -> list[tuple[str, str | None]] | None:
        best: tuple[float, list[str]] | None = None
        for n, groups in enumerate(_alignments(pieces, target)):
            if n >= MAX_ALIGNMENTS:
                break
            score = self._score(pieces, groups)
            if best is None or score > best[0]:
                best = (score, groups)
        if best is None:
            return None
        read = iter(best[1])
        out: list[tuple[str, str | None]] = []
        for kind, text in pieces:
            group = next(read) if kind != "l" else None
            if text:
                out.append((text, group if kind == "k" else None))
        return out

    def _score(self, pieces: list[tuple[str, str]], groups: list[str]) -> float:
        """How much a split agrees with Sudachi's reading of each piece alone (for latin letters, their
        kana: in → いん), with 2 kana a kanji as a tiebreak."""
        score = 0.0
        for (kind, text), group in zip([p for p in pieces if p[0] != "l"], groups, strict=True):
            if self._alone(text) == group:
                score += 1
            elif kind == "w" and group and not text.isalpha():
                score -= 0.5  # digits that took kana they do not read as (letters may be English: third)
            if kind == "k":
                score -= abs(len(group) / len(text) - 2) * 0.01
        return score

    def _reading_alone(self, text: str) -> str:
        if text.isascii() and text.isalpha():
            return jaconv.alphabet2kana(text.lower())
        return hira("".join(r for _, r in _tokens(text)))


def name_words(text: str) -> list[tuple[str, str]]:
    """Sudachi's middle-sized words of `text` (逗子市 / 西部 / 地域 …) as (surface, hiragana reading): where a
    held reading of a whole name (a record's name_kana) may be cut into words for its romaji."""
    return [(surface, hira(reading)) for surface, reading in _tokens(text, SplitMode.B)]


def _tokens(text: str, mode: SplitMode = SplitMode.A) -> Iterator[tuple[str, str]]:
    """Sudachi's finest words of `text`: (surface, katakana reading). The surfaces join back to `text`."""
    for start in range(0, len(text), MAX_CHUNK):
        chunk = text[start:start + MAX_CHUNK]
        try:
            morphemes = _tokenizer().tokenize(chunk, mode)
        except Exception:  # noqa: BLE001 - Sudachi refuses some inputs: such text just has no ruby
            yield chunk, ""
            continue
        for m in morphemes:
            yield m.surface(), m.reading_form()


def _pieces(surface: str) -> list[tuple[str, str]]:
    """A word as kanji runs ('k'), kana read as written ('l', in hiragana; spaces and marks read as
    nothing) and anything else ('w': digits, latin — read as the reading says)."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _RUN.finditer(surface):
        out.extend(_between(surface[pos:m.start()]))
        out.append(("k", m.group()))
        pos = m.end()
    out.extend(_between(surface[pos:]))
    return out


def _between(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _KANA.finditer(text):
        if m.start() > pos:
            out.extend(_other(text[pos:m.start()]))
        out.append(("l", m.group()))
        pos = m.end()
    if pos < len(text):
        out.extend(_other(text[pos:]))
    return out


def _other(text: str) -> list[tuple[str, str]]:
    """Spaces, brackets and marks (read as nothing: kind 'l' with no kana) apart from digits and letters
    (kind 'w', read as the reading says)."""
    return [("w" if part.isalnum() else "l", part) for part in _ALNUM.split(text) if part]


def _alignments(pieces: list[tuple[str, str]], target: str) -> Iterator[list[str]]:
    """Every way to read `target` as the pieces: kana as written, each kanji run at least a kana a kanji
    (者相談支援事業所 is never read しゃ: such a split means the held reading does not cover the name), others ≥ 0.
    Yields the readings of the pieces that are not kana ('k' and 'w'), in order."""
    def walk(i: int, pos: int, acc: list[str]) -> Iterator[list[str]]:
        if i == len(pieces):
            if pos == len(target):
                yield list(acc)
            return
        kind, text = pieces[i]
        if kind == "l":
            lit = hira(text) if _KANA.fullmatch(text) else ""
            if target.startswith(lit, pos):
                yield from walk(i + 1, pos + len(lit), acc)
            return
        least = len(text) - sum(text.count(c) for c in "ヶケヵ") if kind == "k" else 0
        for end in range(pos + least, len(target) + 1):
            acc.append(target[pos:end])
            yield from walk(i + 1, end, acc)
            acc.pop()
    yield from walk(0, 0, [])
