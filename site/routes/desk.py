"""Find the desk that covers an address: the answer in text first, then the area map."""
from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Request

from tsunagu.geo.answers import DeskAnswer
from tsunagu.geo.areaselect import norm_need
from tsunagu.text import office_name

from ..deps import CityPage, State
from ..pages.answer_words import say
from ..pages.contacts import general_desks
from ..pages.contexts import DeskContext
from ..pages.i18n import N_
from ..pages.i18n import gettext as _
from ..pages.maps import MapSpec
from ..pages.templating import render
from ..pages.views import FieldError, ResourceView
from .common import MAX_INPUT, clean_text, desk_view, example_note

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class DeskAnswerView:
    """What the desk_answer macro shows: the engine's answer and its desks as the directory's records."""
    answer: DeskAnswer
    city_slug: str
    city_name: str
    address: str
    need: str = ""
    desk: ResourceView | None = None
    candidates: list[ResourceView] = field(default_factory=list)
    also: list[ResourceView] = field(default_factory=list)
    fallback: list[ResourceView] = field(default_factory=list)  # not_covered: the city's general desks
    other_city: str = ""  # out_of_area: the municipality the address is in
    other_city_slug: str = ""  # …when this site has it
    nothing_yet: bool = False  # the city has no desk at all yet (just added): the heading says so


def need_options(state) -> list[tuple[str, str]]:
    return [("", N_("特に決めていない（まず総合窓口へ）"))] + list(state.catalog.vocabulary["needs"].items())


def answer_view(state, info, answer: DeskAnswer, address: str, need: str) -> DeskAnswerView:
    other = answer.other_city or ""
    slug_by_name = {c.name: c.slug for c in state.catalog.cities.values()}
    return DeskAnswerView(
        answer, info.slug, info.name, address, need, desk=desk_view(state, answer.desk),
        candidates=[d for d in (desk_view(state, c) for c in answer.candidates) if d],
        also=[d for d in (desk_view(state, c) for c in answer.also) if d],
        fallback=general_desks(state, info.slug) if answer.status == "not_covered" else [],
        other_city=other if other != info.name else "",
        other_city_slug=slug_by_name.get(other, "") if other != info.name else "",
        nothing_yet=not state.catalog.desks(info.slug))


def no_desks_note(state, info) -> str:
    """Said on the page before any address is typed, when the city has no desk at all (just added)."""
    if state.catalog.desks(info.slug):
        return ""
    # Two of the desk answer's own sentence forms, so English and やさしい日本語 pages say it too (answer_words).
    return (f"{info.name}の相談窓口は、まだ登録されていません。"
            f"{office_name(info.name)}の福祉の担当課にお問い合わせください。")


@router.get("/{city}/desk")
async def desk_page(city: str, info: CityPage, request: Request, state: State, address: str | None = None, need: str = ""):
    errors: list[FieldError] = []
    answer = None
    text, cut = clean_text(address, limit=MAX_INPUT) if address is not None else ("", False)
    need = norm_need(clean_text(need)[0]) or ""  # 認知症, お金 … mean a need of the list
    if need and need not in state.catalog.vocabulary["needs"]:
        errors.append(FieldError("need", _("困りごとは一覧からえらんでください")))
    if address is not None and not text:
        errors.append(FieldError("address", _("住所を入力してください") + example_note(info.desk_examples)))
    elif cut:
        errors.append(FieldError("address", _("住所が長すぎます。%(n)s文字以内で、町名と番地だけを入力してください") % {"n": MAX_INPUT}))
    if text and not errors:
        answer = state.geo.lookup_desk(city, text, need or None, list(state.catalog.in_city(city)))
        if answer.status == "unparseable":
            said = answer.message or answer.reason  # the engine's words, in the reader's language when we can
            errors.append(FieldError("address", (say(said) or said) if said
                                     else _("住所が読み取れません。町名と番地を入力してください") + example_note(info.desk_examples)))
    ctx = DeskContext({"city": info, "address": text if address is not None else "", "need": need, "needs": need_options(state),
           "errors": errors, "answer": answer, "map": None, "no_desks": no_desks_note(state, info),
           "breadcrumbs": [(N_("トップ"), "/"), (info.name, f"/{city}/"), ("相談窓口をさがす", None)]})
    if answer and not errors:
        ctx["view"] = view = answer_view(state, info, answer, text, need)
        ctx["desk"] = view.desk  # the page title names it
        if state.geo.gaz.cities[city].outline is not None:  # a city just added has no boundary to draw yet
            ctx["map"] = state.maps.render(MapSpec(city=city, show_areas=True))
    return render(state, request, "desk.html", ctx, status_code=200)
