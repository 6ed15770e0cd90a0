"""One row of a supplier's list → the record fields it states, folded as the data keeps them.

An empty cell states nothing (it never empties a field: a list that leaves a column blank does not
know, it does not say "none"). Every value goes through the staff form's own cleaning (control
characters, sizes, phone dashes), after the typing habits of spreadsheets are folded (全角 digits,
半角 kana, 和暦 dates).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tsunagu.data.model import KIND_LABELS, KINDS
from tsunagu.staff.fields import clean
from tsunagu.text import fold_dashes, fold_typing, nfkc, wareki_to_iso, wareki_to_seireki

from .headers import IGNORE, Columns

PLAIN = ("id", "name", "name_kana", "venue_text", "address", "town", "phone", "contact_hours", "fee",
         "how_to_join", "description", "url", "operator", "name_en", "description_en", "description_easy")
YES = {"○", "〇", "◯", "はい", "1", "true", "yes", "y", "個人宅", "有", "あり"}
NO = {"", "×", "いいえ", "0", "false", "no", "n", "無", "なし", "-"}
_LIST_SPLIT = re.compile(r"[、,;；／/・]\s*")
KIND_WORDS = {**{label: kind for kind, label in KIND_LABELS.items()}, **{k: k for k in KINDS},
              "サロン": "salon", "通いの場": "salon", "相談窓口": "consultation_desk", "窓口": "consultation_desk",
              "支援": "support_service", "事業": "program", "講座": "program", "施設": "facility"}


@dataclass
class RowValues:
    values: dict[str, str] = field(default_factory=dict)  # record column → value
    errors: list[tuple[str, str]] = field(default_factory=list)  # (target column, message)
    notices: list[tuple[str, str]] = field(default_factory=list)  # accepted, but said to the reviewer
    private_home: bool = False


def cell_map(cols: Columns, row: tuple[str, ...]) -> dict[str, str]:
    """target → the row's text (several columns for one target are joined in file order)."""
    out: dict[str, str] = {}
    for i, target in enumerate(cols.targets):
        if not target or target == IGNORE or i >= len(row) or not row[i].strip():
            continue
        text = fold_typing(row[i].strip())
        out[target] = f"{out[target]} {text}" if target in out else text
    return out


def _words(text: str, known=()) -> list[str]:
    """A list cell's words; a word of the vocabulary that holds a separator (子育て・子ども, 高齢・介護)
    stays one word instead of becoming two unknown ones."""
    whole = sorted((k for k in known if _LIST_SPLIT.search(k)), key=len, reverse=True)
    for i, word in enumerate(whole):
        text = text.replace(word, f"\x00{i}\x00")
    words = [w.strip() for w in _LIST_SPLIT.split(text) if w.strip()]
    return [whole[int(w[1:-1])] if w.startswith("\x00") else w for w in words]


def row_values(cells: dict[str, str], city, vocabulary: dict) -> RowValues:
    out = RowValues()
    for name in PLAIN:
        if cells.get(name):
            _put(out, name, cells[name])
    schedule = " ".join(cells[k] for k in ("schedule_day", "schedule_time") if cells.get(k))
    if schedule:
        _put(out, "schedule", wareki_to_seireki(schedule))
    if cells.get("kind"):
        kind = KIND_WORDS.get(cells["kind"].strip())
        if kind is None:
            out.errors.append(("kind", f"種類「{cells['kind']}」が分かりません。使える値: {'、'.join(KIND_LABELS.values())}"))
        else:
            out.values["kind"] = kind
    if cells.get("district"):
        _district(out, cells["district"], city)
    if cells.get("targets"):
        _targets(out, cells["targets"], vocabulary.get("targets") or ())
    if cells.get("categories"):
        words = _words(cells["categories"], vocabulary.get("categories") or ())
        unknown = [w for w in words if w not in (vocabulary.get("categories") or ())]
        if unknown:
            out.errors.append(("categories", f"分野「{'」「'.join(unknown)}」は決まった言葉にありません。"
                                             f"使える値: {'、'.join(vocabulary.get('categories') or ())}"))
        else:
            out.values["categories"] = ";".join(dict.fromkeys(words))
    if cells.get("private_home"):
        flag = cells["private_home"].strip().casefold()
        if flag in YES:
            out.private_home = True
            out.values["location_public"] = "false"
        elif flag not in NO:
            out.errors.append(("private_home", f"個人宅の列は「○」か空欄にしてください（「{cells['private_home']}」）"))
    if cells.get("last_verified"):
        _verified(out, cells["last_verified"])
    return out


def _put(out: RowValues, name: str, raw: str) -> None:
    if name == "address":  # 桜山５－３－１ → 桜山5-3-1, as the address parser and the data write it
        raw = fold_dashes(nfkc(raw))
    value, problem = clean(name, raw)
    if problem:
        out.errors.append((name, problem))
    elif value:
        out.values[name] = value


def _district(out: RowValues, text: str, city) -> None:
    wanted = text.strip().removesuffix("地区")
    for d in city.districts:
        if wanted in (d.id, d.name, d.name.removesuffix("地区")):
            out.values["district"] = d.id
            return
    out.errors.append(("district", f"地区「{text}」は{city.name}の地区にありません。"
                                   f"使える値: {'、'.join(d.name for d in city.districts)}"))


def _targets(out: RowValues, text: str, allowed) -> None:
    """Words of the vocabulary become 対象; anything else stays in the supplier's words in the description."""
    words = _words(text, allowed)
    if words and all(w in allowed for w in words):
        out.values["targets"] = ";".join(dict.fromkeys(words))
        return
    line = f"対象: {text}"
    out.values["description"] = f"{out.values['description']} {line}" if out.values.get("description") else line
    out.notices.append(("targets", f"対象「{text}」は決まった言葉（{'、'.join(allowed)}）にないため、説明に「{line}」として載せます"))


def _verified(out: RowValues, text: str) -> None:
    iso = wareki_to_iso(text)
    if iso is None:
        m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text.strip())
        iso = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
    try:
        if iso is None:
            raise ValueError
        date.fromisoformat(iso)
    except ValueError:
        out.errors.append(("last_verified", f"確認日「{text}」が日付として読めません（例: 2025-04-01、令和7年4月1日）"))
        return
    out.values["last_verified"] = iso
