"""An HSDS tabular package (as `tsunagu export hsds` writes it) read back as one list for `tsunagu import`.

Each service becomes one row under the importer's own column names, with a mapping naming them, so the
package goes through the same reading, checks and review as a 社協's spreadsheet: nothing is written here.
What HSDS cannot carry back: our record ids (the importer matches by name and place, and an id the city
does not have is refused), facilities (HSDS locations without a service), schedules' exact text when the
parser read it (the row keeps 「元の記載」), the plan's line citations (the import names the package as its
supplier, as every import does) and corrections.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from tsunagu.importer.sheet import Sheet, SheetError

from .mapping import NO_OPERATOR

COLUMNS = ("name", "name_kana", "kind", "venue_text", "address", "town", "district", "schedule_day", "phone",
           "contact_hours", "fee", "how_to_join", "targets", "description", "url", "operator", "private_home",
           "categories", "last_verified", "name_en", "description_en", "description_easy")
ORIGINAL = "元の記載: "  # a read schedule's description ends with the text as written (tsunagu.hsds.schedules)


def is_package(path: Path) -> bool:
    return (path / "datapackage.json").is_file() if path.is_dir() else path.name == "datapackage.json"


def _table(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _by(rows: list[dict[str, str]], key: str) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        out[row.get(key, "")].append(row)
    return out


def _terms(codes: list[str], taxonomy: str) -> str:
    """The record's words of one vocabulary, from its attributes (eligibility_description joins them with
    ・, which is also inside words like 子育て・子ども); ; is a separator the importer reads."""
    return ";".join(c.removeprefix(f"{taxonomy}:") for c in codes if c.startswith(f"{taxonomy}:"))


def read_package(path: Path) -> tuple[Sheet, dict[str, str]]:
    """(the services as a sheet, the mapping of its headers) — for plan_import."""
    folder = path if path.is_dir() else path.parent
    services = _table(folder, "services.csv")
    if not services:
        raise SheetError(f"{folder.name}: services.csv がないか空です（HSDS のデータパッケージではありません）")
    t = {name: _table(folder, f) for name, f in (("org", "organizations.csv"), ("loc", "locations.csv"),
                                                 ("addr", "addresses.csv"), ("terms", "taxonomy_terms.csv"))}
    orgs = {o["id"]: o for o in t["org"]}
    locs = {loc["id"]: loc for loc in t["loc"]}
    addrs = _by(t["addr"], "location_id")
    terms = {term["id"]: term for term in t["terms"]}
    sals = _by(_table(folder, "service_at_location.csv"), "service_id")
    phones = _by(_table(folder, "phones.csv"), "service_id")
    schedules = _by(_table(folder, "schedules.csv"), "service_id")
    attributes = _by(_table(folder, "attributes.csv"), "link_id")
    rows: list[tuple[str, ...]] = [COLUMNS]
    for s in services:
        loc = next((locs[sal["location_id"]] for sal in sals[s["id"]] if sal["location_id"] in locs), {})
        addr = next(iter(addrs.get(loc.get("id", ""), [])), {})
        codes = [terms[a["taxonomy_term_id"]].get("code", "") for a in attributes[s["id"]]
                 if a["taxonomy_term_id"] in terms]
        phone = next(iter(phones[s["id"]]), {})
        private = loc.get("tsunagu_private_home") == "true"
        org = orgs.get(s["organization_id"], {}).get("name", "")
        values = {
            "name": s["name"], "name_kana": s.get("tsunagu_name_kana", ""), "kind": s.get("tsunagu_kind", ""),
            "venue_text": "" if private or loc.get("name") == loc.get("tsunagu_town") else loc.get("name", ""),
            "address": addr.get("city", "") + addr.get("address_1", "") if addr else "",
            "town": loc.get("tsunagu_town", "") if private or loc.get("name") == loc.get("tsunagu_town") else "", "district": s.get("tsunagu_district", ""),
            "schedule_day": "　".join(sc["description"].rpartition(ORIGINAL)[2] for sc in schedules[s["id"]][:1]),
            "phone": phone.get("number", ""), "contact_hours": phone.get("description", "").removeprefix("受付: "),
            "fee": s.get("fees_description", ""), "how_to_join": s.get("application_process", ""),
            "targets": _terms(codes, "targets"), "description": s.get("description", ""),
            "url": s.get("url", ""), "operator": "" if org == NO_OPERATOR else org,
            "private_home": "○" if private else "",
            "categories": _terms(codes, "categories"),
            "last_verified": s.get("assured_date", ""),
            # the profile's language extensions (tsunagu/hsds/models.py), back into the record's own columns
            "name_en": s.get("tsunagu_name_en", ""), "description_en": s.get("tsunagu_description_en", ""),
            "description_easy": s.get("tsunagu_description_easy", ""),
        }
        rows.append(tuple(values[c] for c in COLUMNS))
    return Sheet(f"{folder.name}/services.csv", tuple(rows), "utf-8"), {c: c for c in COLUMNS}
