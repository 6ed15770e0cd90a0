"""What the search page advises when nothing was found: advice that fits what happened.

A filter that emptied the list is named with what dropping it would find; the word advice
(「ことばを短く…」) is given only when the words alone found nothing; an understood need offers the
desks that answer it. Worked out on the zero-result page only, so the extra searches cost nothing
on a page that found something.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from tsunagu.data.model import KIND_LABELS

from .i18n import N_, gettext
from .schedule_filter import AMPM, DAYS, ScheduleFilter, filter_search, search_all
from .schedule_view import tokyo_today
from .views import ResourceView, resource_view


@dataclass(frozen=True)
class Relaxation:
    label: str  # 「種類: サロン・通いの場」
    url: str  # the same search without this one filter
    total: int  # what that search finds


@dataclass(frozen=True)
class NoResultAdvice:
    relaxations: tuple[Relaxation, ...]  # filters that, dropped one at a time, find something
    words_hint: bool  # the words themselves found nothing: suggest other words
    need_label: str  # the understood need (生活・お金・仕事のこと), or ""
    need_desks: tuple[ResourceView, ...]  # desks that answer that need
    nothing_yet: str = ""  # the city has no record at all yet (just added): said instead of word advice


def _total(state, city: str, text: str, filters: dict, when: ScheduleFilter, use_places: bool) -> int:
    """How many a search finds, without counting it as a search gap (it is our probe, not a visitor's)."""
    searcher = state.searcher
    if not when.active:
        return searcher.search(city, text, kind=filters["kind"] or None, target=filters["target"] or None,
                               category=filters["category"] or None, district=filters["district"] or None,
                               page=1, per_page=1, use_places=use_places).total
    everything = search_all(searcher, city, text, filters, use_places)
    resp, _ = filter_search(searcher, state.catalog, city, text, filters, everything, when, tokyo_today(), 1, 1,
                            everything=everything, use_places=use_places)
    return resp.total


# A filter's name and value in the reader's words (this page is made per request, in its reader's language).
FILTER_FORMS = {"kind": N_("種類: %(value)s"), "district": N_("地区: %(value)s"), "target": N_("対象: %(value)s"),
                "category": N_("分野: %(value)s"), "day": N_("曜日: %(value)s"), "ampm": N_("時間帯: %(value)s")}
WITHIN_A_WEEK = N_("7日以内にひらく")
# schedule_filter's half-day choices, which the search page's facet also shows with `tr`: marked here for the
# catalogs (that module is another's; mark them there when it is next touched, and drop these).
AMPM_WORDS = (N_("午前にひらく"), N_("午後にひらく"))
NOTHING_YET = N_("%(city)sの情報は、まだ登録されていません。")


def _said(name: str, value: str) -> str:
    return gettext(FILTER_FORMS[name]) % {"value": value}


def _filter_label(city, name: str, value: str) -> str:
    if name == "kind":
        return _said(name, gettext(KIND_LABELS.get(value, value)))
    if name == "district":
        d = city.district(value)
        return _said(name, d.name if d else value)  # a district's name stays as written
    return _said(name, gettext(value))


def _when_label(name: str, when: ScheduleFilter) -> str:
    if name == "day":
        return _said(name, gettext(dict(DAYS)[when.day]))
    if name == "week":
        return gettext(WITHIN_A_WEEK)
    return _said(name, gettext(dict(AMPM)[when.ampm]))


def _url(city_slug: str, params: dict) -> str:
    return f"/{city_slug}/search?" + urlencode({k: v for k, v in params.items() if v})


def relaxations(state, city, text: str, filters: dict, when: ScheduleFilter, use_places: bool) -> list[Relaxation]:
    base = {"q": text, **filters, **when.query(), "place": "" if use_places else "off"}
    out = []
    for name, value in filters.items():
        if value and name != "place":
            fewer = {**filters, name: ""}
            total = _total(state, city.slug, text, fewer, when, use_places)
            out.append(Relaxation(_filter_label(city, name, value), _url(city.slug, {**base, name: ""}), total))
    for name in ("day", "week", "ampm"):
        if when.query()[name]:
            looser = {"day": replace(when, day=""), "week": replace(when, week=False),
                      "ampm": replace(when, ampm="")}[name]
            total = _total(state, city.slug, text, filters, looser, use_places)
            out.append(Relaxation(_when_label(name, when), _url(city.slug, {**base, name: ""}), total))
    return [r for r in out if r.total]


def no_result_advice(state, city, text: str, filters: dict, when: ScheduleFilter, use_places: bool,
                     needs: list[str]) -> NoResultAdvice:
    if not state.catalog.in_city(city.slug):
        return NoResultAdvice((), False, "", (), nothing_yet=gettext(NOTHING_YET) % {"city": city.name})
    plain = {k: v for k, v in filters.items() if k != "place"}
    found = relaxations(state, city, text, plain, when, use_places)
    filtered = any(plain.values()) or when.active
    words_only = bool(text) and (not filtered or
                                 _total(state, city.slug, text, dict.fromkeys(plain, ""), ScheduleFilter(),
                                        use_places) == 0)
    vocab = state.catalog.vocabulary["needs"]
    need = next((n for n in needs if n in vocab), "")
    desks = [r for r in state.catalog.desks(city.slug) if need and need in r.needs]
    return NoResultAdvice(tuple(found), words_only, vocab.get(need, ""),
                          tuple(resource_view(r, state.catalog) for r in desks))
