"""The district sheet (地区版安心便利帳 on one A4 sheet, both sides), as data for the templates.

Front: the desk(s) covering the district, large; a numbered map; salons by weekday.
Back: city-wide help grouped by need, one line each; names with no contact folded into one
「ほかにも」 line per group. `Fit` says how much stays on the sheet: the rest goes to a second
sheet, and the sheet says what moved there (type is never made smaller to fit).
"""
from __future__ import annotations

from datetime import date

from tsunagu.catalog import public_place
from tsunagu.data.missing_facts import present_fields, reconcile
from tsunagu.data.model import KIND_LABELS, District, Resource
from tsunagu.text import office_name

from .contact import ask_note
from .desks import district_desks, general_desks
from .model import CityRef, DayGroup, DistrictSheet, Fit, HelpGroup, SheetItem
from .needs import group_help
from .stamp import as_of_text, page_url, qr_data_uri
from .weekdays import group_by_weekday
from .words import JAPANESE, N_, Words

BACK_KINDS = ("consultation_desk", "support_service")


def sheet_item(r: Resource, catalog, number: int = 0, words: Words = JAPANESE) -> SheetItem:
    """A record as a sheet prints it: a private home shows its town only and gets no pin; on a sheet in
    another language, with the record's own text in it where staff wrote one (words.record)."""
    place, address = public_place(r, catalog.venues)
    pinned = r.location_public and r.lat is not None and r.lon is not None and r.precision != "none"
    fields = {"name": r.name, "description": reconcile(r.description, present_fields(lambda f: getattr(r, f))),
              "place": place}
    return SheetItem(
        id=r.id, url=f"/{r.city}/resources/{r.id}", kind=r.kind,
        kind_label=words(KIND_LABELS.get(r.kind, r.kind)), address=address, phone=r.phone,
        schedule=r.schedule, categories=r.categories, targets=r.targets,
        last_verified=r.last_verified, number=number,
        lat=r.lat if pinned else None, lon=r.lon if pinned else None, schedule_said=words.schedule(r.schedule),
        **(fields | words.record(r)))


def _records(catalog, geo, city_slug: str, district_id: str, district: District, city_name: str,
             words: Words = JAPANESE):
    """(desks, desk note, scope note, salons, local others, back) for one district."""
    whole_city = district_id == "all"
    in_city = list(catalog.in_city(city_slug))
    desks, desk_note = ([], "") if whole_city else district_desks(catalog, geo, city_slug, district, words)
    scope_note = ""
    if not desks:
        desks = general_desks(catalog, geo, city_slug)
        scope_note = words(N_("この地区だけを受け持つ窓口は計画にありません。市全体の総合窓口です。") if not whole_city
                           else N_("市全体の総合窓口です。"))
        if not desks:  # a city just added (tsunagu city add), whose directory is still empty
            scope_note = words(N_("%(city)sの相談窓口は、まだ登録されていません。%(office)sの福祉の担当課にお問い合わせください。")) % {
                "city": city_name, "office": office_name(city_name)}
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
        # Salons that meet all over the city belong with the city-wide help on the back; a salon with a town
        # whose district is not known is not city-wide and stays off every district's back (issue 28.4).
        back_salons = [r for r in in_city if r.kind == "salon" and not r.district and not r.town]
        others = [r for r in local if r.kind not in ("salon", "consultation_desk")]
        # Desks tied to another address area (逗子's 包括) are not usable "whatever the district".
        back = back_salons + [r for r in in_city if not r.district and r.id not in front_ids
                              and r.kind in BACK_KINDS and r.area in ("", "city")]
    return desks, desk_note, scope_note, salons, others, back


def build_district_sheet(catalog, geo, city_slug: str, district_id: str, *, built: date, base_url: str,
                         fit: Fit | None = None, words: Words = JAPANESE) -> DistrictSheet | None:
    fit = fit or Fit()
    city = catalog.city(city_slug)
    district = city.district(district_id) if city else None
    if district is None:
        return None
    desks, desk_note, scope_note, salons, others, back = _records(catalog, geo, city_slug, district_id, district,
                                                                        city.name, words)
    n = 0
    items: dict[str, list[SheetItem]] = {"desks": [], "salons": [], "others": []}
    for key, records in (("desks", desks), ("salons", salons), ("others", others)):
        for r in records:
            n += 1
            items[key].append(sheet_item(r, catalog, number=n, words=words))
    numbered = items["desks"] + items["salons"] + items["others"]
    pins = [(v.number, v.lat, v.lon, v.kind == "consultation_desk") for v in numbered
            if v.lat is not None and v.lon is not None]
    back_items = [sheet_item(r, catalog, words=words) for r in back]
    params = [] if words.lang == "ja" else [("lang", words.lang)]
    url, shown = page_url(base_url, f"/{city_slug}/areas/{district_id}", params)
    sheet = DistrictSheet(
        city=CityRef(slug=city.slug, name=city.name), district=district, title=f"{city.name} {district.name}",
        as_of=as_of_text(built, [v.last_verified for v in numbered + back_items], words),
        url=url, url_shown=shown, qr=qr_data_uri(url), desks=items["desks"], desk_note=desk_note,
        desk_scope_note=scope_note, salon_count=len(items["salons"]), front_groups=[],
        local_others=items["others"], back_groups=[], pins=pins, unmapped=len(numbered) - len(pins), fit=fit,
        registered=any(True for _ in catalog.in_city(city_slug)), lang=words.lang,
        own_text_note=words.own_text_note(numbered + back_items))
    # The back's 「上の総合窓口」 are the first three desks of the front.
    sheet.contact_note = "" if not items["desks"] else ask_note(items["desks"][:3], [sheet_item(r, catalog, words=words) for r in general_desks(
        catalog, geo, city_slug)], shown, words)
    _apply_fit(sheet, items["salons"], group_help(back_items, words), words)
    return sheet


def _apply_fit(sheet: DistrictSheet, salons: list[SheetItem], help_groups: list[HelpGroup],
               words: Words = JAPANESE) -> None:
    entries = [(words(g.label), it) for g in group_by_weekday(salons) for it in g.items]
    k = len(entries) if sheet.fit.salons_on_front is None else sheet.fit.salons_on_front
    j = len(help_groups) if sheet.fit.groups_on_back is None else sheet.fit.groups_on_back
    sheet.front_groups = _regroup(entries[:k])
    sheet.more_groups = _regroup(entries[k:])
    sheet.back_groups = help_groups[:j]
    sheet.more_help = help_groups[j:]
    moved = []
    if entries[k:]:
        numbers = sorted({it.number for _, it in entries[k:]})
        moved.append(words(N_("サロン%(n)s件（番号%(first)s〜%(last)s）")) % {
            "n": len(numbers), "first": numbers[0], "last": numbers[-1]})
    if help_groups[j:]:
        moved.append(words(N_("裏面の%(groups)s")) % {"groups": "".join(f"「{g.title}」" for g in help_groups[j:])})
    if moved:
        sheet.overflow = words(N_("1枚に入りきらなかったため、%(moved)sを2枚目に載せています（文字は小さくしていません）。")) % {
            "moved": words(N_("と")).join(moved)}


def _regroup(entries: list[tuple[str, SheetItem]]) -> list[DayGroup]:
    groups: dict[str, list[SheetItem]] = {}
    for label, it in entries:
        groups.setdefault(label, []).append(it)
    return [DayGroup(label=label, items=tuple(items)) for label, items in groups.items()]
