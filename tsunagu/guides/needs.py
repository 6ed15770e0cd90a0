"""Help grouped by need, for the back of the district sheet and the personal sheet.

Each record goes to the first group whose categories or targets it carries, so it is
printed once. The groups follow how people put their worry, not how the city is organised.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import HelpGroup, HelpLine
from .words import JAPANESE, N_, Words

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
    NeedGroup("soudan", N_("まず相談（分野を問わず）"), frozenset({"総合相談"})),
    NeedGroup("ninchi", N_("認知症"), frozenset({"認知症"})),
    NeedGroup("kourei", N_("高齢・介護"), frozenset({"高齢・介護", "介護予防"}), frozenset({"高齢者", "介護する人"})),
    NeedGroup("shougai", N_("障がい"), frozenset({"障がい"}), frozenset({"障がいのある人"})),
    NeedGroup("kosodate", N_("子育て・子ども"), frozenset({"子育て・子ども"}), frozenset({"子育て", "子ども・若者"})),
    NeedGroup("okane", N_("お金・くらし・仕事"), frozenset({"生活困窮", "就労", "権利擁護", "食の支援"}), frozenset({"生活困窮"})),
    NeedGroup("sumai", N_("住まい"), frozenset({"住まい"})),
    NeedGroup("mimamori", N_("見守り・話し相手・居場所"), frozenset({"見守り", "居場所", "地域交流"})),
    NeedGroup("sonota", N_("外出・健康・学び・防災ほか"), frozenset()),
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


def reach_text(item: Item, words: Words = JAPANESE) -> str:
    parts = []
    if item.phone:
        parts.append(words(N_("電話 %(phone)s")) % {"phone": item.phone})
    if item.address:
        parts.append(item.address)
    return "　".join(parts)


def purpose_text(item: Item, limit: int = 24, words: Words = JAPANESE) -> str:
    """What it is for, in a few words: the description's first sentence when it is short,
    otherwise the record's categories (never a cut sentence). English runs about twice as long."""
    if words.lang == "en":  # a Japanese description (no description_en) gives its categories instead
        text, limit = item.description or "", limit * 3
        first = "" if "。" in text else text.split(". ")[0].rstrip(".")
    else:
        first = (item.description or "").split("。")[0]
    if first and len(first) <= limit:
        return first
    return "・".join(words(c) for c in item.categories if c) or words(item.kind_label)


def help_line(item: Item, words: Words = JAPANESE) -> HelpLine:
    return HelpLine(name=item.name, purpose=purpose_text(item, words=words), reach=reach_text(item, words),
                    name_lang=getattr(item, "name_lang", ""))


def heading(text: str, lang: str) -> str:
    """A catalog word used as a heading: English capitalises it (the catalog holds it as written mid-sentence)."""
    return text[:1].upper() + text[1:] if lang == "en" else text


def group_help(items: list[Item], words: Words = JAPANESE) -> list[HelpGroup]:
    groups = {g.key: HelpGroup(key=g.key, title=heading(words(g.title), words.lang)) for g in NEED_GROUPS}
    for it in items:
        hg = groups[group_of(it).key]
        if has_contact(it):
            hg.lines.append(help_line(it, words))
        else:
            hg.others.append(it.name)
    return [g for g in groups.values() if g.lines or g.others]
