"""A desk's covered area as HSDS service_areas: the town words of data/areas/<city>.yaml, as printed and as read.

HSDS's `extent` is a polygon; the area's real boundary is 番/号 rules over 町丁目, which a polygon would only
approximate, so each area is its name plus the printed wording and the rules in words (`description`).
"""
from __future__ import annotations

from tsunagu.data.model import City, Resource

from .ids import hsds_id
from .models import ServiceArea


def service_areas(r: Resource, city: City, city_rules, sid: str) -> list[ServiceArea]:
    if r.kind != "consultation_desk" or not r.area:
        return []
    if r.area == "city":
        return [ServiceArea(id=hsds_id(sid, "area", "city"), service_id=sid, name=city.name,
                            description=f"{city.name}全域", extent_type="tsunagu_city")]
    area = city_rules.area(r.area) if city_rules is not None else None
    if area is None:
        return []
    rules = "、".join(rule.words() for rule in area.rules)
    text = f"計画の記載: {area.printed_text}" + (f"。読み方: {rules}" if rules else "")
    return [ServiceArea(id=hsds_id(sid, "area", area.id), service_id=sid, name=area.name, description=text,
                        extent_type="tsunagu_town_rules")]
