"""Which desks cover an area guide's district, and the city's general desk where none does."""
from __future__ import annotations

from tsunagu.data.model import District


def sentence(text: str) -> str:
    """`text` as one sentence ending in exactly one 「。」 (the engine's reasons already end in one)."""
    text = text.strip().rstrip("。．.")
    return f"{text}。" if text else ""


def notes_text(notes: list[str]) -> str:
    """Sentences side by side, each ended once: never 「。）。」 or 「。。」 (issue 28)."""
    return "".join(dict.fromkeys(sentence(n) for n in notes if n.strip()))


def district_desks(catalog, geo, city_slug: str, district: District) -> tuple[list, str]:
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
            notes.append(answer.reason or f"{town}は、住所によって担当が分かれます")
    return [r for r in found.values() if r is not None], notes_text(notes)


def general_desks(catalog, geo, city_slug: str) -> list:
    """The desk the address engine answers for the city as a whole (a district with no desk of its own)."""
    city = catalog.city(city_slug)
    answer = geo.lookup_desk(city_slug, city.name, None, list(catalog.in_city(city_slug)))
    ids = [d.id for d in ([answer.desk] if answer.desk else answer.candidates)]
    return [catalog.resources[i] for i in ids if i in catalog.resources]
