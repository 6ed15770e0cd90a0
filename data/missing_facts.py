"""Sentences in a description that say a fact is missing must follow the fields (issue 28.5).

The plans gave no times or phones, so many descriptions end 「日時・連絡先は計画に記載がありません。」. Once a
schedule or a phone is supplied (an import, an edit, a suggestion), that sentence would contradict the facts
right below it. The pages show the description as the fields allow (`reconcile`); `tsunagu check` and the
staff console say which sentence is left (`contradictions`), without blocking a publish.
"""
from __future__ import annotations

# sentence → the fields whose absence it states
SENTENCES: dict[str, tuple[str, ...]] = {
    "日時・連絡先は計画に記載がありません。": ("schedule", "phone"),
    "日時は計画に記載がありません。": ("schedule",),
    "連絡先は計画に記載がありません。": ("phone",),
}
LABELS = {"schedule": "日時", "phone": "電話"}


def contradictions(description: str, present: set[str]) -> list[str]:
    """The missing-fact sentences of `description` that a present field contradicts (the longest match
    first: 「連絡先は…」 inside 「日時・連絡先は…」 is not a sentence of its own)."""
    found, rest = [], description
    for sentence in sorted(SENTENCES, key=len, reverse=True):
        if sentence in rest:
            rest = rest.replace(sentence, "\0")
            if present & set(SENTENCES[sentence]):
                found.append(sentence)
    return found


def reconcile(description: str, present: set[str]) -> str:
    """The description with each contradicted sentence dropped, or narrowed to what is still missing."""
    for sentence in contradictions(description, present):
        still = [f for f in SENTENCES[sentence] if f not in present]
        narrower = next((s for s, fields in SENTENCES.items() if list(fields) == still), "")
        description = description.replace(sentence, narrower)
    return description


def present_fields(get) -> set[str]:
    """Which of the stated fields a record (or a row, through its `get`) has."""
    return {f for f in ("schedule", "phone") if (get(f) or "").strip()}


def message(sentence: str, present: set[str]) -> str:
    have = "・".join(LABELS[f] for f in SENTENCES[sentence] if f in present)
    return (f"説明の「{sentence}」が、入っている{have}と食い違います。住民のページではこの文を出しません。"
            "説明からこの文を消すか、書きかえてください")
