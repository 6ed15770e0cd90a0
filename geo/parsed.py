"""ParsedAddress: what the parser read from an address (its own module so the parser's
helpers in parse_town.py can name it without importing the parser)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class ParsedAddress:
    pref: str | None = None
    city: str | None = None  # as written in Japanese (逗子市)
    city_slug: str | None = None
    town: str | None = None  # town_base (新宿), never with 丁目
    chome: int | None = None
    ban: int | None = None  # 番 (住居表示) or 地番 for towns without 丁目
    go: int | None = None  # 号, or the 枝番 of a 地番 (1892-2 → 2)
    building: str | None = None
    postal_code: str | None = None
    unparsed: str = ""
    normalized: str = ""
    # beyond the required fields
    koaza: str | None = None  # 小字 (池子字桟敷戸 → 桟敷戸)
    numbers_given: bool = False  # any number after the town at all
    bare: bool = False  # number(s) given for the 丁目-less town (大字 + 地番)
    other_city: str | None = None  # a municipality that is not one of ours (横須賀市, 東京都新宿区)
    # 大字X or X丁目 when the text cannot tell which (長野市三輪, 三輪1-5): both, 丁目 town first
    town_candidates: list = field(default_factory=list)
    postal_towns: list = field(default_factory=list)
    error: str | None = None  # why the text is not an address at all
    notes: list = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    def public(self) -> dict:
        return {k: getattr(self, k) for k in ("pref", "city", "town", "chome", "ban", "go", "building")}
