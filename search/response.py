"""What a search returns: the hits, facets, suggestion and how the query was understood.

`to_json` is the API contract (`/api/v1/{city}/search`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .understand import Interpretation


@dataclass
class Hit:
    id: str
    score: float


@dataclass
class SearchResponse:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    message: str | None = None
    interpretation: Interpretation = field(default_factory=Interpretation)
    place: dict | None = None  # {"name", "word", "district", "mode": "filter" | "boost"} when the query named a place
    fallback: bool = False  # only the loose fallback found something
    matched: int = 0  # records the words found before any filter

    @property
    def is_gap(self) -> bool:
        """Words that found nothing as typed (what `tsunagu search-gaps` counts)."""
        has_words = any(ch.isalnum() for ch in self.query)  # symbols alone are not a word to add
        return has_words and (self.fallback or self.matched == 0)

    @property
    def interpreted(self) -> dict:
        """How the query was understood (the API's `interpreted`, the page's explanation)."""
        i = self.interpretation
        return {"needs": i.needs, "understood": [{"word": w, "label": label} for w, label in i.understood],
                "district": (self.place or {}).get("district") or None,
                "place": self.place, "words": i.words}

    def to_json(self, records_by_id: Mapping) -> dict:
        """The API contract. lat/lon are null for records whose location is not public."""
        results = []
        for h in self.hits:
            r = records_by_id.get(h.id)
            if r is None:  # index and records out of step: leave the row out rather than fail
                continue
            public = bool(r.location_public)
            results.append({
                "id": r.id, "name": r.name, "kind": r.kind, "district": r.district,
                "categories": list(r.categories), "targets": list(r.targets),
                "score": round(h.score, 4), "precision": r.precision,
                "lat": r.lat if public else None, "lon": r.lon if public else None,
            })
        return {"query": self.query, "total": self.total, "results": results,
                "facets": self.facets, "suggestion": self.suggestion, "interpreted": self.interpreted}
