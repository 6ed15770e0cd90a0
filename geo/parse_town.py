"""Finding the town in the text after the city: exact names, names with 大字 / 町 left out
or put in, 小字, 通称町 under an old 大字, and 大字X versus X丁目 (decided by what follows).

Split from parse.py; these functions fill in a ParsedAddress and return the text left over.
"""
from __future__ import annotations

import re

from .gazetteer import Gazetteer
from .normalize import fold, kanji_numbers_to_digits
from .parsed import ParsedAddress
from .townloose import mixed_kana

GENERIC_CITY = re.compile(r"^([^\s0-9-]{1,5}?郡)?([^\s0-9-]{1,5}?[市区町村])")


def any_town(s: str, gaz: Gazetteer) -> bool:
    return any(town_at_start(s, gaz, slug) for slug in gaz.cities)


def town_at_start(s: str, gaz: Gazetteer, slug: str, min_len: int = 1) -> bool:
    folded = fold(s)
    hit = gaz.match_town(slug, folded) or gaz.match_town(slug, fold(s.removeprefix("大字")))
    sk = gaz.match_skeleton(slug, folded)
    return bool(hit and hit[2] >= min_len) or bool(sk and sk[1] >= min_len)


def city_of(p: ParsedAddress) -> str:
    """The city slug; the town and number steps run only after the city is settled."""
    if p.city_slug is None:
        raise ValueError("the city is not known yet")
    return p.city_slug


def guess_city_by_town(s: str, gaz: Gazetteer) -> str | None:
    """Without any city, accept a town name only if exactly one of the cities has it."""
    hits = [slug for slug in gaz.cities if town_at_start(s, gaz, slug)]
    return hits[0] if len(hits) == 1 else None


def match_town(p: ParsedAddress, s: str, gaz: Gazetteer) -> str:
    """Called once the city is known: its towns are the ones matched."""
    slug = city_of(p)
    ref = gaz.cities[slug]
    oaza_written = s.startswith("大字")
    body = s
    hit = gaz.match_town(slug, fold(s)) if oaza_written else None  # 大字三輪 as written
    if hit is None:
        body = s[2:] if oaza_written else s
        hit = gaz.match_town(slug, fold(body))
    sk = gaz.match_skeleton(slug, fold(body))
    if sk and (not hit or sk[1] > hit[2]):  # 唐戸1-1 for 唐戸町, 豊北町神田 for 豊北町大字神田
        hit = (sk[0], None, sk[1])
    hit = _loose(p, body, hit, gaz)
    if not hit:
        return "" if p.town_candidates else _no_town(p, s, body, gaz)
    base, koaza_key, n = hit
    rest = body[n:]
    if rest[:1] == "市" and body[:n + 1] == p.city:
        p.unparsed = s  # 逗子市逗子市役所: our own city's name again starts a facility's name, not a town
        return ""
    if rest[:1] in ("市", "区", "郡"):
        # 新宿区 is not 逗子市新宿: a town name followed by 区 is another municipality.
        p.other_city = body[:n + 1]
        return ""
    twin = ref.oaza_twin.get(base)
    if twin and oaza_written:
        base, twin = twin, None  # 大字三輪123: the 大字, not 三輪1〜10丁目
    p.town = base
    if koaza_key:
        p.koaza = ref.koaza[base][koaza_key].koaza
        p.notes.append(f"「{body[:n]}」を{base}字{p.koaza}として読みました（大字を省いた書き方）。")
        return rest
    m = re.match(r"^(?:大字|字)([^0-9\-]+?)(?=[0-9]|$)", kanji_numbers_to_digits(rest))
    if m:
        p.koaza = m.group(1)
        p.town = twin or base  # a 字 belongs to the 大字
        return kanji_numbers_to_digits(rest)[m.end():]
    for owner in (twin, base):
        k = gaz.match_koaza(slug, owner, fold(rest)) if owner else None
        if k:
            p.town, p.koaza = owner, ref.koaza[owner][k[0]].koaza
            return rest[k[1]:]
    after = _koaza_in_kana(p, ref, (twin, base), rest)
    if after is not None:
        return after
    inner = gaz.match_town(slug, fold(rest)) if base.startswith("大字") else None
    if inner and inner[1] is None and not inner[0].startswith("大字"):
        # 大字長野箱清水1丁目: a town (often a 通称町 with 丁目) written under the old 大字
        p.notes.append(f"「{base}{rest[:inner[2]]}」を{inner[0]}として読みました。")
        p.town = inner[0]
        return rest[inner[2]:]
    return rest


def _koaza_in_kana(p: ParsedAddress, ref, owners: tuple, rest: str) -> str | None:
    """大字長野もとよし町: a 小字 written (partly) in kana after its 大字, checked against its reading."""
    for owner in owners:
        hit = mixed_kana(ref.koaza_readings.get(owner, []), fold(rest), whole_kana=True) if owner else None
        if hit and len(hit[0]) == 1:
            p.town, p.koaza = owner, ref.koaza[owner][hit[0][0]].koaza
            p.notes.append(f"「{rest[:hit[1]]}」を{owner}字{p.koaza}として読みました（小字がかな書き）。"
                           "違うときは小字を漢字で入力してください。")
            return rest[hit[1]:]
    return None


def _loose(p: ParsedAddress, body: str, hit, gaz: Gazetteer):
    """A town written loosely (townloose.py): kana for part of the name, or its の left out.
    Never silent: the note says which town the text was read as."""
    ref = gaz.cities[city_of(p)]
    mixed = mixed_kana(ref.readings, fold(body))
    if mixed and (not hit or mixed[1] > hit[2]):
        (base, *others), n = mixed
        if others:  # 「さ山町」: 桜山町 and 笹山町 both fit; both stay candidates, none is chosen
            p.town_candidates = [base, *others]
            p.notes.append(f"「{body[:n]}」は{'・'.join(p.town_candidates)}のどれとも読めるため、町名を決められません。"
                           "町名を漢字で入力してください。")
            return None
        p.notes.append(f"「{body[:n]}」を{base}として読みました（町名の一部がかな書き）。違う町のときは町名を漢字で入力してください。")
        return base, None, n
    if hit and hit[1] is None and ref.loose_keys.get(fold(body[:hit[2]])) == hit[0]:
        p.notes.append(f"「{body[:hit[2]]}」を{hit[0]}として読みました（「ノ」「之」「の」を省いた書き方）。違う町のときは町名を正しく入力してください。")
    return hit


def _no_town(p: ParsedAddress, s: str, body: str, gaz: Gazetteer) -> str:
    other = gaz.municipalities.match(fold(s), p.pref)
    m = GENERIC_CITY.match(s)
    if other and other[0].name == p.city and other[0].pref == gaz.cities[city_of(p)].pref:
        p.unparsed = s  # 下関市下関市役所: a facility named after our city, no town written
        return ""
    if other or (m and m.group(2)[-1] in "市区郡" and not gaz.match_town(city_of(p), fold(m.group(0)))):
        p.other_city = other[0].label if other else m.group(0)  # type: ignore[union-attr]  # m is set when other is not
        return ""
    for ref in gaz.cities.values():  # 鎌倉御成町: one of our cities without its 市
        short = ref.name[:-1]
        if ref.slug != p.city_slug and body.startswith(short) and town_at_start(body[len(short):], gaz, ref.slug):
            p.city_slug, p.city = ref.slug, ref.name
            return ""
    p.unparsed = s
    return ""


def decide_twin(p: ParsedAddress, ref, tokens: list) -> None:
    """X丁目 or 大字X (both exist): by what follows; both as candidates when nothing decides."""
    twin = ref.oaza_twin.get(p.town)
    if not twin or p.koaza:
        return
    chomes = ref.chomes(p.town)
    units = [u for _, u in tokens]
    if any(u in ("丁目", "丁", "号") for u in units) or len(tokens) >= 3:
        return  # 三輪1丁目…, 三輪1-1-1: the 丁目 town
    first, unit = tokens[0] if tokens else (None, "")
    if first is not None and (first > max(chomes) or unit.startswith("番地")):
        p.town = twin  # 三輪123, 三輪5番地: a 地番 of the 大字
        return
    if p.postal_towns and (twin in p.postal_towns) != (p.town in p.postal_towns):
        p.town = twin if twin in p.postal_towns else p.town
        return
    p.town_candidates = [p.town, twin]
    p.notes.append(f"{ref.name}には「{twin}」と「{p.town}1〜{max(chomes)}丁目」があります。"
                   f"「{p.town}1丁目」のように丁目を、または「{twin}」と入力してください。")
    p.town = None
