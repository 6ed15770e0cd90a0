"""The district sheet (地区版安心便利帳 on one A4 sheet, both sides), as data for the templates.

Front: the desk(s) covering the district, large; a numbered map; salons by weekday.
Back: city-wide help grouped by need, one line each; names with no contact folded into one
「ほかにも」 line per group. `Fit` says how much stays on the sheet: the rest goes to a second
sheet, and the sheet says what moved there (type is never made smaller to fit).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..guide import district_desks
from ..views import ResourceView, resource_view
from .needs import HelpGroup, group_help
from .stamp import as_of_text, page_url, qr_data_uri
from .weekdays import WeekdayGroup, group_by_weekday

BACK_KINDS = ("consultation_desk", "support_service")


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


@dataclass
class DistrictSheet:
    city: object
    district: dict
    title: str
    as_of: str
    url: str
    url_shown: str
    qr: str
    desks: list[ResourceView]
    desk_note: str
    desk_scope_note: str
    salon_count: int
    front_groups: list[WeekdayGroup]
    local_others: list[ResourceView]
    back_groups: list[HelpGroup]
    pins: list[tuple[int, float, float, bool]]
    unmapped: int
    fit: Fit = field(default_factory=Fit)
    more_groups: list[WeekdayGroup] = field(default_factory=list)
    more_help: list[HelpGroup] = field(default_factory=list)
    overflow: str = ""
    map_legend: str = ""

    @property
    def sheets(self) -> int:
        return 2 if self.overflow else 1


def general_desks(catalog, geo, city_slug: str) -> list:
    """The desk the address engine answers for the city as a whole (a district with no desk of its own)."""
    city = catalog.city(city_slug)
    answer = geo.lookup_desk(city_slug, city.name, None, list(catalog.in_city(city_slug))).to_json()
    ids = [d["id"] for d in ([answer["desk"]] if answer.get("desk") else answer.get("candidates") or [])]
    return [catalog.resources[i] for i in ids if i in catalog.resources]


def build_district_sheet(catalog, geo, city_slug: str, district_id: str, *, built: date, base_url: str,
                         fit: Fit | None = None) -> DistrictSheet | None:
    fit = fit or Fit()
    city = catalog.city(city_slug)
    district = city.district(district_id) if city else None
    if district is None:
        return None
    whole_city = district_id == "all"
    in_city = list(catalog.in_city(city_slug))
    desks, desk_note = ([], "") if whole_city else district_desks(catalog, geo, city_slug, district)
    scope_note = ""
    if not desks:
        desks = general_desks(catalog, geo, city_slug)
        scope_note = ("この地区だけを受け持つ窓口は計画にありません。市全体の総合窓口です。" if not whole_city
                      else "市全体の総合窓口です。")
    front_ids = {d.id for d in desks}
    if whole_city:
        local = [r for r in in_city if r.id not in front_ids]
        salons = [r for r in local if r.kind == "salon"]
        others: list = []
        back = [r for r in local if r.kind != "salon"]
    else:
        local = [r for r in in_city if r.district == district_id and r.id not in front_ids]
        desks += [r for r in local if r.kind == "consultation_desk"]
        front_ids = {d.id for d in desks}
        salons = [r for r in local if r.kind == "salon"]
        # Salons that meet all over the city belong with the city-wide help on the back.
        back_salons = [r for r in in_city if r.kind == "salon" and not r.district]
        others = [r for r in local if r.kind not in ("salon", "consultation_desk")]
        # Desks tied to another address area (逗子's 包括) are not usable "whatever the district".
        back = back_salons + [r for r in in_city if not r.district and r.id not in front_ids
                              and r.kind in BACK_KINDS and r.area in ("", "city")]
    n = 0
    views: dict[str, list[ResourceView]] = {"desks": [], "salons": [], "others": []}
    for key, records in (("desks", desks), ("salons", salons), ("others", others)):
        for r in records:
            n += 1
            views[key].append(resource_view(r, catalog, number=n))
    numbered = views["desks"] + views["salons"] + views["others"]
    pins = [(v.number, v.lat, v.lon, v.kind == "consultation_desk") for v in numbered if v.pinned]
    back_views = [resource_view(r, catalog) for r in back]
    url, shown = page_url(base_url, f"/{city_slug}/areas/{district_id}")
    sheet = DistrictSheet(
        city=city, district=district, title=f"{city.name} {district['name']}",
        as_of=as_of_text(built, [v.last_verified for v in numbered + back_views]),
        url=url, url_shown=shown, qr=qr_data_uri(url), desks=views["desks"], desk_note=desk_note,
        desk_scope_note=scope_note, salon_count=len(views["salons"]), front_groups=[],
        local_others=views["others"], back_groups=[], pins=pins, unmapped=len(numbered) - len(pins), fit=fit)
    _apply_fit(sheet, views["salons"], group_help(back_views))
    return sheet


def _apply_fit(sheet: DistrictSheet, salons: list[ResourceView], help_groups: list[HelpGroup]) -> None:
    entries = [(g.label, it) for g in group_by_weekday(salons) for it in g.items]
    k = len(entries) if sheet.fit.salons_on_front is None else sheet.fit.salons_on_front
    j = len(help_groups) if sheet.fit.groups_on_back is None else sheet.fit.groups_on_back
    sheet.front_groups = _regroup(entries[:k])
    sheet.more_groups = _regroup(entries[k:])
    sheet.back_groups = help_groups[:j]
    sheet.more_help = help_groups[j:]
    moved = []
    if entries[k:]:
        numbers = sorted({it.number for _, it in entries[k:]})
        moved.append(f"サロン{len(numbers)}件（番号{numbers[0]}〜{numbers[-1]}）")
    if help_groups[j:]:
        moved.append("裏面の「" + "」「".join(g.title for g in help_groups[j:]) + "」")
    if moved:
        sheet.overflow = ("1枚に入りきらなかったため、" + "と".join(moved)
                          + "を2枚目に載せています（文字は小さくしていません）。")


def _regroup(entries: list[tuple[str, ResourceView]]) -> list[WeekdayGroup]:
    groups: dict[str, list] = {}
    for label, it in entries:
        groups.setdefault(label, []).append(it)
    return [WeekdayGroup(label, tuple(items)) for label, items in groups.items()]
