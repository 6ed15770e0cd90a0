"""What a reviewer sees: the suggestion beside the current record, field by field, pre-filled to edit."""
from __future__ import annotations

from dataclasses import dataclass

from tsunagu.staff import csvstore
from tsunagu.staff.fields import EDITABLE, LABELS, NEW_ONLY

from .accept import field_names
from .forms import label_of
from .models import Suggestion


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    current: str
    suggested: str  # what the visitor's words propose for this field ("" = nothing)
    value: str  # what the reviewer's form holds
    changed: bool


def suggested_values(sug: Suggestion) -> dict[str, str]:
    f = sug.fields
    if sug.kind == "correction":
        return {f["field"]: f.get("right", "")} if f.get("field") in {x.name for x in EDITABLE} else {}
    home = f.get("place_type") == "home"
    out = {"name": f.get("name", ""), "kind": "salon", "town": f.get("town", ""), "schedule": f.get("when", ""),
           "phone": f.get("public_contact", ""), "location_public": "false" if home else "true"}
    if f.get("place_type") == "venue":
        out["venue_text"] = f.get("place", "")
    elif f.get("place_type") == "address":
        out["address"] = f.get("place", "")
    parts = [f"運営: {f['organiser']}。" if f.get("organiser") else "", f.get("note", "")]
    out["description"] = "".join(parts)
    return out


def rows(data_dir, sug: Suggestion, form: dict | None = None) -> tuple[list[Row], str]:
    """(rows, version of the current record)."""
    current = {}
    if sug.record_id:
        found = csvstore.find_row(data_dir, sug.city, sug.record_id)
        current = found[1] if found else {}
    suggested = suggested_values(sug)
    out = []
    for name in field_names(sug.kind):
        now = current.get(name, "") or ""
        proposal = suggested.get(name, "")
        value = form.get(name, "") if form is not None else (proposal if name in suggested else now)
        out.append(Row(name, LABELS.get(name, name), now, proposal, value, value != now))
    return out, csvstore.row_version(current) if current else ""


def typed(sug: Suggestion) -> list[tuple[str, str]]:
    """The visitor's words, labelled as on the form (choices shown by their label)."""
    from .forms import FORMS
    out = []
    for f in FORMS[sug.kind]:
        value = sug.fields.get(f.name, "")
        if f.name != "contact" and value:
            out.append((f.label, dict(f.choice).get(value, value) if f.choice else value))
    return out


def flag_rows(sug: Suggestion) -> list[tuple[str, str]]:
    return [(label_of(sug.kind, name), message) for name, message in sug.flags]


CHOICE_FIELDS = {f.name: f.choice for f in EDITABLE + NEW_ONLY if f.choice}
