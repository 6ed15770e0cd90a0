"""Covered-area rules (data/areas/<city>.yaml): load and evaluate (the checks: rules_check.py).

A rule says "these addresses belong to this area". Evaluation is on concrete values
(town, 丁目 or None for the 丁目-less 大字, 番, 号, named area); the desk finder enumerates
the values a partial address leaves open, so "新宿4丁目" is answered from the same rules
that answer "新宿4丁目2番35号" — there is no second, hand-written table to drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tsunagu.data.problems import Problem
from tsunagu.data.yamlio import YamlFileError, read_yaml

from .normalize import fold_name

NONE = "__none__"  # an address no area covers


class _LineLoader(yaml.SafeLoader):
    """Records the 1-based line of every mapping as `__line__`, for file:row messages."""


def _mapping_with_line(loader, node):
    m = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    m["__line__"] = node.start_mark.line + 1
    return m


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _span(rng: tuple | None, unit: str) -> str:
    """(6, 6) → 「6番」, (38, 42) → 「38〜42号」."""
    if rng is None:
        return ""
    return f"{rng[0]}{unit}" if rng[0] == rng[1] else f"{rng[0]}〜{rng[1]}{unit}"


@dataclass(frozen=True)
class Cond:
    ban: tuple | None = None  # (from, to) inclusive
    go: tuple | None = None
    named: str | None = None

    def words(self) -> str:
        return self.named if self.named is not None else _span(self.ban, "番") + _span(self.go, "号")

    def holds(self, ban, go, named) -> bool:
        if self.named is not None:
            return named == self.named
        return _in(self.ban, ban) and _in(self.go, go)


def _in(rng, v) -> bool:
    return rng is None or (v is not None and rng[0] <= v <= rng[1])


@dataclass(frozen=True)
class Rule:
    area: str
    town: str
    chome: tuple | None  # None = all (the 丁目-less 大字 included)
    ban: tuple | None = None
    go: tuple | None = None
    only: tuple = ()
    exclude: tuple = ()
    line: int = 0
    lines: tuple = ()
    interpretation: bool = False
    note: str = ""

    def words(self) -> str:
        """The rule as a resident reads it: 「新宿4丁目6番38〜42号」「桜山5丁目のうち35〜37番・葉桜団地」."""
        place = self.town + ("" if self.chome is None else "・".join(map(str, self.chome)) + "丁目")
        if self.chome is None and not (self.ban or self.go or self.only):
            place += "（町内すべて）"
        place += _span(self.ban, "番") + _span(self.go, "号")
        if self.only:
            place += "のうち" + "・".join(c.words() for c in self.only)
        if self.exclude:
            place += "（" + "・".join(c.words() for c in self.exclude) + "を除く）"
        return place

    def matches(self, town, chome, ban, go, named) -> bool:
        if town != self.town or (self.chome is not None and chome not in self.chome):
            return False
        if not (_in(self.ban, ban) and _in(self.go, go)):
            return False
        if self.only and not any(c.holds(ban, go, named) for c in self.only):
            return False
        return not any(c.holds(ban, go, named) for c in self.exclude)


@dataclass
class Area:
    id: str
    name: str
    service: str
    desk: str = ""
    desk_as_printed: dict = field(default_factory=dict)
    lines: tuple = ()
    as_printed: str = ""
    rules: list = field(default_factory=list)
    line: int = 0

    @property
    def printed_text(self) -> str:
        """The plan's wording without the curators' line-join marks (「… / 6番38~42号」)."""
        return "".join(part.strip() for part in self.as_printed.split(" / "))


@dataclass
class NamedArea:
    name: str
    town: str
    chome: int | None
    ban: tuple | None  # None = unknown
    aliases: tuple = ()
    note: str = ""
    line: int = 0


@dataclass
class CityRules:
    city: str
    path: str
    plan: str = ""
    general_desk: dict = field(default_factory=dict)
    areas: list = field(default_factory=list)
    named_areas: list = field(default_factory=list)
    not_covered_message: str = ""

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def rules_for(self, town: str, service: str | None = None) -> list[Rule]:
        return [r for a in self.areas if service in (None, a.service) for r in a.rules if r.town == town]

    def evaluate(self, town, chome, ban, go, named, service: str | None = None) -> list[str]:
        """Area ids covering one concrete address (more than one = an overlap)."""
        return [a.id for a in self.areas if service in (None, a.service)
                and any(r.matches(town, chome, ban, go, named) for r in a.rules)]

    def named_in(self, building: str | None, town: str, chome: int | None) -> str | None:
        if not building:
            return None
        b = fold_name(building)
        for n in self.named_areas:
            if (n.town == town and (n.chome is None or chome in (None, n.chome))
                    and any(fold_name(x) in b for x in (n.name, *n.aliases))):
                return n.name
        return None

    def breakpoints(self, town: str, dim: str) -> list[int]:
        """Representative 番 (or 号) values: one per interval the rules distinguish."""
        pts = {1}
        for r in self.rules_for(town):
            for rng in [getattr(r, dim)] + [getattr(c, dim) for c in (*r.only, *r.exclude)]:
                if rng:
                    pts.update((rng[0], rng[1] + 1))
        return sorted(pts)


class RulesError(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def _range(v, where: str, errors: list, rel: str, line: int):
    if v is None:
        return None
    if (isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) and x > 0 for x in v) and v[0] <= v[1]):
        return (v[0], v[1])
    errors.append(Problem(rel, line, where, f"{where} は [始め, 終わり] の形の正の整数で書いてください（例: [35, 37]）"))
    return None


def _conds(items, rel, line, errors, key) -> tuple:
    out = []
    for c in items or []:
        if not isinstance(c, dict):
            errors.append(Problem(rel, line, key, f"{key} の各項目は {{ban: [..]}} か {{named: 名前}} です"))
            continue
        ln = c.get("__line__", line)
        unknown = set(c) - {"ban", "go", "named", "__line__"}
        if unknown:
            errors.append(Problem(rel, ln, key, f"{key} に使えない項目: {', '.join(sorted(unknown))}"))
        out.append(Cond(_range(c.get("ban"), "ban", errors, rel, ln), _range(c.get("go"), "go", errors, rel, ln),
                        c.get("named")))
    return tuple(out)


def load_city_rules(path: Path, rel: str | None = None) -> CityRules:
    """Parse one YAML file; raises RulesError listing every problem found."""
    rel = rel or path.name
    errors: list[Problem] = []
    try:
        raw = read_yaml(path, rel, _LineLoader) or {}
    except YamlFileError as exc:
        raise RulesError([exc.problem]) from exc
    if not isinstance(raw, dict):
        raise RulesError([Problem(rel, 0, "-", "ファイルの一番上は city: / areas: を持つ対応表にしてください")])
    cr = CityRules(str(raw.get("city") or path.stem), rel, str(raw.get("plan") or ""),
                   {k: v for k, v in (raw.get("general_desk") or {}).items() if k != "__line__"})
    cr.not_covered_message = str(raw.get("not_covered_message") or "")
    for n in raw.get("named_areas") or []:
        ban = None if n.get("ban") in (None, "unknown") else _range(n.get("ban"), "ban", errors, rel, n["__line__"])
        cr.named_areas.append(NamedArea(str(n.get("name", "")), str(n.get("town", "")), n.get("chome"), ban,
                                        tuple(n.get("aliases") or ()), str(n.get("note", "")), n["__line__"]))
    seen: set[str] = set()
    for a in raw.get("areas") or []:
        line = a.get("__line__", 0) if isinstance(a, dict) else 0
        if not isinstance(a, dict) or not a.get("id"):
            errors.append(Problem(rel, line, "id", "区域には id が必要です"))
            continue
        if a["id"] in seen:
            errors.append(Problem(rel, line, "id", f"区域 id「{a['id']}」が2回あります"))
        seen.add(a["id"])
        area = Area(a["id"], str(a.get("name", a["id"])), str(a.get("service", "houkatsu")), str(a.get("desk", "")),
                    {k: v for k, v in (a.get("desk_as_printed") or {}).items() if k != "__line__"},
                    tuple(a.get("lines") or ()), str(a.get("as_printed", "")), [], line)
        for r in a.get("rules") or []:
            rl = r.get("__line__", line)
            unknown = set(r) - {"town", "chome", "ban", "go", "only", "except", "lines", "interpretation", "note",
                                "__line__"}
            if unknown:
                errors.append(Problem(rel, rl, "rules", f"ルールに使えない項目: {', '.join(sorted(unknown))}"))
            if not r.get("town"):
                errors.append(Problem(rel, rl, "town", "ルールには town（町名）が必要です"))
                continue
            chome = r.get("chome", "all")
            if chome == "all":
                chome_t = None
            elif isinstance(chome, list) and chome and all(isinstance(c, int) and c > 0 for c in chome):
                chome_t = tuple(chome)
            else:
                errors.append(Problem(rel, rl, "chome", "chome は all か丁目の番号のリストです（例: [1, 2]）"))
                continue
            go = _range(r.get("go"), "go", errors, rel, rl)
            if go and not r.get("ban"):
                errors.append(Problem(rel, rl, "go", "go（号）を書くときは ban（番）も書いてください"))
            area.rules.append(Rule(area.id, str(r["town"]), chome_t, _range(r.get("ban"), "ban", errors, rel, rl), go,
                                   _conds(r.get("only"), rel, rl, errors, "only"),
                                   _conds(r.get("except"), rel, rl, errors, "except"),
                                   rl, tuple(r.get("lines") or ()), bool(r.get("interpretation")), str(r.get("note", ""))))
        cr.areas.append(area)
    if errors:
        raise RulesError(errors)
    return cr


def load_all(data_dir: Path) -> tuple[dict[str, CityRules], list[Problem]]:
    out, problems = {}, []
    folder = Path(data_dir) / "areas"
    for path in sorted(folder.glob("*.yaml")) if folder.exists() else []:
        try:
            out[path.stem] = load_city_rules(path, f"areas/{path.name}")
        except RulesError as exc:
            problems.extend(exc.problems)
    return out, problems
