"""One city of a build as HSDS's tabular data package: datapackage.json + one CSV per HSDS table.

The descriptor is Open Referral's own (schema/datapackage.json): every table with its official Table Schema,
so a package validates against the standard, not against a schema we wrote. Tables we have nothing for are
written with their header only, which keeps the standard's foreign keys (program, contact …) resolvable.
Three changes, listed in the descriptor's `tsunagu` note: the `tsunagu_*` extension columns are added
(after the official ones, described); addresses.postal_code is not required — the records hold no postal
codes, and a guessed one would say more than the source; and the two official tables whose schema is
itself invalid (service_capacity, unit) are left out.
"""
from __future__ import annotations

import copy
import csv
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .feed import CityFeed
from .models import Location, OrganizationBase, Schedule, ServiceBase
from .schemas import schema
from .taxonomy import taxonomies

EXTENSION_TYPES = {"tsunagu_sources": "array", "tsunagu_exceptions": "array", "tsunagu_private_home": "boolean"}
EXTENSIONS: dict[str, type[BaseModel]] = {"service": ServiceBase, "organization": OrganizationBase, "location": Location, "schedule": Schedule}
NOTE = ("Tsunagu (つなぐ) Japan profile of HSDS 3.1, see /about/hsds. Changes to the official descriptor: "
        "tsunagu_* extension columns added; addresses.postal_code not required (the records hold none); "
        "service_capacity and unit left out (their official Table Schemas name a primary key they lack).")


def table_rows(feed: CityFeed) -> dict[str, list[dict[str, Any]]]:
    """Rows per HSDS resource name, from the same models the API answers with."""
    services = feed.services
    sals = [sal for s in services for sal in s.service_at_locations]
    return {
        "organization": [o.model_dump() for o in feed.organizations],
        "service": [s.model_dump(include=set(ServiceBase.model_fields)) for s in services],
        "location": [loc.model_dump(exclude={"addresses"}) for loc in feed.locations],
        "address": [a.model_dump() for loc in feed.locations for a in loc.addresses],
        "service_at_location": [sal.model_dump(exclude={"location"}) for sal in sals],
        "phone": [p.model_dump() for s in services for p in s.phones],
        "schedule": [sc.model_dump() for s in services for sc in s.schedules],
        "service_area": [a.model_dump() for s in services for a in s.service_areas],
        "attribute": [a.model_dump(exclude={"taxonomy_term"}) for s in services for a in s.attributes],
        "taxonomy_term": [t.model_dump(exclude={"taxonomy_detail"}) for t in feed.terms],
        "taxonomy": [t.model_dump() for t in taxonomies()],
    }


def descriptor(city_name: str, slug: str) -> dict[str, Any]:
    package = copy.deepcopy(schema("datapackage.json"))
    package.update(name=f"tsunagu_{slug}_hsds", title=f"つなぐ {city_name} HSDS 3.1", tsunagu=NOTE)
    package["resources"] = [r for r in package["resources"] if _sound(r)]
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        for field in fields:
            if resource["name"] == "address" and field["name"] == "postal_code":
                field["constraints"]["required"] = False
        model: type[BaseModel] | None = EXTENSIONS.get(resource["name"])
        for name, info in (model.model_fields.items() if model else ()):
            if name.startswith("tsunagu_"):
                fields.append({"name": name, "type": EXTENSION_TYPES.get(name, "string"),
                               "description": info.description or "Tsunagu extension, see /about/hsds#extensions"})
    return package


def _sound(resource: dict[str, Any]) -> bool:
    """False for a table whose primary key is not one of its fields: at SPEC_COMMIT the official descriptor's
    service_capacity and unit are such (frictionless refuses the schema), and no table we fill refers to them."""
    key = resource["schema"].get("primaryKey")
    return not key or key in {f["name"] for f in resource["schema"]["fields"]}


def cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if kind == "time" and len(str(value)) == 5:  # Table Schema times are hh:mm:ss; ours are read as hh:mm
        return f"{value}:00"
    return str(value)


def export_city(feed: CityFeed, out: Path) -> dict[str, int]:
    """Write the package into `out` (created); returns rows written per file."""
    out.mkdir(parents=True, exist_ok=True)
    package = descriptor(feed.city.name, feed.city.slug)
    rows = table_rows(feed)
    counts: dict[str, int] = {}
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        table = rows.get(resource["name"], [])
        with (out / resource["path"]).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow([f["name"] for f in fields])
            for row in table:
                writer.writerow([cell(row.get(f["name"]), f["type"]) for f in fields])
        counts[resource["path"]] = len(table)
    (out / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return counts
