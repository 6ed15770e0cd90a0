"""Parse an address as typed into 〒 / 都道府県 / 市 / 町 / 丁目 / 番 / 号 / 建物.

The parser never guesses: text it cannot place goes to `unparsed`, and numbers that
follow text it does not understand are not used (the desk finder then asks for more
instead of answering for the wrong 番).
"""
from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from .gazetteer import Gazetteer
from .municipalities import by_postal_code
from .normalize import BadInput, clean, fold, kanji_numbers_to_digits, strip_notes
from .parse_town import (
    GENERIC_CITY,
    any_town,
    city_of,
    decide_twin,
    guess_city_by_town,
    match_town,
    town_at_start,
)
from .parsed import ParsedAddress

PREFS = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県",
    "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",
    "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県",
    "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県",
    "宮崎県", "鹿児島県", "沖縄県",
)
_POSTAL = re.compile(r"^(?:〒|郵便番号)?\s*(\d{3})-?(\d{4})(?!\d)\s*")
# One number and what follows it: 丁目, 番地, 番, 号(室), or a plain separator.
# A number that names a building (1番館, 3号棟, 2階) ends the address numbers.
_NUM = re.compile(r"(\d{1,5})(?!\d|番館|号館|号棟|階|[Ff](?![a-z]))"
                  r"(丁目|丁|番地の|番地|番の|番|号室|号|地割|の(?=\d)|-(?=\d)|-)?")
_SEP = " 、,.-の"


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
        if elsewhere and p.city_slug is None and not p.pref and not any_town(s, gaz):
            p.other_city = elsewhere.label  # 〒240-0112 alone: 神奈川県三浦郡葉山町
            return _finish(p, gaz)
        p.notes.append(f"郵便番号 〒{p.postal_code[:3]}-{p.postal_code[3:]} は対象の4市のものではありません。")
    if p.city_slug is None:
        # No city written: the context city if the town is one of its towns, then the postal
        # code's city, then the only city having that town. A postal code that disagrees
        # with the town is noted, not trusted over the town.
        known = [c for c in dict.fromkeys((city, postal_slug)) if c]
        chosen = next((c for c in known if s and town_at_start(s, gaz, c)), None)
        if chosen is None and not known and s:
            chosen = guess_city_by_town(s, gaz)
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
    s = match_town(p, s, gaz)
    if p.town and p.postal_code and postal_slug == p.city_slug and postal_towns and p.town not in postal_towns:
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


def _strip_city(p: ParsedAddress, s: str, gaz: Gazetteer) -> str:
    for name, slug in gaz.city_names.items():
        if s.startswith(name):
            p.city, p.city_slug = name, slug
            return s[len(name):]
    other = gaz.municipalities.match(fold(s), p.pref)
    # A town of ours wins over a municipality of the same length written without its 県
    # (a town that happens to be called like a 町 elsewhere).
    if other and (p.pref or not any_town(s, gaz) or not any(
            town_at_start(s, gaz, slug, other[1]) for slug in gaz.cities)):
        muni, n = other
        if muni.name in gaz.city_names and muni.pref == gaz.cities[gaz.city_names[muni.name]].pref:
            p.city, p.city_slug = muni.name, gaz.city_names[muni.name]
            return s[n:]
        p.pref = p.pref or muni.pref
        p.city, p.other_city = muni.name, muni.label
        return s[n:]
    if p.pref and p.pref not in {c.pref for c in gaz.cities.values()}:
        m = GENERIC_CITY.match(s)
        p.other_city = p.pref + (m.group(0) if m else "")
        return s[m.end():] if m else s
    return s


def _parse_numbers(p: ParsedAddress, s: str, gaz: Gazetteer) -> None:
    ref = gaz.cities[city_of(p)]
    s = kanji_numbers_to_digits(s)
    lead = re.match(r"^[^0-9]*", s).group(0)  # type: ignore[union-attr]  # always matches
    if lead.strip(_SEP):
        # text between the town and the numbers (a building first, or words we do not know)
        if not re.search(r"[0-9]", s):
            p.building = lead.strip(_SEP + "()") or None
            decide_twin(p, ref, [])
        else:
            p.unparsed = s
        return
    tokens, rest = _number_tokens(s, len(lead))
    tokens = _chome_as_banchi(p, tokens, ref.chomes(p.town) if p.town else set())
    tokens, hyphen_room = _room_after_go(p, tokens, ref.chomes(p.town) if p.town else set())
    decide_twin(p, ref, tokens)
    p.numbers_given = bool(tokens)
    if p.town is None:  # 大字X or X丁目 undecided: keep the numbers as typed, decide nothing
        p.building = rest or None
        return
    chomes = ref.chomes(p.town)
    # 丁目-less for sure: the town has no 丁目 at all, or a 字 / 小字 was written.
    p.bare = bool(tokens) and (not chomes or p.koaza is not None)
    slots, room = _assign_units(p, tokens, chomes)
    if p.error:
        return
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
    room += hyphen_room
    if rest and rest[0] not in "()" and re.search(rf"[0-9号地]{re.escape(rest)}$", s):
        # …1613長野市役所: the name was glued to the number; say where the number was cut
        p.notes.append(f"番地のあとの「{rest}」は建物・施設の名前として読みました。")
    building = " ".join(x for x in [rest.strip("()"), " ".join(room)] if x)
    p.building = building or None


def _number_tokens(s: str, pos: int) -> tuple[list[tuple[int, str]], str]:
    """(number, unit) pairs from `pos` on, and the text left after them (the building)."""
    tokens = []
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
    return tokens, s[pos:].strip(_SEP)


def _chome_as_banchi(p: ParsedAddress, tokens: list[tuple[int, str]], chomes: AbstractSet[int]) -> list[tuple[int, str]]:
    """南部町2丁目5番地 → 2番地5: a 丁目 written for a town (or 小字) without 丁目, followed by another
    number, is read as the 番地 and that number as its 枝番, with a note. A 丁目 alone stays refused:
    with nothing after it, the text gives no sign of which 番地 was meant."""
    if len(tokens) < 2 or tokens[0][1] not in ("丁目", "丁") or (chomes and p.koaza is None):
        return tokens
    (ban, unit), (eda, eda_unit) = tokens[0], tokens[1]
    where = p.town + (f"字{p.koaza}" if p.koaza else "") if p.town else ""
    p.notes.append(f"{where}には丁目がないため、「{ban}{unit}{eda}{eda_unit.rstrip('-')}」を"
                   f"{ban}番地{eda}（{ban}-{eda}）として読みました。違う場合は番地を確かめてください。")
    return [(ban, "番地"), (eda, "号" if eda_unit in ("", "-", "番", "番地", "号") else eda_unit), *tokens[2:]]


def _room_after_go(p: ParsedAddress, tokens: list[tuple[int, str]], chomes: AbstractSet[int]) -> tuple[list, list[str]]:
    """3番4-201号 → 3番4号, room 201: a last 号 joined by a hyphen to numbers that already fill
    番 and 号 (丁目, 番 and 号 for a town with 丁目) is the room number, not the 号."""
    if len(tokens) < 3 or tokens[-1][1] != "号" or tokens[-2][1] != "-":
        return tokens, []
    before = tokens[:-1]
    ban_at = next((i for i, (_, u) in enumerate(before) if u in ("番", "番地", "番地の", "番の")), None)
    if ban_at is not None:
        full = len(before) - ban_at - 1 >= 1
    else:
        has_chome = bool(chomes) and p.koaza is None and (before[0][0] in chomes or before[0][1] in ("丁目", "丁"))
        full = len(before) >= (3 if has_chome else 2)
    if not full:
        return tokens, []
    room = tokens[-1][0]
    p.notes.append(f"最後の「-{room}号」は部屋番号（{room}）として読み、{before[-1][0]}を号としました。")
    return [*before[:-1], (before[-1][0], "号")], [str(room)]


def _assign_units(p: ParsedAddress, tokens: list[tuple[int, str]], chomes: AbstractSet[int]) -> tuple[list[int], list[str]]:
    """Numbers with a unit go to their field; returns (numbers without a unit, room numbers).

    Sets `p.error` for a 丁目 the town does not have."""
    slots: list[int] = []
    room: list[str] = []
    for num, unit in tokens:
        if unit in ("丁目", "丁"):
            if not chomes or num not in chomes:
                p.error = _bad_chome(p.town or "", num, chomes)
                return slots, room
            p.chome, p.bare = num, False
        elif unit in ("番", "番地", "番地の", "番の"):
            p.ban = num
        elif unit == "号":
            p.go = num
        elif unit == "号室":
            room.append(f"{num}号室")
        else:
            slots.append(num)
    return slots, room


def _bad_chome(town: str, num: int, chomes: AbstractSet[int]) -> str:
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
