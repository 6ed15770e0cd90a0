"""Parse an address as typed into 〒 / 都道府県 / 市 / 町 / 丁目 / 番 / 号 / 建物.

The parser never guesses: text it cannot place goes to `unparsed`, and numbers that
follow text it does not understand are not used (the desk finder then asks for more
instead of answering for the wrong 番).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .gazetteer import Gazetteer
from .municipalities import by_postal_code
from .normalize import BadInput, clean, fold, kanji_numbers_to_digits, strip_notes

PREFS = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県",
    "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",
    "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県",
    "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県",
    "宮崎県", "鹿児島県", "沖縄県",
)
_POSTAL = re.compile(r"^(?:〒|郵便番号)?\s*(\d{3})-?(\d{4})(?!\d)\s*")
_GENERIC_CITY = re.compile(r"^([^\s0-9-]{1,5}?郡)?([^\s0-9-]{1,5}?[市区町村])")
# One number and what follows it: 丁目, 番地, 番, 号(室), or a plain separator.
# A number that names a building (1番館, 3号棟, 2階) ends the address numbers.
_NUM = re.compile(r"(\d{1,5})(?!\d|番館|号館|号棟|階|[Ff](?![a-z]))"
                  r"(丁目|丁|番地の|番地|番の|番|号室|号|地割|の(?=\d)|-(?=\d)|-)?")
_SEP = " 、,.-の"


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
        return {k: v for k, v in asdict(self).items()}

    def public(self) -> dict:
        return {k: getattr(self, k) for k in ("pref", "city", "town", "chome", "ban", "go", "building")}


def parse(text: str, gaz: Gazetteer, city: str | None = None) -> ParsedAddress:
    """Parse `text`; `city` (a slug) is the context when the text has no city."""
    stripped, notes = strip_notes(text)
    try:
        s = clean(stripped)
    except BadInput as exc:
        return ParsedAddress(error=str(exc), unparsed=text if isinstance(text, str) else "")
    p = ParsedAddress(normalized=s, notes=notes)
    m = _POSTAL.match(s)
    if m:
        p.postal_code = m.group(1) + m.group(2)
        s = s[m.end():]
    s = _strip_pref(p, s, gaz)
    s = _strip_city(p, s, gaz)
    if p.other_city:
        return _finish(p, gaz)
    postal_slug, postal_towns = gaz.postal_towns(p.postal_code) if p.postal_code else (None, [])
    if p.postal_code and not postal_slug:
        elsewhere = by_postal_code(p.postal_code)
        if elsewhere and p.city_slug is None and not p.pref and not _any_town(s, gaz):
            p.other_city = elsewhere.label  # 〒240-0112 alone: 神奈川県三浦郡葉山町
            return _finish(p, gaz)
        p.notes.append(f"郵便番号 〒{p.postal_code[:3]}-{p.postal_code[3:]} は対象の4市のものではありません。")
    if p.city_slug is None:
        # No city written: the context city if the town is one of its towns, then the postal
        # code's city, then the only city having that town. A postal code that disagrees
        # with the town is noted, not trusted over the town.
        known = [c for c in dict.fromkeys((city, postal_slug)) if c]
        chosen = next((c for c in known if s and _town_at_start(s, gaz, c)), None)
        if chosen is None and not known and s:
            chosen = _guess_city_by_town(s, gaz)
        p.city_slug = chosen or postal_slug or city
        if p.city_slug:
            p.city = gaz.cities[p.city_slug].name
        if postal_slug and p.city_slug != postal_slug:
            p.notes.append(f"郵便番号は{gaz.cities[postal_slug].name}のものです。町名を優先しました。")
    elif postal_slug and postal_slug != p.city_slug:
        p.notes.append(f"郵便番号は{gaz.cities[postal_slug].name}のものです。住所の市名を優先しました。")
    if p.pref and p.city_slug and gaz.cities[p.city_slug].pref != p.pref:
        p.other_city = p.pref + (p.city or "")
        return _finish(p, gaz)
    if p.city_slug is None:
        p.unparsed = s
        return _finish(p, gaz)
    if not s:
        if postal_slug == p.city_slug and postal_towns:
            p.postal_towns = postal_towns
            if len(postal_towns) == 1:
                p.town = postal_towns[0]
        return _finish(p, gaz)
    s = _match_town(p, s, gaz)
    if p.town and postal_slug == p.city_slug and postal_towns and p.town not in postal_towns:
        p.notes.append(f"郵便番号 〒{p.postal_code[:3]}-{p.postal_code[3:]} は{'・'.join(postal_towns)}のものです。町名を優先しました。")
    if p.town and not p.other_city:
        if postal_slug == p.city_slug:
            p.postal_towns = postal_towns  # narrows 大字X / X丁目
        _parse_numbers(p, s, gaz)
    return _finish(p, gaz)


def _strip_pref(p: ParsedAddress, s: str, gaz: Gazetteer) -> str:
    for pref in PREFS:
        if s.startswith(pref):
            p.pref = pref
            return s[len(pref):]
    if gaz.municipalities.match(fold(s)):
        return s  # 長野市市場 is 長野市 + 市場, not 長野(県) + 市
    for pref in PREFS:  # 神奈川逗子市: the 県 left out, accepted only before a municipality of it
        short = pref[:-1]
        if len(short) >= 2 and s.startswith(short) and gaz.municipalities.match(fold(s[len(short):]), pref):
            p.pref = pref
            return s[len(short):]
    return s


def _any_town(s: str, gaz: Gazetteer) -> bool:
    return any(_town_at_start(s, gaz, slug) for slug in gaz.cities)


def _town_at_start(s: str, gaz: Gazetteer, slug: str, min_len: int = 1) -> bool:
    folded = fold(s)
    hit = gaz.match_town(slug, folded) or gaz.match_town(slug, fold(s.removeprefix("大字")))
    sk = gaz.match_skeleton(slug, folded)
    return bool(hit and hit[2] >= min_len) or bool(sk and sk[1] >= min_len)


def _strip_city(p: ParsedAddress, s: str, gaz: Gazetteer) -> str:
    for name, slug in gaz.city_names.items():
        if s.startswith(name):
            p.city, p.city_slug = name, slug
            return s[len(name):]
    other = gaz.municipalities.match(fold(s), p.pref)
    # A town of ours wins over a municipality of the same length written without its 県
    # (a town that happens to be called like a 町 elsewhere).
    if other and (p.pref or not _any_town(s, gaz) or not any(
            _town_at_start(s, gaz, slug, other[1]) for slug in gaz.cities)):
        m, n = other
        if m.label[len(m.pref):] in gaz.city_names and m.pref == gaz.cities[gaz.city_names[m.name]].pref:
            p.city, p.city_slug = m.name, gaz.city_names[m.name]
            return s[n:]
        p.pref = p.pref or m.pref
        p.city, p.other_city = m.name, m.label
        return s[n:]
    if p.pref and p.pref not in {c.pref for c in gaz.cities.values()}:
        m = _GENERIC_CITY.match(s)
        p.other_city = p.pref + (m.group(0) if m else "")
        return s[m.end():] if m else s
    return s


def _guess_city_by_town(s: str, gaz: Gazetteer) -> str | None:
    """Without any city, accept a town name only if exactly one of the cities has it."""
    hits = [slug for slug in gaz.cities if _town_at_start(s, gaz, slug)]
    return hits[0] if len(hits) == 1 else None


def _match_town(p: ParsedAddress, s: str, gaz: Gazetteer) -> str:
    ref = gaz.cities[p.city_slug]
    oaza_written = s.startswith("大字")
    body = s
    hit = gaz.match_town(p.city_slug, fold(s)) if oaza_written else None  # 大字三輪 as written
    if hit is None:
        body = s[2:] if oaza_written else s
        hit = gaz.match_town(p.city_slug, fold(body))
    sk = gaz.match_skeleton(p.city_slug, fold(body))
    if sk and (not hit or sk[1] > hit[2]):  # 唐戸1-1 for 唐戸町, 豊北町神田 for 豊北町大字神田
        hit = (sk[0], None, sk[1])
    if not hit:
        return _no_town(p, s, body, gaz)
    base, koaza_key, n = hit
    rest = body[n:]
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
        return rest
    m = re.match(r"^(?:大字|字)([^0-9\-]+?)(?=[0-9]|$)", kanji_numbers_to_digits(rest))
    if m:
        p.koaza = m.group(1)
        p.town = twin or base  # a 字 belongs to the 大字
        return kanji_numbers_to_digits(rest)[m.end():]
    for owner in (twin, base):
        k = gaz.match_koaza(p.city_slug, owner, fold(rest)) if owner else None
        if k:
            p.town, p.koaza = owner, ref.koaza[owner][k[0]].koaza
            return rest[k[1]:]
    inner = gaz.match_town(p.city_slug, fold(rest)) if base.startswith("大字") else None
    if inner and inner[1] is None and not inner[0].startswith("大字"):
        # 大字長野箱清水1丁目: a town (often a 通称町 with 丁目) written under the old 大字
        p.notes.append(f"「{base}{rest[:inner[2]]}」を{inner[0]}として読みました。")
        p.town = inner[0]
        return rest[inner[2]:]
    return rest


def _no_town(p: ParsedAddress, s: str, body: str, gaz: Gazetteer) -> str:
    other = gaz.municipalities.match(fold(s), p.pref)
    m = _GENERIC_CITY.match(s)
    if other or (m and m.group(2)[-1] in "市区郡" and not gaz.match_town(p.city_slug, fold(m.group(0)))):
        p.other_city = other[0].label if other else m.group(0)  # 横浜市…, 新宿区… where our town was expected
        return ""
    for ref in gaz.cities.values():  # 鎌倉御成町: one of our cities without its 市
        short = ref.name[:-1]
        if ref.slug != p.city_slug and body.startswith(short) and _town_at_start(body[len(short):], gaz, ref.slug):
            p.city_slug, p.city = ref.slug, ref.name
            return ""
    p.unparsed = s
    return ""


def _decide_twin(p: ParsedAddress, ref, tokens: list) -> None:
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


def _parse_numbers(p: ParsedAddress, s: str, gaz: Gazetteer) -> None:
    ref = gaz.cities[p.city_slug]
    s = kanji_numbers_to_digits(s)
    lead = re.match(r"^[^0-9]*", s).group(0)
    if lead.strip(_SEP):
        # text between the town and the numbers (a building first, or words we do not know)
        if not re.search(r"[0-9]", s):
            p.building = lead.strip(_SEP + "()") or None
            _decide_twin(p, ref, [])
        else:
            p.unparsed = s
        return
    pos, tokens = len(lead), []
    while pos < len(s):
        m = _NUM.match(s, pos)
        if not m:
            break
        tokens.append((int(m.group(1)), m.group(2) or ""))
        pos = m.end()
        while pos < len(s) and s[pos] in " ":
            pos += 1
        if m.group(2) in ("号", "号室"):
            break  # a complete 号 ends the address; what follows is the building
    rest = s[pos:].strip(_SEP)
    _decide_twin(p, ref, tokens)
    if p.town is None:  # 大字X or X丁目 undecided: keep the numbers as typed, decide nothing
        p.numbers_given = bool(tokens)
        p.building = rest or None
        return
    chomes = ref.chomes(p.town)
    p.numbers_given = bool(tokens)
    # 丁目-less for sure: the town has no 丁目 at all, or a 字 / 小字 was written.
    p.bare = bool(tokens) and (not chomes or p.koaza is not None)
    slots: list[int] = []
    room = []
    for num, unit in tokens:
        if unit in ("丁目", "丁"):
            if not chomes or num not in chomes:
                p.error = _bad_chome(p.town, num, chomes)
                return
            p.chome, p.bare = num, False
        elif unit in ("番", "番地", "番地の", "番の"):
            p.ban = num
        elif unit == "号":
            p.go = num
        elif unit == "号室":
            room.append(f"{num}号室")
        else:
            slots.append(num)
    if slots and p.chome is None and p.ban is None and chomes and not p.bare:
        first = slots[0]
        if first in chomes:
            p.chome = slots.pop(0)  # 新宿4-2-35: the first number is the 丁目
        elif not ref.has_bare(p.town):
            p.error = _bad_chome(p.town, first, chomes)
            return
        # else 桜山327: a 地番 with the 丁目 left out, or the 丁目-less 大字; the desk
        # finder treats the 丁目 as unknown rather than choosing.
    for num in slots:
        if p.ban is None:
            p.ban = num
        elif p.go is None:
            p.go = num
        else:
            room.append(str(num))  # 1-1-1-503: the 4th number is a room
    building = " ".join(x for x in [rest.strip("()"), " ".join(room)] if x)
    p.building = building or None


def _bad_chome(town: str, num: int, chomes: set) -> str:
    if not chomes:
        return f"{town}には丁目がありません。「{town}{num}番地」のように番地を入力してください。"
    return f"{town}に{num}丁目はありません（{min(chomes)}〜{max(chomes)}丁目）。丁目を確かめてください。"


def _finish(p: ParsedAddress, gaz: Gazetteer) -> ParsedAddress:
    if p.city_slug and not p.other_city:
        p.pref = p.pref or gaz.cities[p.city_slug].pref  # 逗子市 implies 神奈川県
    if p.town and not p.error:
        parts = [p.pref or (gaz.cities[p.city_slug].pref if p.city_slug else ""), p.city or "", p.town]
        if p.koaza:
            parts.append(f"字{p.koaza}")
        if p.chome is not None:
            parts.append(f"{p.chome}丁目")
        if p.bare or p.chome is None:
            nums = "-".join(str(n) for n in (p.ban, p.go) if n is not None)
            parts.append(nums)
        else:
            if p.ban is not None:
                parts.append(f"{p.ban}番")
            if p.go is not None:
                parts.append(f"{p.go}号")
        if p.building:
            parts.append(" " + p.building)
        p.normalized = "".join(parts)
    return p
