"""The need lexicon (data/need_lexicon.csv): everyday words → needs, categories, targets.

Residents type what worries them (もの忘れ, お金に困って, 雪かき), not what a service is
called. The lexicon is data so that a 社協 clerk can add the words people use. Columns:

* `words`      – the everyday words and phrases, separated by `;` (spelling variants too)
* `needs`      – keys of `needs` in vocabulary.yaml (the desk finder's needs), `;`-separated
* `categories` – values of `categories` in vocabulary.yaml
* `targets`    – values of `targets` in vocabulary.yaml
* `label`      – how the page explains the match (「『もの忘れ』を 認知症・もの忘れの相談 として…」)
* `note`       – for the clerk; never shown

Words are compared after `analysis.normalize` (so ゴミ = ごみ, ｻﾛﾝ = サロン) and after the
spelling variants of data/synonyms.csv (車椅子 = 車いす, 障害 = 障がい, 子供 = 子ども).

`tsunagu check` validates the file with `check_lexicon`; `tsunagu build` writes the
compiled lexicon (`compile_lexicon`) into the build's index folder, and the searcher
reads it from there — never from data/.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from tsunagu.data.problems import ProblemList

from .analysis import normalize, reading_key
from .reading import to_reading
from .synonyms import Synonyms

LEXICON_FILE = "need_lexicon.csv"
COMPILED_FILE = "lexicon.json"
COLUMNS = ("words", "needs", "categories", "targets", "label", "note")
MIN_READING_KANA = 3  # a kana query matches a word's reading only from 3 kana (いご ≠ かいご)


@dataclass(frozen=True)
class LexiconRow:
    words: tuple[str, ...]
    needs: tuple[str, ...]
    categories: tuple[str, ...]
    targets: tuple[str, ...]
    label: str


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(";") if v.strip())


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(spreadsheet row number, row) of the CSV; [] when there is no file."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [(n, row) for n, row in enumerate(csv.DictReader(fh), start=2)]


def _vocabulary(data_dir: Path) -> dict:
    path = data_dir / "vocabulary.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def check_lexicon(data_dir: Path) -> ProblemList:
    """Problems of data/need_lexicon.csv as `file:row:column: message` (for `tsunagu check`)."""
    data_dir = Path(data_dir)
    problems = ProblemList()
    path = data_dir / LEXICON_FILE
    if not path.exists():
        return problems
    rel = LEXICON_FILE
    vocab = _vocabulary(data_dir)
    allowed = {"needs": set((vocab.get("needs") or {}).keys()), "categories": set(vocab.get("categories") or ()),
               "targets": set(vocab.get("targets") or ())}
    rows = read_rows(path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), [])
    for col in ("words", "label"):
        if col not in header:
            problems.error(rel, 1, col, f"列「{col}」がありません（列は {', '.join(COLUMNS)}）")
            return problems
    seen: dict[str, int] = {}
    for rowno, row in rows:
        words = _split(row.get("words"))
        if not words:
            problems.error(rel, rowno, "words", "words が空です。住民が使うことばを ; で区切って書いてください（例: もの忘れ;物忘れ）")
        for w in words:
            key = normalize(w).replace(" ", "")
            if len(key) < 2:
                problems.error(rel, rowno, "words", f"「{w}」は短すぎます。2文字以上のことばにしてください（1文字は多くの語に含まれます）")
            elif key in seen and seen[key] != rowno:
                problems.warn(rel, rowno, "words", f"「{w}」は {seen[key]} 行目にもあります。どちらか一方にしてください")
            else:
                seen[key] = rowno
        for col, values in allowed.items():
            for v in _split(row.get(col)):
                if v not in values:
                    problems.error(rel, rowno, col, f"「{v}」は vocabulary.yaml の {col} にありません。"
                                                    f"使える値: {'、'.join(sorted(values))}")
        if not any(_split(row.get(col)) for col in allowed):
            problems.error(rel, rowno, "needs", "needs・categories・targets のどれかを書いてください（行が何にもつながりません）")
        if not (row.get("label") or "").strip():
            problems.error(rel, rowno, "label", "label が空です。画面に出す説明を書いてください（例: 認知症・もの忘れの相談）")
    return problems


def load_rows(data_dir: Path) -> list[LexiconRow]:
    """The usable rows (rows `check_lexicon` would reject are left out, never guessed)."""
    data_dir = Path(data_dir)
    vocab = _vocabulary(data_dir)
    needs, cats, targets = (set((vocab.get("needs") or {}).keys()), set(vocab.get("categories") or ()),
                            set(vocab.get("targets") or ()))
    out = []
    for _, row in read_rows(data_dir / LEXICON_FILE):
        r = LexiconRow(_split(row.get("words")), tuple(v for v in _split(row.get("needs")) if v in needs),
                       tuple(v for v in _split(row.get("categories")) if v in cats),
                       tuple(v for v in _split(row.get("targets")) if v in targets), (row.get("label") or "").strip())
        if r.words and r.label and (r.needs or r.categories or r.targets):
            out.append(r)
    return out


def compile_lexicon(data_dir: Path, synonyms: Synonyms, out: Path) -> None:
    """Write the lexicon the searcher uses at request time: rows, plus every normalised
    key (variants included) → row number, and kana readings → row number."""
    rows = load_rows(data_dir)
    keys: dict[str, int] = {}
    readings: dict[str, int] = {}
    for i, r in enumerate(rows):
        for w in r.words:
            base = normalize(w).replace(" ", "")
            if len(base) < 2:
                continue
            for k in [base, *synonyms.variants(base)]:
                keys.setdefault(k, i)
            rk = reading_key(to_reading(w)).replace(" ", "")
            if sum(1 for ch in rk if "\u3041" <= ch <= "\u309f") >= MIN_READING_KANA:
                readings.setdefault(rk, i)
    payload = {"format": 1, "rows": [r.__dict__ for r in rows], "keys": keys, "readings": readings}
    Path(out).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


_PARTICLES = set("がのをにではもとやへ")


def _is_hira(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _inside_kana_word(text: str, start: int, key: str) -> bool:
    """A short all-kana key in the middle of a kana word (ろん in さろん, ぼけ in ねぼけ) is
    not that word; after a particle (母がぼけて) it is."""
    if len(key) > 2 or not all(_is_hira(ch) for ch in key) or start == 0:
        return False
    before = text[start - 1]
    return _is_hira(before) and before not in _PARTICLES


class Lexicon:
    """The compiled lexicon, as read by the searcher."""

    def __init__(self, rows: list[LexiconRow], keys: dict[str, int], readings: dict[str, int]):
        self.rows = rows
        self.keys = keys
        self.readings = readings
        # longest first, so 介護予防 is found before 介護 and ゴミ屋敷 before ゴミ
        self.by_length = sorted(keys, key=lambda k: (-len(k), k))

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls([], {}, {})
        rows = [LexiconRow(tuple(r["words"]), tuple(r["needs"]), tuple(r["categories"]), tuple(r["targets"]),
                           r["label"]) for r in data.get("rows", [])]
        return cls(rows, data.get("keys", {}), data.get("readings", {}))

    def row_of(self, word: str) -> LexiconRow | None:
        """The row a whole word belongs to (spelling or, for ≥ 3 kana, reading)."""
        key = normalize(word).replace(" ", "")
        i = self.keys.get(key)
        if i is None and all("\u3041" <= ch <= "\u309f" for ch in key):
            i = self.readings.get(reading_key(key))
        return self.rows[i] if i is not None else None

    def display(self, key: str) -> str:
        """The lexicon's own spelling of a normalised key (ゴミ出し for ごみ出し)."""
        row = self.rows[self.keys[key]]
        for w in row.words:
            if normalize(w).replace(" ", "") == key:
                return w
        return key

    def scan(self, text: str, taken: list[bool]) -> list[tuple[int, str, LexiconRow]]:
        """(position, key, row) of lexicon words inside normalised `text`, longest first,
        never overlapping each other or what `taken` marks (which is updated)."""
        found = []
        for key in self.by_length:
            start = text.find(key)
            while start >= 0:
                end = start + len(key)
                if not any(taken[start:end]) and not _inside_kana_word(text, start, key):
                    taken[start:end] = [True] * (end - start)
                    found.append((start, key, self.rows[self.keys[key]]))
                start = text.find(key, end if end > start else start + 1)
        return sorted(found, key=lambda f: f[0])
