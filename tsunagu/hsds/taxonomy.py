"""The directory's own vocabularies (kind, categories, targets, needs) as HSDS taxonomies and terms.

They are the words `data/vocabulary.yaml` fixes and `tsunagu check` enforces; no external taxonomy (211 LA,
Open Eligibility) is claimed, because no record was coded against one.
"""
from __future__ import annotations

from tsunagu.data.model import KIND_LABELS, Resource

from .ids import hsds_id
from .models import TaxonomyDetail, TaxonomyTerm

TAXONOMIES = {
    "kind": "つなぐの資源の種類（サロン・相談窓口・支援サービス・事業・施設）",
    "categories": "つなぐの分類（何をする・何の相談か）",
    "targets": "つなぐの対象（どなた向けか）",
    "needs": "つなぐの相談したいこと（相談窓口が受ける内容）",
}


def taxonomies() -> list[TaxonomyDetail]:
    return [TaxonomyDetail(id=hsds_id("taxonomy", name), name=f"tsunagu_{name}", description=text, version="1")
            for name, text in TAXONOMIES.items()]


def terms(vocabulary: dict) -> dict[str, TaxonomyTerm]:
    """Every term, keyed by its code "taxonomy:word" (a word can be in two vocabularies: 障がい, 子育て)."""
    words: dict[str, dict[str, str]] = {
        "kind": dict(KIND_LABELS),
        "categories": {w: f"分類「{w}」" for w in vocabulary.get("categories", ())},
        "targets": {w: f"対象「{w}」" for w in vocabulary.get("targets", ())},
        "needs": dict(vocabulary.get("needs", {})),
    }
    details = {t.name.removeprefix("tsunagu_"): t for t in taxonomies()}
    out: dict[str, TaxonomyTerm] = {}
    for tax, entries in words.items():
        for code, text in entries.items():
            out[f"{tax}:{code}"] = TaxonomyTerm(
                id=hsds_id("taxonomy", tax, code), code=f"{tax}:{code}", name=KIND_LABELS.get(code, code) if tax == "kind" else code,
                description=text, taxonomy=f"tsunagu_{tax}", taxonomy_id=details[tax].id,
                taxonomy_detail=details[tax])
    return out


def record_terms(r: Resource, all_terms: dict[str, TaxonomyTerm]) -> list[TaxonomyTerm]:
    keys = [f"kind:{r.kind}"] + [f"categories:{c}" for c in r.categories] + [f"targets:{t}" for t in r.targets]
    keys += [f"needs:{n}" for n in r.needs]
    return [all_terms[k] for k in keys if k in all_terms]
