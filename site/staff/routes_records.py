"""Edit a record or add one: the form, then a change request (nothing is written to data/ here)."""
from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse

from tsunagu.data.missing_facts import contradictions, present_fields
from tsunagu.data.missing_facts import message as missing_message
from tsunagu.staff import changes, csvstore
from tsunagu.staff.changes import ChangeError, Context
from tsunagu.staff.fields import LABELS, district_choices, form_fields, split_list

from ..deps import CurrentStaff, FormData
from ..pages.freshness import is_stale
from ..pages.views import FieldError
from ..state import city_or_404, get_state
from .contexts import RecordFormContext
from .deps import Form, SignedIn, client_ip
from .pages import check_csrf, runtime, staff_page

router = APIRouter(prefix="/staff", include_in_schema=False)


def context(request: Request, current: SignedIn) -> Context:
    state = get_state(request)
    names = {slug: c.name for slug, c in state.catalog.cities.items()}
    # Edits are checked against the published build (shared by every server), never this server's data/.
    settings = replace(state.settings, data_dir=csvstore.edit_dir(state.settings))
    return Context(runtime(request).store, settings, current.account, client_ip(request), names)


def field_errors(err: ChangeError, fields) -> list[FieldError]:
    names = [f.name for f in fields]
    out = []
    for col, message in err.field_errors:
        target = col if col in names else names[0]
        prefix = "" if col in names else f"{LABELS.get(col, col)}: "
        out.append(FieldError(f"f-{target}", prefix + message))
    return out or [FieldError(f"f-{names[0]}", err.message)]


def _city_or_403(request: Request, current: SignedIn, city: str) -> Context:
    ctx = context(request, current)
    city_or_404(get_state(request), city)
    changes.require_city(ctx, city, "")
    return ctx


def record_form(form: Form) -> dict[str, str]:
    """The posted form with its 分野 checkboxes as one cell (`categories_shown` says the group was on the page:
    then none ticked means none, while a post without the group leaves the record's 分野 as they are)."""
    out = dict(form)
    if "categories_shown" in form:
        out["categories"] = ";".join(form.getall("categories"))
    return out


def _choices(state, city: str, values: dict, record) -> dict:
    """The district select and 分野 checkboxes, keeping a stored value the lists do not know (never dropped)."""
    districts = list(district_choices(state.catalog.city(city)))
    if values.get("district", "") not in dict(districts):
        districts.append((values["district"], f"{values['district']}（今の値）"))
    vocab = list(state.catalog.vocabulary.get("categories") or [])
    picked = split_list(values.get("categories", ""))
    derived = ""  # a salon placed by its town (data/loader.derive_districts) says so beside the select
    stored = csvstore.find_row(csvstore.edit_dir(state.settings), city, record.id) if record is not None else None
    if record is not None and record.district and stored is not None and not stored[1].get("district"):
        derived = f"いまは町名から「{dict(districts).get(record.district, record.district)}」地区として載っています。"
    return {"district_choices": districts, "district_note": derived,
            "category_choices": [(c, c) for c in vocab + [c for c in picked if c not in vocab]],
            "categories_picked": picked}


def _form_page(request: Request, current: SignedIn, city: str, record_id: str | None, values: dict, version: str, *,
               status=200, errors=(), warnings=(), history=()):
    state = get_state(request)
    info = city_or_404(state, city)  # the build may have changed since _city_or_403
    city_name = info.name
    record = state.catalog.get(city, record_id) if record_id else None
    present = present_fields(values.get)  # a description that says a present fact is missing (issue 28.5)
    warnings = [*warnings, *(("description", missing_message(s, present))
                             for s in contradictions(values.get("description", ""), present))]
    warnings = list(dict.fromkeys(warnings))  # the check already said it after a refused save: once is enough
    return staff_page(request, current, "staff/record_form.html", RecordFormContext({
        "title": (f"{values.get('name') or record_id}を直す" if record_id else f"{city_name}に記録を追加する"),
        "city": None, "city_slug": city, "city_name": city_name, "record_id": record_id,
        "fields": [f.for_city(info.examples()) for f in form_fields(new=not record_id)], "values": values, "version": version, "errors": list(errors),
        "warnings": list(warnings), "error_focus": True,  # the error summary takes focus, as on the other forms
        "record": record, "stale": is_stale(values.get("last_verified", "")) if record_id else False,
        "history": history, "can_verify": bool(record_id and current.account.can_review),
        "error_for": {e.field_id: e.message for e in errors}, **_choices(state, city, values, record),
    }), status=status, forms=3)


@router.get("/{city}/records/{record_id}")
def edit_form(city: str, record_id: str, request: Request, current: CurrentStaff):
    ctx = _city_or_403(request, current, city)
    found = csvstore.find_row(ctx.settings.data_dir, city, record_id)
    if found is None:
        raise HTTPException(status_code=404, detail="その記録はありません")
    with ctx.store.tx() as s:
        history = [h for h in changes.requests(s, [city], limit=500) if h.record_id == record_id][:20]
    return _form_page(request, current, city, record_id, found[1], csvstore.row_version(found[1]), history=history)


@router.post("/{city}/records/{record_id}")
def edit_submit(city: str, record_id: str, request: Request, current: CurrentStaff, form: FormData):
    check_csrf(request, current, form, "edit")
    ctx = _city_or_403(request, current, city)
    sent = record_form(form)
    try:
        cr = changes.propose(ctx, city, record_id, sent, form.get("version", ""))
    except ChangeError as err:
        if not err.field_errors:
            raise
        found = csvstore.find_row(ctx.settings.data_dir, city, record_id)
        values = {**(found[1] if found else {}), **{k: v for k, v in sent.items() if k in LABELS}}
        return _form_page(request, current, city, record_id, values, form.get("version", ""), status=err.status,
                          errors=field_errors(err, form_fields(new=False)), warnings=err.warnings)
    return RedirectResponse(f"/staff/changes/{cr.id}", status_code=303)


@router.get("/{city}/new")
def new_form(city: str, request: Request, current: CurrentStaff):
    _city_or_403(request, current, city)
    return _form_page(request, current, city, None, {"kind": "salon", "location_public": "true"}, "")


@router.post("/{city}/new")
def new_submit(city: str, request: Request, current: CurrentStaff, form: FormData):
    check_csrf(request, current, form, "add")
    ctx = _city_or_403(request, current, city)
    sent = record_form(form)
    try:
        cr = changes.propose(ctx, city, None, sent, "")
    except ChangeError as err:
        if not err.field_errors:
            raise
        values = {k: v for k, v in sent.items() if k in LABELS}
        return _form_page(request, current, city, None, values, "", status=err.status,
                          errors=field_errors(err, form_fields(new=True)), warnings=err.warnings)
    return RedirectResponse(f"/staff/changes/{cr.id}", status_code=303)


@router.post("/{city}/records/{record_id}/verify")
def verify(city: str, record_id: str, request: Request, current: CurrentStaff, form: FormData):
    check_csrf(request, current, form, "verify")
    ctx = _city_or_403(request, current, city)
    cr = changes.verify_unchanged(ctx, city, record_id, form.get("version", ""))
    runtime(request).poke()
    return RedirectResponse(f"/staff/changes/{cr.id}", status_code=303)
