"""The record's own text in other languages (issue 30.2): `name_en`, `description_en`, `description_easy`.

Optional columns, written by people who know the place — never a machine translation (a wrong word
about a welfare desk is worse than the Japanese with its reading, which the English page shows when
these are empty). `tsunagu check` catches what is plainly in the wrong column: Japanese in the English
name, an English description with no English in it, a やさしい日本語 text with no Japanese or one that is
the ordinary description copied over. A やさしい日本語 text is also held to the guideline the site's own
easy catalog keeps (tests/i18n/test_easy_japanese.py, the same rules): short sentences, です・ます, no double
negatives or honorific and written-style forms — as warnings, since the text is still better than none.
"""
from __future__ import annotations

import re

from .problems import ProblemList

LANGUAGE_COLUMNS = ("name_en", "description_en", "description_easy")
_JAPANESE = re.compile(r"[\u3041-\u309f\u30a1-\u30fa\u3400-\u4dbf\u4e00-\u9fff々]")
_LATIN = re.compile(r"[A-Za-z]")
_KANA = re.compile(r"[\u3041-\u309f\u30a1-\u30fa]")

# やさしい日本語's rules (the same as tests/i18n/test_easy_japanese.py; tests/i18n/test_easy_rules.py keeps them so).
EASY_MAX_CHARS = 40  # per sentence, spaces and markup left out
EASY_BANNED = ("ないわけでは", "なくはない", "ないことはない", "ざるを得", "かねます", "いたします", "させていただ",
               "ございます", "ご確認", "お問い合わせ", "ご相談", "〜", "隔週", "および", "ならびに")
EASY_POLITE_END = re.compile(r"(です|ます|ください|でした|ました|ません|ましょう|ですか|ますか|ませんか)$")


class Warn:
    """Reports one row's warnings: warn(column, message) (the row still loads)."""

    def __init__(self, problems: ProblemList, rel: str, rowno: int):
        self.problems, self.rel, self.rowno = problems, rel, rowno

    def __call__(self, column: str, message: str) -> None:
        self.problems.warn(self.rel, self.rowno, column, message)


def language_columns_ok(row: dict, err, warn) -> bool:
    """Checks of the three columns; `err(column, message)` refuses the row, `warn` only tells."""
    ok = True
    name_en, desc_en, easy = (row.get(c, "") or "" for c in LANGUAGE_COLUMNS)
    if name_en and (m := _JAPANESE.search(name_en)):
        ok = err("name_en", f"英語の名称に日本語の文字「{m.group()}」があります。"
                            "日本語の名前はローマ字で書いてください（例: Sakurayama Salon）")
    elif name_en and not _LATIN.search(name_en):
        ok = err("name_en", "英語の名称に英字がありません。英語かローマ字で書いてください")
    if desc_en and not _LATIN.search(desc_en):
        ok = err("description_en", "英語の説明に英字がありません。英語で書いてください（機械翻訳ではなく、人が書いた文を）")
    elif desc_en and len(_JAPANESE.findall(desc_en)) > len(_LATIN.findall(desc_en)):
        warn("description_en", "英語の説明に日本語が多く入っています。英語で書いてください"
                               "（会場の名前などは日本語のままでもかまいません）")
    if easy and not _KANA.search(easy):
        ok = err("description_easy", "やさしい日本語の説明に、ひらがな・カタカナがありません。やさしい日本語で書いてください")
    elif easy and easy.strip() == (row.get("description", "") or "").strip():
        warn("description_easy", "やさしい日本語の説明が、ふつうの説明と同じ文です。短い文で、やさしい言葉に書きかえてください")
    elif easy:
        for message in easy_problems(easy):
            warn("description_easy", message)
    return ok


def easy_sentences(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>|%\(\w+\)s", "", text)
    return [s.strip() for s in re.split(r"(?<=[。！？])", text) if s.strip()]


def easy_problems(text: str) -> list[str]:
    """What in a やさしい日本語 text breaks the guideline, in words a clerk can act on."""
    out = [f"やさしい日本語では「{b}」を使いません。ふつうの短いことばに書きかえてください" for b in EASY_BANNED if b in text]
    for s in easy_sentences(text):
        quoted = s if len(s) <= 15 else s[:12] + "…"
        if len(s.replace(" ", "")) > EASY_MAX_CHARS:
            out.append(f"「{quoted}」の文が長すぎます。1つの文は{EASY_MAX_CHARS}文字までにしてください")
        body = re.sub(r"（[^）]*）$", "", s.rstrip("。")).strip()  # a closing aside is not the verb
        if s.endswith("。") and len(body) > 3 and ": " not in body and not EASY_POLITE_END.search(body):
            out.append(f"「{quoted}」の文を「です・ます」で終えてください")
    return out
