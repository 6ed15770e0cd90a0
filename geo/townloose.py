"""Town names written loosely by residents (issue 29): found only where they name one town, and
always reported in a note, since the text does not spell the town as the reference data does.

* `no_dropped_keys`: ノ/之/の left out (山内 for 山ノ内, 壇浦町 for 壇之浦町).
* `mixed_kana`: part of the name in kana (こ坪 for 小坪, 山のね for 山の根), checked against both
  the written name and its reading (data/geo's town_base_kana), so a kana run must stand where
  kanji stand in the name *and* be what the reading says there.
"""
from __future__ import annotations

import re

from .normalize import fold_name
from .townkeys import is_kana, oaza_pair

NO = "の"  # fold() writes ノ/之/丿/の as の
MAX_HEAD = 24  # longer than any town name of the four cities, typed in kana


def add_loose_names(ref, taken: set) -> None:
    """Give a CityRef (gazetteer.py) its keys without の and its towns' readings."""
    ref.loose_keys = no_dropped_keys({b: fold_name(b) for b in ref.towns}, taken)
    ref.town_keys.update(ref.loose_keys)
    ref.max_key_len = max((len(k) for k in ref.town_keys), default=0)
    ref.readings = [(fold_name(b.removeprefix("大字")), fold_name(next((t.kana for t in v.values() if t.kana), "")), b)
                    for b, v in ref.towns.items()]


def no_dropped_keys(towns: dict, taken: set) -> dict[str, str]:
    """folded name without its の → town_base, for keys naming one town and no real name."""
    found: dict[str, set] = {}
    for base, folded in towns.items():
        for name in {folded, folded.removeprefix("大字")}:
            key = name.replace(NO, "")
            if key != name and len(key) >= 2 and key not in taken:
                found.setdefault(key, set()).add(base)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def _runs(s: str) -> list[tuple[bool, str]]:
    return [(is_kana(m.group(0)[0]), m.group(0)) for m in re.finditer(r"[ァ-ヺーの]+|[^ァ-ヺーの]+", s)]


def _fits(typed: str, name: str, reading: str, whole_kana: bool) -> bool:
    runs = _runs(typed)
    if not any(k for k, _ in runs) or (all(k for k, _ in runs) and not whole_kana):
        return False  # all kana or no kana: the ordinary keys already read it
    m = re.fullmatch("".join("(.+?)" if k else re.escape(r) for k, r in runs), name)
    if not m:
        return False
    # a kana run is the name's own kana (篠ノ井), or stands for kanji of the name with at least one
    # kana each; at least one run must stand for kanji (else the ordinary keys read the text)
    pairs = list(zip(m.groups(), [r for k, r in runs if k], strict=True))
    for part, typed_kana in pairs:
        if part != typed_kana and (is_kana(part) or len(typed_kana) < sum(not is_kana(c) for c in part)):
            return False
    if all(part == typed_kana for part, typed_kana in pairs):
        return False
    in_reading = "".join(re.escape(r) if k else f".{{{len(r)},}}" for k, r in runs)
    return re.fullmatch(in_reading, reading) is not None


def mixed_kana(readings: list[tuple[str, str, str]], folded: str, whole_kana: bool = False) -> tuple[list, int] | None:
    """([town_base], characters used) for the longest start of `folded` that one town fits (or the
    丁目 town of a 大字X / X丁目 pair, which the parser then tells apart by what follows); every town
    that fits when several do (the caller must not choose). `whole_kana` also takes a name written all
    in kana (for 小字, which have no kana keys of their own)."""
    head = re.match(r"[^0-9\-\s]*", folded).group(0)  # type: ignore[union-attr]  # always matches
    if not any(is_kana(c) for c in head):
        return None
    kana_first, first = _runs(head)[0]
    # only towns that start as the text does (cheap, and keeps a long input fast)
    readings = [r for r in readings if (r[1] if kana_first else r[0]).startswith(first[:3])]
    for n in range(min(len(head), MAX_HEAD), 1, -1):
        if is_kana(head[n - 1]) and n < len(head) and is_kana(head[n]):
            continue  # a kana name must end where the match ends
        bases = {base for name, reading, base in readings if reading and _fits(head[:n], name, reading, whole_kana)}
        pair = oaza_pair(bases)
        if len(bases) == 1 or pair:
            return [pair[1] if pair else next(iter(bases))], n
        if bases:
            return sorted(bases), n  # two towns fit: never a guess
    return None
