"""HSDS ids must be UUIDs: each is a UUID 5 of the directory's own key, so a record keeps its HSDS id in every
build and in an exported package, and an importer can recompute it."""
from __future__ import annotations

import uuid

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:tsunagu:hsds")


def hsds_id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))
