"""`tsunagu check` for data/areas/<city>.yaml: towns exist, no overlaps, gaps listed.

Overlaps are errors (one address, two desks of the same service: the finder could not
answer). Gaps are warnings: the plan itself leaves some addresses to no desk, and the
site must say so rather than pick one. The enumeration follows the Zushi inventory:
every town × 丁目 (and the 丁目-less 大字) × 番 1–40 × 号 1–70 × inside/outside each
named area.
"""
from __future__ import annotations

from pathlib import Path

from tsunagu.data import reference
from tsunagu.data.problems import Problem

from .rules import CityRules, load_all

BAN_MAX, GO_MAX = 40, 70


def _runs(values: list[int]) -> str:
    runs: list[list[int]] = []
    for v in sorted(values):
        if runs and v == runs[-1][1] + 1:
            runs[-1][1] = v
        else:
            runs.append([v, v])
    return "・".join(f"{a}" if a == b else f"{a}〜{b}" for a, b in runs)


def _label(town: str, chome) -> str:
    return f"{town}{chome}丁目" if chome is not None else f"{town}（丁目なし）"


def check_city(data_dir: Path, cr: CityRules, directory) -> list[Problem]:
    problems: list[Problem] = []
    rel = cr.path
    cities = getattr(directory, "cities", {}) or {}
    city = cities.get(cr.city)
    if city is None:
        return [Problem(rel, 0, "city", f"市「{cr.city}」が data/cities.yaml にありません")]
    towns = reference.load(data_dir).chomes(city.code5)  # town_base → 丁目 (None: the 丁目-less town)
    for area in cr.areas:
        for r in area.rules:
            if r.town not in towns:
                problems.append(Problem(rel, r.line, "town", f"町名「{r.town}」が{city.name}の町名一覧（town_points）にありません"))
            elif r.chome is not None:
                missing = [c for c in r.chome if c not in towns[r.town]]
                if missing:
                    problems.append(Problem(rel, r.line, "chome", f"{r.town}に{_runs(missing)}丁目はありません"))
    for n in cr.named_areas:
        if n.ban is None:
            problems.append(Problem(rel, n.line, "named_areas",
                                    f"「{n.name}」（{n.town}{n.chome or ''}丁目）が何番にあたるか分かりません。"
                                    f"番だけの住所では担当を決められないことがあります。{n.note}", "warning"))
    problems.extend(_overlaps_and_gaps(cr, towns, rel, city.name))
    problems.extend(_desks(cr, directory, rel))
    return problems


def _overlaps_and_gaps(cr: CityRules, towns: dict, rel: str, city_name: str) -> list[Problem]:
    problems: list[Problem] = []
    services = sorted({a.service for a in cr.areas})
    if not cr.areas:
        return problems
    for service in services:
        for town in sorted(towns):
            rules = cr.rules_for(town, service)
            for chome in sorted(towns[town], key=lambda c: -1 if c is None else c):
                detailed = any(r.ban or r.go or r.only or r.exclude for r in rules
                               if r.chome is None or chome in r.chome)
                bans = range(1, BAN_MAX + 1) if detailed else [1]
                gos = range(1, GO_MAX + 1) if detailed else [1]
                nameds = [None] + [n.name for n in cr.named_areas if n.town == town and n.chome in (None, chome)]
                overlap = None
                gap: dict[int, list[int]] = {}  # 番 → the 号 no area covers
                for named in nameds:
                    for ban in bans:
                        for go in gos:
                            hit = cr.evaluate(town, chome, ban, go, named, service)
                            if len(hit) > 1 and overlap is None:
                                overlap = (ban, go, named, hit)
                            if not hit and named is None:
                                gap.setdefault(ban, []).append(go)
                if overlap:
                    ban, go, named, hit = overlap
                    where = f"{_label(town, chome)}{ban}番{go}号" if detailed else _label(town, chome)
                    lines = sorted({r.line for r in rules if r.area in hit})
                    problems.append(Problem(rel, lines[0] if lines else 0, "rules",
                                            f"{where}{'（' + named + '）' if named else ''}が2つの区域"
                                            f"（{'・'.join(hit)}）に入っています。ルールの重なりを直してください"))
                if gap:
                    problems.append(Problem(rel, 0, "areas", _gap_message(town, chome, gap, detailed, city_name),
                                            "warning"))
    return problems


def _gap_message(town, chome, gap: dict, detailed: bool, city_name: str) -> str:
    head = _label(town, chome)
    if not detailed:
        return f"{head}はどの担当区域にも入っていません（{city_name}の計画に記載なし）。この住所には窓口を案内できません"
    full = [b for b, gos in gap.items() if len(gos) == GO_MAX]
    part = {b: gos for b, gos in gap.items() if len(gos) < GO_MAX}
    bits = []
    if full and max(full) == BAN_MAX:  # the last run reaches the enumeration's end: "17番以降"
        start = max(full)
        while start - 1 in full:
            start -= 1
        head_runs = [b for b in full if b < start]
        bits += [f"{_runs(head_runs)}番"] if head_runs else []
        bits.append(f"{start}番以降")
    elif full:
        bits.append(f"{_runs(full)}番")
    bits += [f"{b}番{_runs(g)}号" for b, g in sorted(part.items())]
    return f"{head}の{'、'.join(bits)}はどの担当区域にも入っていません（計画に記載なし）"


def _desks(cr: CityRules, directory, rel: str) -> list[Problem]:
    """Desk ids named in the YAML should exist once the resources are loaded (warnings only:
    the finder falls back to the desk as printed in the plan)."""
    problems: list[Problem] = []
    resources = [r for r in getattr(directory, "resources", []) if r.city == cr.city]
    if not resources:
        return problems
    ids = {r.id: r for r in resources}
    for area in cr.areas:
        if area.desk and area.desk not in ids:
            problems.append(Problem(rel, area.line, "desk", f"窓口 id「{area.desk}」が resources/{cr.city}.csv にありません"
                                    "（計画に印字の名称・電話で案内します）", "warning"))
        elif area.desk and ids[area.desk].area != area.id:
            problems.append(Problem(rel, area.line, "desk", f"窓口「{area.desk}」の area が「{ids[area.desk].area}」です。"
                                    f"「{area.id}」にしてください", "warning"))
    gid = cr.general_desk.get("id")
    if gid and gid not in ids:
        name = cr.general_desk.get("name", "")
        found = [r.id for r in resources if name and r.name == name]
        problems.append(Problem(rel, 0, "general_desk",
                                f"総合窓口の id「{gid}」が resources/{cr.city}.csv にありません"
                                + (f"（名前の一致: {', '.join(found)}）" if found else ""), "warning"))
    return problems


def check_area_rules(data_dir: Path, directory) -> list[Problem]:
    """Validate data/areas/*.yaml against the gazetteer and the directory (tsunagu check/build)."""
    all_rules, problems = load_all(Path(data_dir))
    for cr in all_rules.values():
        problems.extend(check_city(Path(data_dir), cr, directory))
    return problems
