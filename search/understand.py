"""How a query is understood: from what a resident typed to the concepts that are searched.

「母がもの忘れするようになった」 is not a name; it is one worry (もの忘れ → 認知症・高齢).
Each space-separated chunk of the query is read in this order:

1. the whole chunk is a lexicon word (運動, もの忘れ, かいご by its reading) → one concept;
2. the whole chunk matches the index as it is (a name, a word: サロン桜山, ふれあい) → one
   concept, so a name query still finds that name first;
3. otherwise lexicon words and place names are found inside it (longest first), and
   SudachiPy splits the rest: content words (nouns, verbs, adjectives) are kept, particles,
   auxiliaries and endings (の が を に で かも したい ている てほしい ところ) are dropped.

Romaji chunks (salon, kosodate) also search their kana (jaconv). The searcher then ranks
records by how many concepts they cover (OR semantics), see searcher.py.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import jaconv
from sudachipy import SplitMode

from .analysis import normalize, runs, strip_controls
from .lexicon import Lexicon, LexiconRow
from .places import Place, Places
from .reading import _tokenizer

# Content words that say nothing about what to find (dictionary forms, normalised).
STOP_WORDS = frozenset(normalize(w) for w in (
    "する", "いる", "ある", "なる", "できる", "思う", "言う", "いう", "ない", "よい", "いい", "ほしい", "欲しい",
    "こと", "もの", "ところ", "ため", "よう", "方", "何", "どこ", "近く", "知る", "教える", "探す", "さがす",
    "分かる", "わかる", "行く", "来る", "くる", "いく", "使う", "受ける", "もらう", "くれる", "みる", "見る",
    "母", "父", "夫", "妻", "祖母", "祖父", "息子", "娘", "私", "自分", "最近", "今", "時", "場所", "情報",
    "大変", "心配", "困る", "不安", "助ける", "頼む", "相手", "人", "たい", "的", "しれる", "かも", "みたい",
))
KEEP_POS = ("名詞", "動詞", "形容詞", "形状詞")
DROP_SUB = ("非自立可能", "数詞", "代名詞", "助動詞語幹", "副詞可能")
MAX_CONCEPTS = 8


@dataclass
class Concept:
    word: str  # as shown ("もの忘れ")
    key: str  # normalised, what is searched
    row: LexiconRow | None = None
    kana: str = ""  # the kana of a romaji word
    place: Place | None = None
    hits: dict | None = None  # the words' matches per city index, when already run (whole chunks)


@dataclass
class Interpretation:
    concepts: list[Concept] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    guessed: bool = False  # a chunk was split into words without a lexicon word or place in it

    @property
    def needs(self) -> list[str]:
        return list(dict.fromkeys(n for c in self.concepts if c.row for n in c.row.needs))

    @property
    def understood(self) -> list[tuple[str, str]]:
        """(word as typed, lexicon label) for the explanation line."""
        return list(dict.fromkeys((c.word, c.row.label) for c in self.concepts if c.row))

    @property
    def words(self) -> list[str]:
        return [c.word for c in self.concepts]


def romaji_kana(word: str) -> str:
    """Hiragana for a romaji word (salon → さろん), or "" when it is not clean romaji."""
    if len(word) < 3 or not word.isascii() or not word.isalpha():
        return ""
    kana = jaconv.alphabet2kana(word.lower())
    ok = all("\u3041" <= ch <= "\u309f" or ch == "ー" for ch in kana) and not kana.endswith("っ")
    return kana if ok else ""


def content_words(text: str) -> list[tuple[str, str]]:
    """(surface, dictionary form) of the content words of `text` (SudachiPy, mode C)."""

    try:
        morphemes = _tokenizer().tokenize(text, SplitMode.C)
    except Exception:  # noqa: BLE001 - Sudachi rejects some inputs: fall back to the runs themselves
        return [(w, w) for w in runs(text)]
    out = []
    for m in morphemes:
        pos = m.part_of_speech()
        if pos[0] not in KEEP_POS or pos[1] in DROP_SUB or pos[2] in DROP_SUB:
            continue
        surface, base = m.surface(), m.dictionary_form()
        if pos[0] in ("動詞", "形容詞"):  # 借りたい → 借りる: the word, not its ending
            surface = base
        if normalize(base) in STOP_WORDS or normalize(surface) in STOP_WORDS or not runs(normalize(surface)):
            continue
        out.append((surface, base))
    return out


class Understander:
    def __init__(self, lexicon: Lexicon, places: Places):
        self.lexicon = lexicon
        self.places = places

    def understand(self, text: str, city: str | None, matches: Callable[[str, str], dict],
                   use_places: bool = True) -> Interpretation:
        """Concepts of `text` (already cleaned). `matches(word, kana)` returns what a word as
        a whole finds in the city (step 2 of the module doc), kept for the ranking."""
        out = Interpretation()
        seen: set[str] = set()

        def add(c: Concept) -> None:
            if c.key and c.key not in seen and len(out.concepts) < MAX_CONCEPTS:
                seen.add(c.key)
                out.concepts.append(c)

        plain = unicodedata.normalize("NFKC", strip_controls(text))
        for chunk in plain.split():
            key = normalize(chunk)  # punctuation kept: サロン・ド・桜 is searched as written
            if not runs(key):
                continue
            kana = romaji_kana("".join(runs(key)))
            row = self.lexicon.row_of(key) or (self.lexicon.row_of(kana) if kana else None)
            place = self._whole_place(city, key) if use_places else None
            if row is not None:
                add(Concept(chunk, key, row, kana))
            elif place is not None:
                add(Concept(chunk, key, None, kana, place))
                out.places.append(place)
            elif hits := matches(key, kana):
                add(Concept(chunk, key, None, kana, None, hits))
            else:
                self._split(chunk, city, use_places, out, add)
        return out

    def _whole_place(self, city: str | None, key: str) -> Place | None:
        return self.places.whole(city, key)

    def _split(self, chunk: str, city, use_places: bool, out: Interpretation, add) -> None:
        norm = normalize(chunk)
        taken = [not ch.strip() for ch in norm]
        hits: list[tuple[int, Concept]] = []
        for pos, key, lex_row in self.lexicon.scan(norm, taken):
            hits.append((pos, Concept(self.lexicon.display(key), key, lex_row)))
        if use_places:
            for pos, place in self.places.scan(city, norm, taken):
                hits.append((pos, Concept(place.key, place.key, None, "", place)))
                out.places.append(place)
        spans = [c.key for _, c in hits]
        if not hits:
            out.guessed = True
        for _pos, c in sorted(hits, key=lambda h: h[0]):
            add(c)
        for surface, base in content_words(chunk):
            key = "".join(runs(normalize(surface)))
            if not key or any(key in s for s in spans):
                continue
            row: LexiconRow | None = self.lexicon.row_of(key) or self.lexicon.row_of(base)
            kana = romaji_kana(key)
            if row is None and kana:
                row = self.lexicon.row_of(kana)
            add(Concept(surface, key, row, kana))
