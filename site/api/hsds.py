"""The directory as an HSDS 3.1 API, per city (/api/hsds/{city}/…), and its profile page (/about/hsds).

Paths and paging fields follow Open Referral's schema/openapi.json; answers are the models of
tsunagu.hsds.models, made once per build by tsunagu.hsds.feed. Errors use the /api/v1 error model.
"""
from __future__ import annotations

from datetime import date, datetime
from math import ceil
from typing import Annotated, TypeVar

from fastapi import APIRouter, Path, Query, Request, Response

from tsunagu.hsds.feed import fold
from tsunagu.hsds.ids import hsds_id
from tsunagu.hsds.models import (
    Organization,
    OrganizationPage,
    Root,
    Service,
    ServiceAtLocationPage,
    ServiceListItem,
    ServicePage,
    TaxonomyPage,
    TaxonomyTermPage,
)
from tsunagu.hsds.taxonomy import taxonomies

from ..deps import CityApi, Feed, State
from ..pages.contexts import AboutContext
from ..pages.templating import render
from ..state import public_base
from .errors import ApiProblem, error_responses

router = APIRouter(tags=["hsds"])
PREFIX = "/api/hsds/{city}"
MAX_PER_PAGE = 100  # a whole city fits in two pages; more per page only makes one answer slower
PAGE_CACHE = 64  # serialised unfiltered /services pages kept per city and build (bounded: per_page varies)
T = TypeVar("T")

PageNo = Annotated[int, Query(ge=1, le=100_000, description="ページ（1から）")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description=f"1ページの件数（{MAX_PER_PAGE}まで）")]
HsdsId = Annotated[str, Path(max_length=100, description="HSDS の id（UUID）。services は記録の ID でも可")]



def paged(items: list[T], page: int, per_page: int) -> dict:
    """HSDS's paging fields; a page past the end is empty, not an error (HSDS's `empty` says so)."""
    total = len(items)
    pages = max(1, ceil(total / per_page))
    contents = items[(page - 1) * per_page: page * per_page]
    return {"total_items": total, "total_pages": pages, "page_number": page, "size": len(contents),
            "first_page": page == 1, "last_page": page >= pages, "empty": not contents, "contents": contents}


def since(value: str) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        raise ApiProblem(422, "modified_after は 2026-01-31 や 2026-01-31T00:00:00Z の形で書いてください。",
                         field="modified_after") from None


@router.get("/about/hsds", include_in_schema=False)
async def profile_page(request: Request, state: State):
    return render(state, request, "about_hsds.html", AboutContext({"cities": list(state.catalog.cities.values())}))


@router.get(PREFIX + "/", summary="HSDS: この API について", response_model=Root, responses=error_responses(404, 422))
async def hsds_root(city: CityApi, state: State, request: Request) -> Root:
    base = public_base(state, request)
    return Root(profile=f"{base}/about/hsds", openapi_url=f"{base}/openapi.json")


@router.get(PREFIX + "/services", summary="HSDS: サービスの一覧", response_model=ServicePage,
            response_model_exclude_none=True, responses=error_responses(404, 422))
async def hsds_services(feed: Feed, page: PageNo = 1, per_page: PerPage = 50,
                        q: Annotated[str, Query(max_length=200, description="名前・よみ・説明の語")] = "",
                        modified_after: Annotated[str, Query(max_length=40, description=(
                            "この日以降に確かめた（assured_date）サービスだけ。確かめた日のない記録は含みません"))] = ""
                        ) -> ServicePage | Response:
    after, words = since(modified_after), fold(q).split()
    if not words and after is None:  # the harvesting case: every page as sent is kept with the build's feed
        key = (page, per_page)
        body = feed.page_cache.get(key)
        if body is None:
            body = ServicePage.model_validate(paged(feed.list_items, page, per_page)).model_dump_json(
                exclude_none=True).encode()
            if len(feed.page_cache) < PAGE_CACHE:
                feed.page_cache[key] = body
        return Response(body, media_type="application/json")
    items: list[ServiceListItem] = [
        s for s in feed.list_items
        if all(w in feed.search_text[s.id] for w in words)
        and (after is None or (s.assured_date is not None and s.assured_date >= after.isoformat()))]
    return ServicePage.model_validate(paged(items, page, per_page))


@router.get(PREFIX + "/services/{service_id}", summary="HSDS: サービス（すべての項目）", response_model=Service,
            response_model_exclude_none=True, responses=error_responses(404, 422))
async def hsds_service(feed: Feed, service_id: HsdsId) -> Service:
    found = feed.service_by_id.get(service_id) or feed.service_by_id.get(hsds_id(feed.city.slug, "service",
                                                                                 service_id))
    if found is None:
        raise ApiProblem(404, f"{feed.city.name}に id「{service_id}」のサービスはありません。", field="service_id")
    return found


@router.get(PREFIX + "/organizations", summary="HSDS: 運営者の一覧", response_model=OrganizationPage,
            response_model_exclude_none=True, responses=error_responses(404, 422))
async def hsds_organizations(feed: Feed, page: PageNo = 1, per_page: PerPage = 50) -> OrganizationPage:
    return OrganizationPage.model_validate(paged(feed.organizations, page, per_page))


@router.get(PREFIX + "/organizations/{organization_id}", summary="HSDS: 運営者", response_model=Organization,
            response_model_exclude_none=True, responses=error_responses(404, 422))
async def hsds_organization(feed: Feed, organization_id: HsdsId) -> Organization:
    org = feed.organization_by_id.get(organization_id)
    if org is None:
        raise ApiProblem(404, f"{feed.city.name}に id「{organization_id}」の運営者はありません。",
                         field="organization_id")
    return Organization(**org.model_dump(), locations=feed.org_locations(org.id))


@router.get(PREFIX + "/service_at_locations", summary="HSDS: サービスと場所の組", response_model=ServiceAtLocationPage,
            response_model_exclude_none=True, responses=error_responses(404, 422))
async def hsds_service_at_locations(feed: Feed, page: PageNo = 1, per_page: PerPage = 50) -> ServiceAtLocationPage:
    return ServiceAtLocationPage.model_validate(paged(feed.service_at_locations(), page, per_page))


@router.get(PREFIX + "/taxonomies", summary="HSDS: 分類体系", response_model=TaxonomyPage,
            response_model_exclude_none=True, responses=error_responses(404, 422))
async def hsds_taxonomies(city: CityApi, page: PageNo = 1, per_page: PerPage = 50) -> TaxonomyPage:
    return TaxonomyPage.model_validate(paged(taxonomies(), page, per_page))


@router.get(PREFIX + "/taxonomy_terms", summary="HSDS: 分類の語", response_model=TaxonomyTermPage,
            response_model_exclude_none=True, responses=error_responses(404, 422))
async def hsds_taxonomy_terms(feed: Feed, page: PageNo = 1, per_page: PerPage = 50) -> TaxonomyTermPage:
    return TaxonomyTermPage.model_validate(paged(feed.terms, page, per_page))
