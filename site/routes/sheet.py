"""The personal sheet for one address and its needs: `/{city}/sheet` (HTML, prints the same) and
`/{city}/sheet.pdf` (these paths are a contract). Made per request in memory; nothing is
stored, cached or logged about the address (responses say `Cache-Control: no-store`).
"""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from tsunagu.geo.answers import DeskAnswer
from tsunagu.geo.areaselect import norm_need
from tsunagu.guides.stamp import build_date, page_url

from ..deps import CityPage, State
from ..layout_pool import RETRY_AFTER, Busy
from ..pages.contexts import BusyContext, SheetContext
from ..pages.i18n import N_
from ..pages.i18n import gettext as _
from ..pages.reading import current_reading
from ..pages.templating import render
from ..pages.views import FieldError
from ..printed.personal import SIZES, build_personal_sheet, fit_personal
from ..printed.words import furigana_finish, sheet_words
from .common import MAX_INPUT, clean_text, example_note

router = APIRouter(include_in_schema=False)
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
MAX_NEEDS = 3  # one A4 page: more needs would push the salons and the memo box off it


def _inputs(state, info, address: str | None, need: list[str]) -> tuple[str, list[str], list[FieldError]]:
    errors = []
    text, cut = clean_text(address, MAX_INPUT) if address is not None else ("", False)
    vocab = state.catalog.vocabulary["needs"]
    needs = list(dict.fromkeys(n for n in (norm_need(clean_text(v)[0]) or "" for v in need[:20]) if n))
    if any(n not in vocab for n in needs):
        errors.append(FieldError("need", _("困りごとは一覧からえらんでください")))
    elif len(needs) > MAX_NEEDS:
        errors.append(FieldError("need", _("困りごとは%(n)sつまでえらんでください（A4 1枚に収めるため）。"
                                           "ほかの困りごとは、もう1枚つくれます") % {"n": MAX_NEEDS}))
    if address is not None and not text:
        errors.append(FieldError("address", _("住所を入力してください") + example_note(info.desk_examples)))
    elif cut:
        errors.append(FieldError("address", _("住所が長すぎます。%(n)s文字以内で、町名と番地だけを入力してください") % {"n": MAX_INPUT}))
    return text, [n for n in needs if n in vocab][:MAX_NEEDS], errors


def _answer_error(answer: DeskAnswer, info) -> FieldError:
    if answer.status == "out_of_area":
        other = answer.other_city or "ほかの市町村"
        return FieldError("address", f"{other}の住所のようです。{info.name}内の住所を入力してください")
    return FieldError("address", answer.message or answer.reason
                      or "住所が読み取れません。町名と番地を入力してください" + example_note(info.desk_examples))


def _sheet(state, city: str, text: str, needs: list[str], large: bool = False):
    """(sheet, document, error answer): the sheet at the first fit step that is one A4 page (large print:
    two pages, one sheet both sides)."""
    built, today = build_date(state.catalog.build_path), date.today()
    lang = current_reading().lang  # the sheet follows the reader's language (issue 30.5)
    words = sheet_words(lang, state.catalog, city)
    sheet, bad = build_personal_sheet(state, city, text, needs, built=built, today=today, words=words)
    if bad is not None:
        return None, None, bad

    def make(step: int, cap: int | None, readings: bool = True):
        words.readings = readings
        return build_personal_sheet(state, city, text, needs, built=built, today=today, step=step, cap=cap,
                                    large=large, words=words)[0]
    sheet, doc = fit_personal(make, pages=2 if large else 1, lang=lang,
                              finish=furigana_finish(lang, state.catalog, city))
    return sheet, doc, None


def busy_page(state, request: Request, info, reason: str, html_url: str = "", guide_url: str = ""):
    """429 with a way on: try again, or the web version, which prints the same (the personal sheet's for its
    PDF, the district guide's page for a district PDF)."""
    response = render(state, request, "busy.html", BusyContext({
        "city": info, "reason": reason, "retry_after": RETRY_AFTER, "retry_url": str(request.url.path) + (
            f"?{request.url.query}" if request.url.query else ""), "html_url": html_url, "guide_url": guide_url}),
        status_code=429)
    response.headers.update({**NO_STORE, "Retry-After": str(RETRY_AFTER)})
    return response


def _size(size: str | None) -> str:
    """文字の大きさ: "large", or the ordinary sheet for anything else (an old link, a typo)."""
    return size if size in SIZES else "normal"


@router.get("/{city}/sheet")
def sheet_page(city: str, info: CityPage, request: Request, state: State, address: str | None = None,
               need: Annotated[list[str], Query()] = [], size: str | None = None):  # noqa: B006 (FastAPI copies defaults)
    text, needs, errors = _inputs(state, info, address, need)
    size = _size(size)
    sheet = None
    if text and not errors:
        try:
            with request.app.state.layout_pool.slot(request.client.host if request.client else ""):
                sheet, _, bad = _sheet(state, city, text, needs, size == "large")
        except Busy as busy:
            return busy_page(state, request, info, busy.reason)
        if bad is not None:
            errors.append(_answer_error(bad, info))
    params = [("address", text)] + [("need", n) for n in needs] + ([("size", size)] if size == "large" else [])
    pdf_url = page_url("", f"/{city}/sheet.pdf", params)[0]
    response = render(state, request, "sheet.html", SheetContext({
        "city": info, "address": text, "needs": list(state.catalog.vocabulary["needs"].items()), "selected": needs,
        "sizes": list(SIZES.items()), "size": size,
        "errors": errors, "sheet": sheet, "pdf_url": pdf_url, "print_css": True,
        "breadcrumbs": [(N_("トップ"), "/"), (info.name, f"/{city}/"), (N_("相談先メモ"), None)],
    }))
    response.headers.update(NO_STORE)
    return response


@router.get("/{city}/sheet.pdf")
def sheet_pdf(city: str, info: CityPage, request: Request, state: State, address: str | None = None,
              need: Annotated[list[str], Query()] = [], size: str | None = None):  # noqa: B006 (FastAPI copies defaults)
    text, needs, errors = _inputs(state, info, address, need)
    if not errors and not text:
        errors.append(FieldError("address", "住所を入力してください" + example_note(info.desk_examples)))
    doc = pdf = None
    if not errors:
        try:
            with request.app.state.layout_pool.slot(request.client.host if request.client else ""):
                _, doc, bad = _sheet(state, city, text, needs, _size(size) == "large")
                pdf = doc.write_pdf(pdf_tags=True) if doc is not None else None
        except Busy as busy:
            html_url = f"/{city}/sheet" + (f"?{request.url.query}" if request.url.query else "")
            return busy_page(state, request, info, busy.reason, html_url)
        if bad is not None:
            errors.append(_answer_error(bad, info))
    if errors or pdf is None:
        raise HTTPException(status_code=400, detail="。".join(e.message for e in errors) + "。")
    return Response(pdf, media_type="application/pdf",
                    headers={**NO_STORE, "Content-Disposition": f'inline; filename="sheet-{city}.pdf"'})
