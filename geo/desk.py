"""Which desk covers an address: exactly one status, never a guess.

matched      one desk covers every address the input can mean
ambiguous    the input leaves open values (丁目, 番, 号) for which the desks differ
not_covered  inside the city, but the plan gives the address to no desk
out_of_area  another municipality (named when we can)
unparseable  not an address we can read (the message says what to fix)

Partial input is resolved by enumerating the open values over the rules' own
breakpoints (geo/rules.py), so "新宿4丁目" and "新宿4丁目2番35号" use the same table.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import product

from tsunagu.text import office_name

from .answers import DeskAnswer, DeskArea, DeskRef, ParsedAddressOut
from .areaselect import choose_for_need, desk_ref, general_desk, get, need_desks, needs_of, norm_need, specialist_for
from .gazetteer import Gazetteer
from .normalize import fold_name
from .parse import ParsedAddress, parse
from .rules import NONE, CityRules

# Where the plan is silent, what to do next is the site's advice; the answer says so.
SITE_SUGGESTION = "つなぐからの提案（計画のルールではありません）: "
STATUSES = ("matched", "ambiguous", "not_covered", "out_of_area", "unparseable")
MAX_ECHO = 300


@dataclass
class DeskLookup:
    """The answer while the rules work it out; `answer()` gives the one typed answer pages and API share."""
    status: str
    input: str
    parsed: ParsedAddress
    desk: DeskRef | None = None
    candidates: list[DeskRef] = field(default_factory=list)
    also: list[DeskRef] = field(default_factory=list)
    reason: str = ""
    hint: str = ""
    message: str = ""
    area: DeskArea | None = None
    other_city: str | None = None  # out_of_area: the municipality named (鎌倉市, 東京都新宿区)
    other_city_slug: str | None = None  # …when it is one of ours, for a link to its finder
    need_label: str = ""  # the need as residents read it (vocabulary.yaml: 高齢・介護), for the sentences

    def answer(self) -> DeskAnswer:
        text = self.input if isinstance(self.input, str) else ""
        fields: dict = {
            "status": self.status, "input": text[:MAX_ECHO] + ("…" if len(text) > MAX_ECHO else ""),
            "normalized": self.parsed.normalized, "parsed": ParsedAddressOut(**self.parsed.public()),
            "desk": self.desk, "candidates": self.candidates, "also": self.also,
            "reason": self.reason, "hint": self.hint, "message": self.message,
        }
        # Optional keys are set only when they say something (the API leaves unset ones out).
        if self.area:
            fields["area"] = self.area
        if self.other_city:
            fields["other_city"] = self.other_city
            fields["other_city_slug"] = self.other_city_slug
        return DeskAnswer(**fields)


def lookup_desk(gaz: Gazetteer, rules: dict[str, CityRules], city: str, address: str, need: str | None,
                resources: list, need_labels: dict[str, str] | None = None) -> DeskAnswer:
    try:
        return _lookup(gaz, rules, city, address, need, resources, need_labels or {}).answer()
    except Exception as exc:
        logging.getLogger(__name__).exception("lookup_desk failed for city=%s", city)
        p = ParsedAddress(unparsed=address if isinstance(address, str) else "")
        return DeskLookup("unparseable", address if isinstance(address, str) else "", p,
                          reason=f"内部エラーのため住所を判定できませんでした（{type(exc).__name__}）",
                          message="住所を判定できませんでした。お手数ですが、窓口に電話でお問い合わせください。").answer()


def _lookup(gaz, rules, city, address, need, resources, need_labels: dict[str, str]) -> DeskLookup:
    if city not in gaz.cities:
        p = ParsedAddress()
        return DeskLookup("unparseable", address or "", p, reason=f"市「{city}」は対象外です")
    ref = gaz.cities[city]
    p = parse(address, gaz, city)
    ans = DeskLookup("unparseable", address if isinstance(address, str) else "", p)
    if p.error:
        ans.reason = ans.message = p.error
        return ans
    if p.other_city or (p.city_slug and p.city_slug != city):
        name = p.other_city or gaz.cities[p.city_slug].name
        ans.status = "out_of_area"
        ans.other_city = name
        ans.other_city_slug = None if p.other_city else p.city_slug
        ans.reason = f"「{name}」の住所です。このページは{ref.name}の窓口をご案内しています。"
        ans.message = ans.reason + (f"{name}のページでお調べください。" if p.city_slug and not p.other_city else
                                    f"{name}の窓口は、{name}の役所にお問い合わせください。")
        return ans
    cr = rules.get(city)
    if p.town is None and p.unparsed and cr:
        _named_area_as_town(p, cr)
    if p.town is None and p.unparsed:
        ans.reason = f"「{p.unparsed}」を{ref.name}の町名として読み取れませんでした。"
        example = f"（例: {'、'.join(ref.town_examples)}）" if ref.town_examples else ""
        ans.message = ans.reason + f"町名{example}から入力してください。"
        ans.hint = "町名"
        return ans
    if p.unparsed:
        ans.reason = f"「{p.unparsed}」の部分が読み取れませんでした。"
        ans.message = ans.reason + "町名のあとに「4丁目2番35号」や「4-2-35」の形で番地を入力してください。"
        ans.hint = "番地"
        return ans
    for note in p.notes:
        ans.message += note
    need = norm_need(need)
    ans.need_label = need_labels.get(need, need).removesuffix("のこと") if need else ""
    pool = need_desks(city, need, resources) if need else []
    if cr and cr.areas:  # the address decides the general desk (Zushi)
        _resolve_by_area(ans, gaz, cr, p, resources, need, pool)
        return ans
    # city-wide desks: the town exists in the city (it parsed), so they all apply
    gen = general_desk(city, cr, resources)
    ans.status = "matched"
    ans.desk = gen
    ans.reason = f"{ref.name}全域を担当する総合的な相談窓口です。" + _town_open(p)
    if need:
        wide = [r for r in pool if get(r, "area") in ("", "city")]
        desk, also = choose_for_need(need, wide, gen, needs_of(gen.id, resources) if gen else ())
        if desk is None:
            ans.message += f"「{ans.need_label}」の相談窓口は登録されていないため、総合的な相談窓口をご案内します。"
        else:
            ans.desk, ans.also = desk, also
            ans.reason = f"「{ans.need_label}」の相談窓口（{ref.name}全域）です。"
    if ans.desk is None:
        _no_desk(ans, ref.name, city, cr, resources)
    return ans


def _no_desk(ans: DeskLookup, name: str, city: str, cr: CityRules | None, resources: list) -> None:
    ans.status = "not_covered"
    want = (cr.general_desk.get("name") or cr.general_desk.get("id")) if cr else ""
    if not want and not any(get(r, "kind") == "consultation_desk" for r in resources if get(r, "city") == city):
        # a city just added (tsunagu city add): its directory is empty, and the answer says only that
        ans.reason = f"{name}の相談窓口は、まだ登録されていません。"
    else:
        ans.reason = f"{name}の総合相談窓口" + (f"（{want}）" if want else "") + "がまだ登録されていません。"
    ans.message += ans.reason + SITE_SUGGESTION + f"{office_name(name)}の福祉の担当課にお問い合わせください。"


def _town_open(p: ParsedAddress) -> str:
    """A city-wide answer whose town stayed open says so, instead of looking like a full match."""
    if p.town:
        return ""
    if p.town_candidates:
        return f"（町名は{'・'.join(p.town_candidates)}のどちらか決められませんでしたが、どちらもこの窓口の担当です）"
    return "（町名は入力されていないため、市全域の窓口としてご案内しています）"


def _named_area_as_town(p: ParsedAddress, cr: CityRules) -> None:
    """「逗子市葉桜団地」: a named area typed instead of a town stands for its town and 丁目."""
    text = fold_name(p.unparsed)
    for n in cr.named_areas:
        if text.startswith(fold_name(n.name)):
            p.town, p.chome, p.building, p.unparsed = n.town, n.chome, p.unparsed, ""
            p.normalized = f"{p.pref or ''}{p.city or ''}{n.town}{n.chome or ''}{'丁目' if n.chome else ''} {p.building}"
            return


def _domains(gaz: Gazetteer, cr: CityRules, p: ParsedAddress, towns: list[str]):
    ref = gaz.cities[cr.city]
    for town in towns:
        chomes: list[int | None]
        if p.chome is not None:
            chomes = [p.chome]
        elif p.bare:
            chomes = [None]
        else:
            chomes = sorted(ref.chomes(town)) + ([None] if ref.has_bare(town) else [])
        bans = [p.ban] if p.ban is not None else cr.breakpoints(town, "ban")
        gos = [p.go] if p.go is not None else cr.breakpoints(town, "go")
        yield town, chomes, bans, gos


def _resolve_by_area(ans: DeskLookup, gaz, cr: CityRules, p: ParsedAddress, resources, need, pool) -> None:
    towns = [p.town] if p.town else (p.town_candidates or p.postal_towns or sorted(gaz.cities[cr.city].towns))
    named = cr.named_in(p.building, p.town, p.chome) if p.town else None
    outcomes: dict[str, set] = {}  # area id (or NONE) → which dimensions varied to reach it
    varying = {"town": len(towns) > 1, "chome": False, "ban": p.ban is None, "go": p.go is None}
    for town, chomes, bans, gos in _domains(gaz, cr, p, towns):
        varying["chome"] |= len(chomes) > 1
        for chome, ban, go in product(chomes, bans, gos):
            hit = cr.evaluate(town, chome, ban, go, named, _service(cr))
            for a in hit or [NONE]:
                outcomes.setdefault(a, set()).add((town, chome))
            if len(hit) > 1:
                outcomes.setdefault("__overlap__", set()).add((town, chome))
    areas = [a for a in cr.areas if a.id in outcomes]
    if len(areas) == 1 and NONE not in outcomes and "__overlap__" not in outcomes:
        _matched(ans, cr, areas[0], p, named, resources, need, pool)
        return
    wide = [r for r in pool if get(r, "area") in ("", "city")]
    specialist = specialist_for(need, wide) if need else None
    if not areas:
        ans.status = "not_covered"
        ans.reason = _where(p) + "は、計画に書かれたどの担当区域にも入っていません。"
        if cr.not_covered_message:
            ans.message += SITE_SUGGESTION + cr.not_covered_message
        if specialist:  # the need's desk is city-wide, so the gap does not matter for it
            ans.status, ans.desk = "matched", specialist
            ans.reason += f"「{ans.need_label}」の相談窓口は市全域の担当なので、この窓口をご案内します。"
        return
    ans.status = "ambiguous"
    ans.candidates = [_area_desk(cr, a, resources) for a in areas]
    missing = next(d for d in ("town", "chome", "ban", "go") if varying[d] or d == "go")
    label = {"town": "町名と丁目", "chome": "丁目", "ban": "番", "go": "号"}[missing]
    ans.hint = label
    ans.reason = f"{_where(p)}は、{label}によって担当が{'・'.join(a.name for a in areas)}に分かれます。"
    ans.message += f"{label}まで入力すると、担当の窓口を1つに決められます。"
    if NONE in outcomes:
        ans.message += "（番地によっては、計画のどの担当区域にも入らない場合があります）"
    if specialist:  # the need's desk is city-wide: answer it; the area desks stay as candidates
        ans.status, ans.desk, ans.also, ans.candidates = "matched", specialist, list(ans.candidates), []
        ans.reason = f"「{ans.need_label}」の相談窓口（市全域）です。お住まいの地域の総合相談窓口は、{label}によって" \
                     f"{'・'.join(a.name for a in areas)}のどちらかです（also）。"


def _service(cr: CityRules) -> str | None:
    return cr.general_desk.get("service")


def _matched(ans: DeskLookup, cr: CityRules, area, p: ParsedAddress, named, resources, need, pool) -> None:
    ans.status = "matched"
    ans.desk = desk = _area_desk(cr, area, resources)
    ans.area = DeskArea(id=area.id, name=area.name)
    rule = next((r for r in area.rules if r.matches(p.town, p.chome, p.ban, p.go, named)), None) if p.town else None
    basis = f"計画では「{rule.words()}」が{area.name}の担当です。" if rule else f"計画の記載:「{area.printed_text}」"
    ans.reason = f"{_where(p)}は{area.name}（{desk.name}）の担当区域です。{basis}"
    if rule and rule.interpretation:
        ans.message += f"この判定は計画の記載を解釈したものです: {rule.note}"
    if p.town and named is None:  # would living in a named area (葉桜団地) change the answer?
        for n in cr.named_areas:
            if n.town == p.town and p.chome in (None, n.chome):
                other = cr.evaluate(p.town, n.chome, p.ban, p.go, n.name, _service(cr))
                oa = cr.area(other[0]) if other and other[0] != area.id else None
                if oa is not None:
                    ans.message += f"ただし「{n.name}」にお住まいの場合は{oa.name}（{_area_desk(cr, oa, resources).name}）の担当です。"
    if need:
        fit = [r for r in pool if get(r, "area") in ("", "city", area.id)]
        general = desk
        chosen, also = choose_for_need(need, fit, general, needs_of(general.id, resources))
        if chosen is None:
            ans.message += f"「{ans.need_label}」専用の窓口は登録されていないため、お住まいの地域の総合相談窓口をご案内します。"
        else:
            ans.desk, ans.also = chosen, also
            if chosen.id != general.id:
                ans.reason = f"「{ans.need_label}」の相談窓口です。お住まいの地域の総合相談窓口は{general.name}です（also）。"


def _area_desk(cr: CityRules, area, resources) -> DeskRef:
    for r in resources:
        if get(r, "id") == area.desk:
            return desk_ref(r)
    for r in resources:
        if get(r, "city") == cr.city and get(r, "area") == area.id and get(r, "kind") == "consultation_desk":
            return desk_ref(r)
    d = area.desk_as_printed  # a desk the plan prints and the directory lacks: as printed (a public office)
    return DeskRef(id=area.desk or area.id, name=d.get("name", area.name), phone=d.get("phone", ""),
                   address=d.get("address", ""), url="")


def _where(p: ParsedAddress) -> str:
    if not p.town:
        return p.city or "この住所"
    s = p.town + (f"字{p.koaza}" if p.koaza else "")
    if p.chome is not None:
        s += f"{p.chome}丁目"
    if p.ban is not None:
        s += f"{p.ban}番" if not p.bare else f"{p.ban}"
    if p.go is not None:
        s += f"{p.go}号" if not p.bare else f"-{p.go}"
    return s
