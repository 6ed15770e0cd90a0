"""The record's own text in other languages in HSDS (issue 30.2): HSDS 3.1 has no translation fields, so the
Japan profile carries `name_en`, `description_en` and `description_easy` as the extensions
`tsunagu_name_en`, `tsunagu_description_en` and `tsunagu_description_easy` of a service — in the API answer
(valid against the official schema), as columns of the data package (described in its descriptor), and back
into the record's own columns when `tsunagu import` reads the package."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from world import copy_data

from tsunagu.hsds.export import export_city
from tsunagu.hsds.feed import make_feed
from tsunagu.hsds.mapping import service
from tsunagu.hsds.package_reader import read_package
from tsunagu.hsds.schemas import validator
from tsunagu.hsds.taxonomy import terms
from tsunagu.importer.plan import plan_import

pytestmark = pytest.mark.bundled_data

TEXT = {"name_en": "Sakurayama Tea Salon", "description_en": "Older people meet over tea once a month.",
        "description_easy": "お年よりが あつまって、お茶を のみます。"}


def salon(app):
    state = app.state.holder.current
    catalog = state.catalog
    record = next(r for r in catalog.in_city("zushi") if r.kind == "salon" and r.location_public and r.town)
    return state, catalog, replace(record, **TEXT)


def test_the_service_carries_the_language_extensions_and_stays_valid(app):
    state, catalog, record = salon(app)
    city = catalog.city("zushi")
    s = service(record, city, catalog, state.geo.rules.get("zushi"), terms(catalog.vocabulary))
    body = json.loads(s.model_dump_json(exclude_none=True))
    assert (body["tsunagu_name_en"], body["tsunagu_description_en"], body["tsunagu_description_easy"]) == tuple(TEXT.values())
    errors = [e.message for e in validator("service.json").iter_errors(body)]
    assert not errors, errors
    plain = json.loads(service(replace(record, **dict.fromkeys(TEXT, "")), city, catalog,
                               state.geo.rules.get("zushi"), terms(catalog.vocabulary)).model_dump_json(exclude_none=True))
    assert not any(k in plain for k in ("tsunagu_name_en", "tsunagu_description_en", "tsunagu_description_easy"))


def test_the_package_carries_them_and_the_import_reads_them_back(app, tmp_path):
    state, catalog, record = salon(app)
    city = catalog.city("zushi")
    feed = make_feed(catalog, city, state.geo.rules.get("zushi"))
    at = next(i for i, s in enumerate(feed.services) if s.tsunagu_id == record.id)
    feed.services[at] = feed.services[at].model_copy(update={f"tsunagu_{k}": v for k, v in TEXT.items()})
    export_city(feed, tmp_path / "pkg")
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in descriptor["resources"] if r["name"] == "service" for f in r["schema"]["fields"]}
    assert "やさしい日本語" in fields["tsunagu_description_easy"]["description"]
    data = copy_data(tmp_path / "data")
    table = data / "resources" / "zushi.csv"
    table.write_text(table.read_text(encoding="utf-8").splitlines(True)[0], encoding="utf-8")  # zushi, empty
    sheet, mapping = read_package(tmp_path / "pkg")
    plan = plan_import(sheet, data, "zushi", "salon", mapping)
    row = next(r for r in plan.rows if any(c["field"] == "name" and c["after"] == record.name for c in r.changes))
    after = {c["field"]: c["after"] for c in row.changes}
    assert row.verdict == "new", row
    assert {k: after.get(k) for k in TEXT} == TEXT
