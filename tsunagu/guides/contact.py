"""What a printed sheet says when the desk it points to has no phone and no place (issue 28).

「連絡先は上の窓口へ」 is a circle when that desk has no contact either. The sheet then says plainly that
the contact is not registered yet, whom to ask (a general desk's own number from the data, else the city
hall's main line by name: never a number the data does not hold) and where a reader can send the contact.
The words are the web page's desk card's (site/templates/macros/components.html, desk_card).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .words import JAPANESE, N_, Words

NOT_YET = "まだ登録されていません"
OTHERS_TO_DESK = "連絡先は{where}へ"
OTHERS_NOT_YET = "連絡先はまだ登録されていません"

# A sheet item (model.SheetItem) or a page's ResourceView: anything with name, phone, address and place.
Item = Any


def reachable(item: Item) -> bool:
    """A way to reach it printed on paper: a phone, or a place to go to."""
    return bool(item.phone or item.address or item.place)


def whom_to_ask(candidates: Iterable[Item], words: Words = JAPANESE) -> str:
    """Whom to ask for a contact the sheet does not have: the first desk with a phone, else the city hall."""
    phoned = next((d for d in candidates if d.phone), None)
    if phoned is not None:
        return words(N_("%(name)s（電話 %(phone)s）で、名前を伝えてたずねてください。")) % {
            "name": phoned.name, "phone": phoned.phone}
    return words(N_("市役所の代表電話で、名前を伝えてたずねてください。"))


def ask_note(desks: list[Item], others: Iterable[Item], url_shown: str = "", words: Words = JAPANESE) -> str:
    """The sentences a sheet prints when none of `desks` (the ones it calls 「上の窓口」) can be reached;
    "" when one can. `others`: desks of the city that might have a phone. Without `url_shown` the note
    points at the address printed in the sheet's header (a full page cannot spare it twice)."""
    if any(reachable(d) for d in desks):
        return ""
    where = (words(N_("ウェブ版（%(url)s）")) % {"url": url_shown} if url_shown
             else words(N_("この紙の上に書いたウェブ版")))
    return (words(N_("窓口の連絡先はまだ登録されていません。")) + whom_to_ask(others, words)
            + words(N_("連絡先をご存じの方は、%(where)sからお知らせください（確認してから載せます）。")) % {"where": where})
