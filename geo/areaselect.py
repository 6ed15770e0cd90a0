"""Choosing desks among the directory's resources (Resource objects or their dicts).

Documented rules:
* The *general desk* of a city without area rules is the one named in
  data/areas/<city>.yaml `general_desk` (by `id`, else by exact `name`); if neither is
  in the resources, there is none and the finder says so instead of picking another.
* The desks for a *need* are the consultation_desk rows whose `needs` include it. Among
  them the most specific (fewest needs) is answered first; the rest go to `also`.
"""
from __future__ import annotations

from .answers import DeskRef

NEED_ALIASES = {
    "高齢者": "高齢", "介護": "高齢", "高齢・介護": "高齢", "障害": "障がい", "障碍": "障がい", "障がい者": "障がい",
    "子ども": "子育て", "子供": "子育て", "子育て・子ども": "子育て", "困窮": "生活困窮", "お金": "生活困窮",
    "成年後見": "権利擁護", "ひきこもり・不登校": "ひきこもり", "介護者": "ケアラー",
    "認知症": "高齢", "もの忘れ": "高齢", "物忘れ": "高齢",
}


def get(r, key: str, default=None):
    if isinstance(r, dict):
        return r.get(key, default)
    return getattr(r, key, default)


def norm_need(need: str | None) -> str | None:
    if not need:
        return None
    need = need.strip()
    return NEED_ALIASES.get(need, need)


def desk_ref(r) -> DeskRef:
    """The desk as every answer shows it: the one place the privacy rule applies to a desk (a private
    place shows no address)."""
    public = get(r, "location_public", True)
    return DeskRef(id=get(r, "id", ""), name=get(r, "name", ""), phone=get(r, "phone", "") or "",
                   address=(get(r, "address", "") or "") if public is not False else "", url=get(r, "url", "") or "")


def _desks(city: str, resources) -> list:
    return [r for r in resources or [] if get(r, "city") == city and get(r, "kind") == "consultation_desk"
            and get(r, "status", "") not in ("closed", "廃止")]


def general_desk(city: str, cr, resources) -> DeskRef | None:
    spec = cr.general_desk if cr else {}
    desks = _desks(city, resources)
    for key in ("id", "name"):
        want = spec.get(key)
        if want:
            for r in desks:
                if get(r, key) == want:
                    return desk_ref(r)
    return None


def need_desks(city: str, need: str | None, resources) -> list:
    need = norm_need(need)
    if not need:
        return []
    return [r for r in _desks(city, resources) if need in (get(r, "needs") or ())]


SPECIALIST_MAX_NEEDS = 2


def choose_for_need(need: str | None, fitting: list, general: DeskRef | None,
                    general_needs: tuple = ()) -> tuple[DeskRef | None, list[DeskRef]]:
    """(desk, also) for a need among the desks that serve the address.

    1. a specialist (≤ 2 needs) — the fewest needs first, then file order;
    2. else the general desk of the address, if it lists the need;
    3. else the desk with the fewest needs.
    `also` starts with the general desk (when it is not the answer), then the other fits.
    """
    need = norm_need(need)
    ranked = sorted(fitting, key=lambda r: len(get(r, "needs") or ()))
    specialists = [r for r in ranked if len(get(r, "needs") or ()) <= SPECIALIST_MAX_NEEDS]
    if specialists:
        desk = desk_ref(specialists[0])
    elif general and need in general_needs:
        desk = general
    elif ranked:
        desk = desk_ref(ranked[0])
    else:
        return None, []
    also = [general] if general and general.id != desk.id else []
    seen = {desk.id, *(d.id for d in also)}
    for r in ranked:
        if get(r, "id") not in seen:
            also.append(desk_ref(r))
            seen.add(get(r, "id"))
    return desk, also


def specialist_for(need: str | None, fitting: list) -> DeskRef | None:
    """The first specialist (≤ 2 needs) among city-wide desks: valid whatever the area."""
    ranked = sorted(fitting, key=lambda r: len(get(r, "needs") or ()))
    best = next((r for r in ranked if len(get(r, "needs") or ()) <= SPECIALIST_MAX_NEEDS), None)
    return desk_ref(best) if best is not None else None


def needs_of(desk_id: str, resources) -> tuple:
    for r in resources or []:
        if get(r, "id") == desk_id:
            return tuple(get(r, "needs") or ())
    return ()
