"""Which desks cover an area guide's district, and the city's general desk where none does."""
from __future__ import annotations

from tsunagu.data.model import District

from .words import JAPANESE, N_, Words


def sentence(text: str, lang: str = "ja") -> str:
    """`text` as one sentence ending in exactly one 「。」 (the engine's reasons already end in one);
    in English one full stop and a space before the next."""
    text = text.strip().rstrip("。．.")
    end = ". " if lang == "en" and not text.endswith("。") else "。"
    return f"{text}{end}" if text else ""


def notes_text(notes: list[str], lang: str = "ja") -> str:
    """Sentences side by side, each ended once: never 「。）。」 or 「。。」 (issue 28)."""
    return "".join(dict.fromkeys(sentence(n, lang) for n in notes if n.strip())).strip()


def district_desks(catalog, geo, city_slug: str, district: District, words: Words = JAPANESE) -> tuple[list, str]:
    """The general desks for a district's towns: matched, or every candidate with the reason."""
    towns = district.towns
    resources = list(catalog.in_city(city_slug))
    found: dict[str, object] = {}
    notes = []
    for town in towns:
        answer = geo.lookup_desk(city_slug, town, None, resources)
        for d in [answer.desk] if answer.desk else answer.candidates:
            found.setdefault(d.id, catalog.resources.get(d.id))
        if answer.status == "ambiguous":
            # The engine's reason already says what splits the town (丁目, 番, 号) and between which desks;
            # wrapping it in a sentence of our own named 番地 beside its 丁目 and doubled the 「。」.
            notes.append(words.answer(answer.reason) if answer.reason
                         else words(N_("%(town)sは、住所によって担当が分かれます")) % {"town": town})
    return [r for r in found.values() if r is not None], notes_text(notes, words.lang)


def general_desks(catalog, geo, city_slug: str) -> list:
    """The desk the address engine answers for the city as a whole (a district with no desk of its own)."""
    city = catalog.city(city_slug)
    answer = geo.lookup_desk(city_slug, city.name, None, list(catalog.in_city(city_slug)))
    ids = [d.id for d in ([answer.desk] if answer.desk else answer.candidates)]
    return [catalog.resources[i] for i in ids if i in catalog.resources]
