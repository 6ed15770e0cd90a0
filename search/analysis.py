"""Japanese text normalisation and n-gram tokenizers for the Whoosh index.

Japanese has no spaces, so Whoosh's word tokenizers index whole phrases as one
"word" and find almost nothing. We index overlapping character bigrams instead,
after folding the spelling variants residents actually type:

* NFKC: half-width ｻﾛﾝ → サロン, full-width ＡＢＣ１ → abc1, ㈱ → (株).
* katakana → hiragana, so サロン = さろん and ポール = ぽーる.
* ヶ/ヵ/ゖ (and ケ between kanji, as in 亀ケ岡) → が, so 亀ヶ岡 = 亀ケ岡 = 亀が岡.
* 旧字体 → 新字体 for the handful that occur in place and person names.
* small kana → large and the long-vowel mark ー dropped after kana, so
  ぽーるうぉーきんぐ = ポールウォーキング = ポールウオーキング.

The reading field additionally collapses long vowels (どう/どお/どー → ど) because
a typed reading and Sudachi's reading disagree on exactly those.

Whoosh pickles the schema, tokenizers included, into the index: the classes here
must stay importable as `tsunagu.search.analysis.<Name>` and hold only plain data.
Nothing heavy (no Sudachi) lives in them; readings are computed by `reading.py`
before the text reaches the index.
"""
from __future__ import annotations

import re
import unicodedata

from whoosh.analysis import Token, Tokenizer

from tsunagu import text as _text
from tsunagu.text import OLD_FORMS

# 旧字体/異体字, kana and control characters: the tables in tsunagu.text, shared with data and geo.
_OLD_TABLE = str.maketrans({k: v for k, v in OLD_FORMS.items() if k != v})
_KATA_TO_HIRA = {**_text.KATA_TO_HIRA, ord("ヵ"): ord("が"), ord("ヶ"): ord("が")}  # ヵ月, 三ヵ所: the ヶ family
_SMALL_TO_LARGE = str.maketrans(_text.SMALL_KANA + "ゖ", _text.LARGE_KANA + "が")
_LONG_MARKS = "ーｰ〜～"  # after NFKC ｰ is already ー; 〜 is sometimes typed for ー


def _is_kanji(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or ch in "々〆"


def _is_kana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f" or "\u30a1" <= ch <= "\u30fa"


def strip_controls(text: str) -> str:
    """Drop control and invisible formatting characters (they never help a search)."""
    return _text.strip_controls(text, keep="\t\n")


def normalize(text: str) -> str:
    """The canonical spelling used by both the index and the query (see module doc)."""
    text = unicodedata.normalize("NFKC", strip_controls(text)).lower()
    text = text.translate(_OLD_TABLE)
    # ケ between kanji (亀ケ岡, 霞ケ関) is the が of a place name; elsewhere it is ケ (ケア).
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch == "ケ" and 0 < i < len(chars) - 1 and _is_kanji(chars[i - 1]) and _is_kanji(chars[i + 1]):
            chars[i] = "が"
    out: list[str] = []
    for ch in chars:
        if ch in _LONG_MARKS:
            # ー after kana is a long vowel: drop it (both sides drop it, so it matches
            # both the ー and the vowel-less spelling). Elsewhere it is a dash.
            if out and _is_kana(out[-1]):
                continue
            out.append(" ")
            continue
        out.append(ch)
    text = "".join(out).translate(_KATA_TO_HIRA).translate(_SMALL_TO_LARGE)
    return text


# Vowel of each hiragana (for collapsing long vowels in readings).
_ROWS = {
    "a": "あかさたなはまやらわがざだばぱ",
    "i": "いきしちにひみりぎじぢびぴ",
    "u": "うくすつぬふむゆるぐずづぶぷゔ",
    "e": "えけせてねへめれげぜでべぺ",
    "o": "おこそとのほもよろをごぞどぼぽ",
}
_VOWEL_OF = {ch: v for v, chars in _ROWS.items() for ch in chars}
# (vowel of previous kana, this kana) pairs that only lengthen the previous one.
# ぢ/づ/を are typed as じ/ず/お by most people.
_READING_TABLE = str.maketrans("ぢづを", "じずお")
_LENGTHENERS = {("a", "あ"), ("i", "い"), ("u", "う"), ("e", "え"), ("e", "い"), ("o", "お"), ("o", "う")}


def reading_key(reading: str) -> str:
    """Fold a hiragana reading further: long vowels collapse (しょくどう = しょくどー = しょくど).

    Only used on the reading field, where the input is pure kana, so this cannot
    damage kanji text.
    """
    text = normalize(reading).translate(_READING_TABLE)
    out: list[str] = []
    for ch in text:
        if out and (_VOWEL_OF.get(out[-1]), ch) in _LENGTHENERS:
            continue
        out.append(ch)
    return "".join(out)


_WORD = re.compile(r"\w+")


def runs(text: str) -> list[str]:
    """Runs of letters/digits/kana/kanji: bigrams never cross spaces or punctuation."""
    return _WORD.findall(text.replace("_", " "))


def ngrams(text: str, *, unigrams: bool = False) -> list[str]:
    """Character bigrams of each run of already-normalised text; a 1-char run yields itself.

    With `unigrams=True`, every single character instead (the field used for 1-char queries).
    """
    grams: list[str] = []
    for run in runs(text):
        if unigrams:
            grams.extend(run)
        elif len(run) == 1:
            grams.append(run)
        else:
            grams.extend(run[i:i + 2] for i in range(len(run) - 1))
    return grams


class NgramTokenizer(Tokenizer):
    """Whoosh tokenizer: normalise (see `normalize`) then emit bigrams (or unigrams).

    `reading=True` applies `reading_key` first: for fields that hold hiragana readings.
    Positions are counted per gram; the fields are indexed without positions anyway.
    """

    def __init__(self, unigrams: bool = False, reading: bool = False):
        self.unigrams = unigrams
        self.reading = reading

    def __eq__(self, other):
        return (type(self) is type(other) and self.unigrams == other.unigrams
                and self.reading == other.reading)

    def __hash__(self):
        return hash((type(self), self.unigrams, self.reading))

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = reading_key(value) if self.reading else normalize(value)
        grams = ngrams(text, unigrams=self.unigrams) if tokenize else [text]
        for i, gram in enumerate(grams):
            t.text = gram
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = gram
            if positions:
                t.pos = start_pos + i
            if chars:  # offsets are approximate after normalisation; nothing here highlights
                t.startchar = start_char + i
                t.endchar = start_char + i + len(gram)
            yield t


def text_analyzer() -> NgramTokenizer:
    return NgramTokenizer()


def unigram_analyzer() -> NgramTokenizer:
    return NgramTokenizer(unigrams=True)


def reading_analyzer() -> NgramTokenizer:
    return NgramTokenizer(reading=True)
