"""The personal sheet: one address and its needs on one A4 page, made per request.

Nothing about the person is kept: the sheet is built in memory from the request, never
written to disk, cached or logged; the address is in no file name.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tsunagu.geo.answers import DeskAnswer
from tsunagu.guides.contact import ask_note
from tsunagu.guides.model import HelpGroup
from tsunagu.guides.needs import fits_need, has_contact, heading, help_line
from tsunagu.guides.stamp import as_of_text, page_url, qr_data_uri
from tsunagu.guides.weekdays import next_dates_of
from tsunagu.guides.words import JAPANESE, N_, Words

from ..pages.views import ResourceView, resource_view
from ..routes.common import general_desks
from .words import InLanguage

SALONS = 5
SERVICE_KINDS = ("consultation_desk", "support_service")
# Steps that make a full sheet fit its pages, least loss first: (salons, names per 「ほかにも」 line at least,
# "also" desks). At each step more names then fill what room is left (fit_personal). Type is never made
# smaller; what is left out is counted on the sheet and is on the web page.
FIT_STEPS = ((5, 3, None), (4, 3, None), (3, 3, 3), (3, 0, 2), (3, 0, 0), (2, 0, 0))  # (salons, names, "also")
SIZES = {"normal": N_("ふつう"), "large": N_("大きい")}
WEEKDAY_SHORT = "月火水木金土日"
EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class DeskPart:
    needs_label: str
    status: str
    desks: list[ResourceView]
    reason: str = ""
    ask: str = ""
    also: list[ResourceView] = field(default_factory=list)
    also_more: int = 0  # "also" desks left off this page (they are on the web page)


@dataclass
class SalonLine:
    item: ResourceView
    next_dates: str


@dataclass
class PersonalSheet:
    city: object
    address: str
    need_labels: list[str]
    desk_parts: list[DeskPart]
    salons: list[SalonLine]
    origin_note: str
    services: list[HelpGroup]
    as_of: str
    url: str
    url_shown: str
    qr: str
    contact_note: str = ""  # no desk above has a phone or place: whom to ask instead (guides/contact.py)
    large: bool = False  # the large-print version (16 pt, two pages)
    lang: str = "ja"  # the reader's language (issue 30.5)
    own_text_note: str = ""  # some records have no text of their own in that language: the sheet says so

    @property
    def most_names(self) -> int:
        """The longest 「ほかにも」 line's number of names (as built, before any were left out)."""
        return max((len(g.others) for g in self.services), default=0)


def _view(r, catalog, words: Words, **kw: Any) -> Any:
    """A record as the sheet prints it: the page's view, with its own text in the sheet's language over it."""
    view = resource_view(r, catalog, **kw)
    if words.lang == "ja":
        return view
    return InLanguage(view, {**words.record(view), "schedule_said": words.schedule(view.schedule)})


def desk_parts(state, city: str, address: str, needs: list[str], words: Words = JAPANESE
               ) -> tuple[list[DeskPart], DeskAnswer | None]:
    """The desk answer for each need, merged where the answer is the same. Returns (parts, error answer)."""
    vocab = state.catalog.vocabulary["needs"]
    resources = list(state.catalog.in_city(city))
    parts: dict[tuple, DeskPart] = {}
    wanted: list[str | None] = list(needs) or [None]  # no need chosen: the desk for anything
    for need in wanted:
        answer = state.geo.lookup_desk(city, address, need, resources)
        if answer.status in ("unparseable", "out_of_area"):
            return [], answer
        if answer.status == "not_covered":
            desks = [_view(state.catalog.resources[d.id], state.catalog, words) for d in general_desks(state, city)
                     if d.id in state.catalog.resources]
        else:
            found = [answer.desk] if answer.desk else answer.candidates
            desks = [_view(state.catalog.resources[d.id], state.catalog, words) for d in found
                     if d.id in state.catalog.resources]
        also = [_view(state.catalog.resources[d.id], state.catalog, words) for d in answer.also
                if d.id in state.catalog.resources]
        key = (answer.status, tuple(d.id for d in desks), tuple(d.id for d in also))
        label = words(vocab.get(need, need)) if need else words(N_("どんな困りごとでも"))
        if key in parts:
            parts[key].needs_label += "・" + label
            continue
        ask = ""
        if answer.status == "ambiguous":  # on paper: what to find out, not what to type
            ask = words(N_("住所の%(part)sが分かれば、窓口が一つに決まります。")) % {
                "part": words(answer.hint or N_("番地"))}
        parts[key] = DeskPart(label, answer.status, desks, words.answer(answer.reason), ask, also)
    return list(parts.values()), None


def date_short(d: date, lang: str) -> str:
    """A next date, short: 12月9日（火） (English: Tue 9 Dec)."""
    if lang == "en":
        return f"{EN_WEEKDAYS[d.weekday()]} {d.day} {EN_MONTHS[d.month - 1]}"
    return f"{d.month}月{d.day}日（{WEEKDAY_SHORT[d.weekday()]}）"


def nearest_salons(state, city: str, address: str, today: date, limit: int = SALONS,
                   words: Words = JAPANESE) -> tuple[list[SalonLine], str]:
    answer = state.geo.nearest(city, list(state.catalog.in_city(city)), address=address, kind="salon",
                               limit=limit)
    lines = []
    for row in answer.results:
        r = state.catalog.resources.get(row.id)
        if r is None:
            continue
        view = _view(r, state.catalog, words, distance_m=row.distance_m, walk_min=row.walk_min)
        dates = next_dates_of(r.schedule, today)
        lines.append(SalonLine(view, (", " if words.lang == "en" else "、").join(date_short(d, words.lang) for d in dates)))
    # Too few with a known place: add the city's salons that meet "all over the city" (no distance).
    if len(lines) < min(3, limit):
        shown = {line.item.id for line in lines}
        for r in state.catalog.in_city(city):
            if len(lines) >= min(3, limit):
                break
            if r.kind == "salon" and r.id not in shown and not (r.district and r.district != "all") and r.lat is None:
                lines.append(SalonLine(_view(r, state.catalog, words), ""))
    return lines, words.answer(answer.message)


def need_services(state, city: str, needs: list[str], shown: set[str], cap: int | None = None,
                  words: Words = JAPANESE) -> list[HelpGroup]:
    """The services for each need; `cap`: names per 「ほかにも」 line (None: all), the rest counted."""
    vocab = state.catalog.vocabulary["needs"]
    groups = []
    for need in needs:
        group = HelpGroup(key=need, title=heading(words(vocab.get(need, need)), words.lang))
        for r in state.catalog.in_city(city):
            if (r.kind not in SERVICE_KINDS or r.id in shown or r.area not in ("", "city")
                    or not fits_need(r, need)):
                continue
            view = _view(r, state.catalog, words)
            if has_contact(view):
                group.lines.append(help_line(view, words))
            else:
                group.others.append(view.name)
        if cap is not None and len(group.others) > cap:
            rest = len(group.others) - cap
            group.others = group.others[:cap] + [words(N_("ほか%(n)s件（ウェブ版にすべてあります）")) % {"n": rest}]
            if not cap:
                group.others = [words(N_("%(n)s件（ウェブ版にすべてあります）")) % {"n": rest}]
        groups.append(group)
    return groups


def build_personal_sheet(state, city: str, address: str, needs: list[str], *, built: date, today: date,
                         step: int = 0, cap: int | None = None, large: bool = False,
                         words: Words = JAPANESE) -> tuple[PersonalSheet | None, DeskAnswer | None]:
    """The sheet at a fit step (FIT_STEPS) with `cap` names per 「ほかにも」 line (None: all), in `words`' language."""
    parts, error = desk_parts(state, city, address, needs, words)
    if error is not None:
        return None, error
    salon_limit, _, also_cap = FIT_STEPS[step]
    for part in parts:
        if also_cap is not None and len(part.also) > also_cap:
            part.also_more, part.also = len(part.also) - also_cap, part.also[:also_cap]
    salons, origin_note = nearest_salons(state, city, address, today, salon_limit, words)
    shown = {d.id for p in parts for d in p.desks + p.also}
    services = need_services(state, city, needs, shown, cap, words)
    params = ([("address", address)] + [("need", n) for n in needs] + ([("size", "large")] if large else [])
              + ([("lang", words.lang)] if words.lang != "ja" else []))
    url, shown_url = page_url(state.settings.public_url, f"/{city}/sheet", params)
    vocab = state.catalog.vocabulary["needs"]
    verified = [d.last_verified for p in parts for d in p.desks] + [s.item.last_verified for s in salons]
    desks = [d for p in parts for d in p.desks]
    note = ask_note(desks, desks + [d for p in parts for d in p.also] + general_desks(state, city), words=words)
    printed = desks + [d for p in parts for d in p.also] + [s.item for s in salons]
    return PersonalSheet(
        city=state.catalog.city(city), address=address, need_labels=[words(vocab.get(n, n)) for n in needs],
        desk_parts=parts, salons=salons, origin_note=origin_note, services=services,
        as_of=as_of_text(built, verified, words), url=url, url_shown=shown_url, qr=qr_data_uri(url),
        contact_note=note, large=large, lang=words.lang, own_text_note=words.own_text_note(printed)), None


def fit_personal(make: Callable[..., PersonalSheet | None], pages: int = 1, lang: str = "ja",
                 finish: Callable[[str], str] | None = None) -> tuple[PersonalSheet | None, Any]:
    """The first of FIT_STEPS that lays out on `pages` A4 pages, with as many names as then fit.

    `make(step, cap, readings)` builds the sheet; returns (sheet, WeasyPrint document), all in memory (never
    a file: the address is in it). The web page uses the same sheet, so it shows what the PDF shows.
    In English or やさしい日本語 the readings (romaji beside Japanese names, `finish`'s ふりがな) are kept
    while the whole sheet fits with them; otherwise they are left to the web page before anything is cut.
    """
    from weasyprint import CSS, HTML  # lazy: adds 1.8 s to importing this module

    from tsunagu.guides.render import PRINT_CSS, template_env  # lazy: adds 0.1 s to importing this module
    template = template_env(lang).get_template("printed/personal_pdf.html")
    css = [CSS(filename=str(PRINT_CSS))]
    laid: dict[str, tuple[Any, bool]] = {}  # a step that changes nothing on this sheet is not laid out again

    def lay(sheet: PersonalSheet, readings: bool) -> tuple[PersonalSheet, Any, bool]:
        html = template.render(sheet=sheet)
        html = finish(html) if finish is not None and readings else html  # ふりがな on a やさしい日本語 sheet
        if html not in laid:
            doc = HTML(string=html).render(stylesheets=css, pdf_tags=True)
            laid[html] = doc, len(doc.pages) <= pages
        return (sheet, *laid[html])

    if lang != "ja":
        kept = _first_fit(make, lay, True, FIT_STEPS[:1])
        if kept is None or kept[2]:
            return kept[:2] if kept else (None, None)
    found = _first_fit(make, lay, lang == "ja", FIT_STEPS)
    return found[:2] if found else (None, None)


def _first_fit(make, lay, readings: bool, steps) -> tuple[PersonalSheet | None, Any, bool] | None:
    """The first of `steps` that fits, filled with as many names as fit; else the last tried (still over, but
    nothing dropped without a count). None when there is no sheet."""
    best: tuple[PersonalSheet | None, Any, bool] = (None, None, False)
    for step, (_, least, _) in enumerate(steps):
        whole = make(step, None, readings)
        if whole is None:
            return None
        most = whole.most_names
        # The fewest names this step keeps first: when even that is too much, the step is passed by.
        best = lay(whole if most <= least else make(step, least, readings), readings)
        if not best[2]:
            continue
        if most <= least:
            return best
        if (tried := lay(whole, readings))[2]:
            return tried
        # Fill the room left (issue 28): the most names per line that still fit (invariant: lo fits, hi+1 does not).
        lo, hi = least, most - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if (tried := lay(make(step, mid, readings), readings))[2]:
                lo, best = mid, tried
            else:
                hi = mid - 1
        return best
    return best
