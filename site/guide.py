"""Which desks cover an area guide's district (the guide itself is `tsunagu.site.printed`)."""
from __future__ import annotations


def district_desks(catalog, geo, city_slug: str, district: dict) -> tuple[list, str]:
    """The general desks for a district's towns: matched, or every candidate with the reason."""
    towns = district.get("towns") or []
    resources = list(catalog.in_city(city_slug))
    found: dict[str, object] = {}
    notes = []
    for town in towns:
        answer = geo.lookup_desk(city_slug, town, None, resources).to_json()
        desks = [answer["desk"]] if answer.get("desk") else list(answer.get("candidates") or [])
        for d in desks:
            found.setdefault(d["id"], catalog.resources.get(d["id"]))
        if answer["status"] == "ambiguous":
            notes.append(f"{town}は番地によって担当が分かれます（{answer.get('reason', '')}）。")
    return [r for r in found.values() if r is not None], " ".join(notes)
