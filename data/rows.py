"""What a data row is: the column lists, the list and source cells, the Venue record.

Shared by the loader (which reads files) and the validator (which checks rows); living here,
neither has to import the other.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Source

RESOURCE_COLUMNS = (
    "id", "kind", "name", "name_kana", "categories", "targets", "needs", "district",
    "venue", "venue_text", "address", "town", "lat", "lon", "precision", "location_public",
    "phone", "schedule", "operator", "description", "url", "languages", "accessibility",
    "area", "status", "source", "last_verified", "notes",
    "fee", "how_to_join", "contact_hours",
    # Record text in other languages (issue 30.2): written by people, never machine-translated; optional.
    *("name_en", "description_en", "description_easy"),
)
REQUIRED_COLUMNS = ("id", "kind", "name", "source")
VENUE_COLUMNS = ("id", "name", "name_kana", "aliases", "address", "town", "lat", "lon",
                 "precision", "public", "facility_id", "source")
CORRECTION_COLUMNS = ("resource_id", "field", "as_printed", "corrected", "certainty", "note")
LIST_SEP = ";"


@dataclass
class Venue:
    id: str
    city: str
    name: str
    name_kana: str = ""
    aliases: tuple[str, ...] = ()
    address: str = ""
    town: str = ""
    lat: float | None = None
    lon: float | None = None
    precision: str = "none"
    public: bool = True
    facility_id: str = ""
    source: str = ""


def split_list(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(LIST_SEP) if v.strip())


def parse_source(text: str) -> tuple[Source, ...]:
    """`zushi-plan:1148-1152,1160; supplied:逗子市社協` -> Source tuples (ValueError if malformed)."""
    sources = []
    for part in split_list(text):
        kind, sep, rest = part.partition(":")
        if not sep or not rest.strip():
            raise ValueError(f"出典「{part}」の形が違います（例: zushi-plan:521 や supplied:逗子市社協）")
        if kind == "supplied":
            sources.append(Source(supplier=rest.strip()))
            continue
        lines: list[int] = []
        for chunk in rest.split(","):
            m = re.fullmatch(r"\s*(\d+)(?:\s*-\s*(\d+))?\s*", chunk)
            if not m:
                raise ValueError(f"出典「{part}」の行番号「{chunk}」が読めません（例: 1148-1152,1160）")
            a = int(m.group(1))
            b = int(m.group(2) or a)
            if b < a:
                raise ValueError(f"出典「{part}」の行の範囲が逆です")
            lines.extend(range(a, b + 1))
        sources.append(Source(plan=kind, lines=tuple(lines)))
    return tuple(sources)
