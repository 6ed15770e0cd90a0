"""What a district sheet shows, as data that round-trips through JSON.

The build writes one `DistrictSheet` per district (`guides/guide-<city>-<district>.sheet.json`,
see files.py); the web page reads it back and renders it with the same macros as the PDF, so the
page never recomputes a guide. Only what the sheet prints is kept: nothing that depends on the day
it is read (next dates, "out of date" marks) — the sheet says the date it is true for.
"""
from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from tsunagu.data.model import District


class SheetItem(BaseModel):
    """One place, desk or service as a sheet prints it (privacy already applied: see sheet_item)."""
    model_config = ConfigDict(frozen=True)

    id: str
    url: str
    name: str
    kind: str
    kind_label: str
    place: str = ""
    address: str = ""
    phone: str = ""
    schedule: str = ""
    description: str = ""
    categories: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    last_verified: str = ""
    number: int = 0
    lat: float | None = None
    lon: float | None = None
    # On a sheet in another language (issue 30.5): "ja" where the name / schedule is still the Japanese (no
    # name_en; a schedule the parser could not word), which the sheet marks lang="ja"; the name's romaji.
    name_lang: str = ""
    name_reading: str = ""
    schedule_said: str = ""

    @property
    def pinned(self) -> bool:
        return self.lat is not None and self.lon is not None


class DayGroup(BaseModel):
    label: str
    items: tuple[SheetItem, ...]


class HelpLine(BaseModel):
    name: str
    purpose: str
    reach: str
    name_lang: str = ""  # "ja": a Japanese name on a sheet in another language


class HelpGroup(BaseModel):
    key: str
    title: str
    lines: list[HelpLine] = []
    others: list[str] = []  # names with no contact: one 「ほかにも」 line


@dataclass(frozen=True)
class Fit:
    """How much of the district fits on one sheet. None = everything."""
    salons_on_front: int | None = None
    groups_on_back: int | None = None
    map_height_mm: int = 95

    def to_json(self) -> dict:
        return {"salons_on_front": self.salons_on_front, "groups_on_back": self.groups_on_back,
                "map_height_mm": self.map_height_mm}

    @classmethod
    def from_json(cls, d: dict | None) -> Fit:
        return cls(**d) if d else cls()


class CityRef(BaseModel):
    slug: str
    name: str


class DistrictSheet(BaseModel):
    """地区版安心便利帳 on one A4 sheet (both sides), plus what moved to a second sheet."""
    city: CityRef
    district: District
    title: str
    as_of: str
    url: str
    url_shown: str
    qr: str
    desks: list[SheetItem]
    desk_note: str
    desk_scope_note: str
    salon_count: int
    front_groups: list[DayGroup]
    local_others: list[SheetItem]
    back_groups: list[HelpGroup]
    pins: list[tuple[int, float, float, bool]]
    unmapped: int
    fit: Fit = Fit()
    more_groups: list[DayGroup] = []
    more_help: list[HelpGroup] = []
    overflow: str = ""
    map_legend: str = ""
    contact_note: str = ""  # none of the desks above has a phone or place: whom to ask instead (contact.py)
    registered: bool = True  # False: the city has no record yet (just added), and the sheet says so
    lang: str = "ja"  # the sheet's language (ja, en, easy: issue 30.5)
    own_text_note: str = ""  # some records have no text of their own in that language: the sheet says so

    @property
    def sheets(self) -> int:
        return 2 if self.overflow else 1

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str | bytes) -> DistrictSheet:
        return cls.model_validate_json(text)


class CityGuides(BaseModel):
    """What the city's areas index shows that needs the whole catalog: records per district."""
    city: str
    counts: dict[str, int]
