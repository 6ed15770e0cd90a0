"""Help grouped by need, for the back of the district sheet and the personal sheet.

Each record goes to the first group whose categories or targets it carries, so it is
printed once. The groups follow how people put their worry, not how the city is organised.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import HelpGroup, HelpLine

# A sheet item (model.SheetItem) or a page's ResourceView: anything with name, phone, address,
# description, categories, targets and kind_label.
Item = Any


@dataclass(frozen=True)
class NeedGroup:
    key: str
    title: str
    categories: frozenset
    targets: frozenset = frozenset()


NEED_GROUPS = (
    NeedGroup("soudan", "まず相談（分野を問わず）", frozenset({"総合相談"})),
    NeedGroup("ninchi", "認知症", frozenset({"認知症"})),
    NeedGroup("kourei", "高齢・介護", frozenset({"高齢・介護", "介護予防"}), frozenset({"高齢者", "介護する人"})),
    NeedGroup("shougai", "障がい", frozenset({"障がい"}), frozenset({"障がいのある人"})),
    NeedGroup("kosodate", "子育て・子ども", frozenset({"子育て・子ども"}), frozenset({"子育て", "子ども・若者"})),
    NeedGroup("okane", "お金・くらし・仕事", frozenset({"生活困窮", "就労", "権利擁護", "食の支援"}), frozenset({"生活困窮"})),
    NeedGroup("sumai", "住まい", frozenset({"住まい"})),
    NeedGroup("mimamori", "見守り・話し相手・居場所", frozenset({"見守り", "居場所", "地域交流"})),
    NeedGroup("sonota", "外出・健康・学び・防災ほか", frozenset()),
)

# The needs of the desk finder (vocabulary.yaml `needs`) -> what a record must carry to fit.
NEED_MATCH = {
    "高齢": ({"高齢・介護", "介護予防", "認知症"}, {"高齢者", "介護する人"}),
    "障がい": ({"障がい"}, {"障がいのある人"}),
    "子育て": ({"子育て・子ども"}, {"子育て", "子ども・若者"}),
    "生活困窮": ({"生活困窮", "就労", "食の支援", "住まい"}, {"生活困窮"}),
    "権利擁護": ({"権利擁護"}, set()),
    "ひきこもり": ({"居場所"}, {"子ども・若者"}),
    "ケアラー": ({"高齢・介護"}, {"介護する人"}),
}


def group_of(item: Item) -> NeedGroup:
    cats, targets = set(item.categories), set(item.targets)
    for g in NEED_GROUPS:
        if cats & g.categories or targets & g.targets:
            return g
    return NEED_GROUPS[-1]


def fits_need(item, need: str) -> bool:
    """Whether a record answers a need: its own `needs` list (desks) or its categories/targets."""
    if need in (getattr(item, "needs", ()) or ()):
        return True
    cats, targets = NEED_MATCH.get(need, (set(), set()))
    return bool(set(item.categories) & cats or set(item.targets) & targets)


def has_contact(item: Item) -> bool:
    """A way to reach it printed on paper: a phone number or a public address."""
    return bool(item.phone or item.address)


def reach_text(item: Item) -> str:
    parts = []
    if item.phone:
        parts.append(f"電話 {item.phone}")
    if item.address:
        parts.append(item.address)
    return "　".join(parts)


def purpose_text(item: Item, limit: int = 24) -> str:
    """What it is for, in a few words: the description's first sentence when it is short,
    otherwise the record's categories (never a cut sentence)."""
    first = (item.description or "").split("。")[0]
    if first and len(first) <= limit:
        return first
    return "・".join(c for c in item.categories if c) or item.kind_label


def help_line(item: Item) -> HelpLine:
    return HelpLine(name=item.name, purpose=purpose_text(item), reach=reach_text(item))


def group_help(items: list[Item]) -> list[HelpGroup]:
    groups = {g.key: HelpGroup(key=g.key, title=g.title) for g in NEED_GROUPS}
    for it in items:
        hg = groups[group_of(it).key]
        if has_contact(it):
            hg.lines.append(help_line(it))
        else:
            hg.others.append(it.name)
    return [g for g in groups.values() if g.lines or g.others]
