"""Open Referral's official HSDS 3.1 schemas, vendored in schema/ (CC BY-SA 4.0, see schema/LICENSE.md).

Copied unchanged from github.com/openreferral/specification, branch 3.1-dev, commit
abc731c8ac11825010e9d74a0ab61dcd48e880ec: schema/compiled/{service,service_list,organization,organization_list,
service_at_location_list}.json, schema/{taxonomy,taxonomy_term,metadata,openapi}.json and datapackage.json.
jsonschema is a test dependency, so validators are made on demand and never at import time of the server.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_COMMIT = "abc731c8ac11825010e9d74a0ab61dcd48e880ec"


def schema(name: str) -> dict[str, Any]:
    """One vendored file by name, e.g. 'service.json'."""
    return json.loads(resources.files("tsunagu.hsds").joinpath("schema", name).read_text(encoding="utf-8"))


@cache
def validator(name: str) -> Any:
    """A Draft 2020-12 validator (with format checks: uuid, date-time …) for one vendored schema; the
    uncompiled taxonomy schemas refer to each other by file name, resolved from the vendored copies."""

    registry: Registry = Registry().with_resources(
        (n, Resource.from_contents(schema(n), default_specification=DRAFT202012))
        for n in ("taxonomy.json", "taxonomy_term.json", "metadata.json"))
    return Draft202012Validator(schema(name), registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def page_validator() -> Any:
    """HSDS's paging envelope, from schema/openapi.json (components.schemas.Page), with its fields required."""

    page = dict(schema("openapi.json")["components"]["schemas"]["Page"])
    page["required"] = [*page["properties"], "contents"]
    return Draft202012Validator(page)
