"""Spellings of every town row of data/geo/town_points (what residents type for it).

A row is reachable by a spelling when parsing that spelling (with the city as context)
gives the row's town, 丁目 and 小字. Used by test_geo_reachable.py; as a script it prints
how many rows reach 3 or more spellings.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOWNS = ROOT / "data" / "geo" / "town_points_geolonia.csv"
KANJI = "〇一二三四五六七八九"


def kanji(n: int) -> str:
    if n < 10:
        return KANJI[n]
    t, o = divmod(n, 10)
    return ("" if t == 1 else KANJI[t]) + "十" + (KANJI[o] if o else "")


def hira(kana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)


def rows() -> list[dict]:
    with TOWNS.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def spellings(row: dict) -> list[str]:
    city, pref, base, koaza = row["city_name"], row["pref_name"], row["town_base"], row["koaza"]
    short = base.removeprefix("大字")
    kana = hira(row["town_base_kana"]) if len(row["town_base_kana"]) >= 2 else ""
    if koaza:
        out = [f"{city}{base}字{koaza}100", f"{city}{base}{koaza}100", f"{pref}{city}{short}字{koaza}100番地",
               f"{city}{koaza}100"]
    elif row["chome"]:
        c = int(row["chome"])
        out = [f"{city}{base}{c}丁目", f"{pref}{city}{base}{kanji(c)}丁目", f"{base}{c}丁目1番1号",
               f"{city}{base}{c}-1-1"]
        out += [f"{kana}{c}丁目1-1"] if kana else []
    else:
        out = [f"{city}{base}100", f"{pref}{city}{base}100番地", f"{city}{short}100-1", f"{short}100番地"]
        out += [f"{kana}100"] if kana else []
    return out


def reached(engine, row: dict, text: str, slug: str) -> bool:
    p = engine.parse(text, slug)
    chome = int(row["chome"]) if row["chome"] else None
    return (p.town, p.chome, p.koaza or "") == (row["town_base"], chome, row["koaza"]) and not p.unparsed


def count(engine) -> dict:
    slugs = {ref.code5: slug for slug, ref in engine.gaz.cities.items()}
    result, short = {"rows": 0, "reach_3": 0, "spellings": 0, "reached": 0}, []
    for row in rows():
        slug = slugs[row["city_code"]]
        hits = [t for t in spellings(row) if reached(engine, row, t, slug)]
        result["rows"] += 1
        result["spellings"] += len(spellings(row))
        result["reached"] += len(hits)
        result["reach_3"] += len(hits) >= 3
        if len(hits) < 3:
            short.append(f"{row['town']} {row['koaza']}: {len(hits)} of {spellings(row)}")
    result["short"] = short
    return result


if __name__ == "__main__":
    from tsunagu.geo.engine import GeoEngine

    res = count(GeoEngine(ROOT / "data"))
    for line in res.pop("short"):
        print("SHORT", line)
    print(json.dumps(res, ensure_ascii=False))
