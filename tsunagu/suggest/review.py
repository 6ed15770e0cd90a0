"""What a reviewer sees: the suggestion beside the current record, field by field, pre-filled to edit.

A field is pre-filled only with what the resident gave for that very field, and a field a program reads
(日時, 電話番号) only when it reads as one: 「第3火曜に変わりました」 stays in the resident's words beside the
form, never in the 日時 box (issue 28.8). The resident's whole message is always shown as sent."""
from __future__ import annotations

from dataclasses import dataclass

from tsunagu.data.cells import PHONE_RE
from tsunagu.data.schedule import PARSED, parse
from tsunagu.staff import csvstore
from tsunagu.staff.fields import EDITABLE, LABELS, NEW_ONLY, clean

from .accept import field_names
from .forms import FACTS, FORMS, LEGACY_LABELS, WRONG_CHOICES, label_of
from .models import Suggestion

NOT_A_SCHEDULE = "日時として読み取れない書き方のため、入れていません。お知らせの内容を見て、例: 毎月第2火曜 10:00〜12:00 の形で入れてください"
NOT_A_PHONE = "電話番号だけではないため、入れていません。お知らせの内容から番号を入れてください（例: 046-873-1111）"
WHOLE_SENTENCE = "どの欄の値かを分けずに届いた文のため、入れていません。お知らせの内容を見て、この欄に入れる値だけを書いてください"


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    current: str
    suggested: str  # the resident's words for this field ("" = nothing)
    value: str  # what the reviewer's form holds
    changed: bool
    note: str = ""  # why the resident's words were not put in the box


def suggested_values(sug: Suggestion) -> dict[str, str]:
    """The resident's words per record field, as they sent them for that field."""
    f = sug.fields
    if sug.kind == "correction":
        if "field" in f:  # an older one-field correction: one sentence for one field
            return {f["field"]: f.get("right", "")} if f.get("field") in {x.name for x in EDITABLE} else {}
        return {x.name: f[x.name] for x in FACTS if f.get(x.name) and x.name in LABELS}
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


def prefill(sug: Suggestion, name: str, words: str) -> tuple[str | None, str]:
    """(value for the box or None to leave the current one, why not)."""
    if sug.kind == "correction" and "field" in sug.fields:
        return None, WHOLE_SENTENCE
    if name == "schedule" and parse(words).status != PARSED:
        return None, NOT_A_SCHEDULE
    if name == "phone":
        phone, problem = clean("phone", words)
        return (phone, "") if not problem and PHONE_RE.match(phone) else (None, NOT_A_PHONE)
    return words, ""


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
        words = suggested.get(name, "")
        usable, note = prefill(sug, name, words) if words else (None, "")
        value = form.get(name, "") if form is not None else (usable if usable is not None else now)
        out.append(Row(name, LABELS.get(name, name), now, words, value, value != now, note))
    return out, csvstore.row_version(current) if current else ""


def typed(sug: Suggestion) -> list[tuple[str, str]]:
    """The resident's whole message, labelled as on the form (choices by their label, a tick as はい)."""
    out = []
    for f in FORMS[sug.kind]:
        value = sug.fields.get(f.name, "")
        if f.name != "contact" and value:
            out.append((f.label, "はい" if f.checkbox else dict(f.choice).get(value, value) if f.choice else value))
    for name, label in LEGACY_LABELS.items():
        if sug.fields.get(name):
            out.append((label, dict(WRONG_CHOICES).get(sug.fields[name], sug.fields[name])))
    return out


def facts_sent(sug: Suggestion) -> list[str]:
    """The labels of the facts a correction proposes (for the queue)."""
    if sug.kind != "correction":
        return []
    if "field" in sug.fields:
        return [dict(WRONG_CHOICES).get(sug.fields["field"], sug.fields["field"])]
    return [f.label for f in FACTS if sug.fields.get(f.name)]


def flag_rows(sug: Suggestion) -> list[tuple[str, str]]:
    return [(label_of(sug.kind, name), message) for name, message in sug.flags]


CHOICE_FIELDS = {f.name: f.choice for f in EDITABLE + NEW_ONLY if f.choice}
