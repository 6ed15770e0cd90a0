"""Typed query and path parameters of /api/v1, validated by FastAPI: a bad value is a 422 in the error model.
The dependencies (the city, the origin point, the 曜日 filter …) are declared in site/deps.py.

City ids, districts, targets and needs come from the build, which can change at a hot reload, so they are
checked per request (404 / 400) rather than frozen into the schema as enums; /api/v1/cities lists them.
"""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path, Query

from ..routes.common import MAX_INPUT

MAX_QUERY = 2000  # a worry typed in one's own words can be long; the search page cuts at 200

Address = Annotated[str, Query(max_length=MAX_INPUT, description="住所（町名・丁目・番・号。郵便番号や市名から書いても可）",
                               examples=["新宿4丁目2番35号"])]
Need = Annotated[str, Query(max_length=40, description="相談したいこと（高齢・障がい・子育て・生活困窮 など。"
                                                     "空なら総合の窓口）", examples=["子育て"])]
Station = Annotated[str, Query(max_length=MAX_INPUT, description="駅名（出発地）", examples=["東逗子"])]
Town = Annotated[str, Query(max_length=MAX_INPUT, description="町名（出発地）")]
# One Literal, not `Kind | Literal["all"]`: a union would answer a bad value with one error per member.
NearKind = Annotated[Literal["salon", "consultation_desk", "support_service", "program", "facility", "all"],
                     Query(description="資源の種類（all はすべて）")]
Limit = Annotated[int, Query(ge=1, le=50, description="件数")]
SearchText = Annotated[str, Query(max_length=MAX_QUERY, description="検索語（自分のことばで）", examples=["久木でお茶"])]
Facet = Annotated[str, Query(max_length=100, description="絞り込み（値は facets のキー）")]
Page = Annotated[int, Query(ge=1, le=1000, description="ページ（1から）")]

PlaceMode = Annotated[Literal["on", "off"], Query(description="off: 検索語の中の地名で絞らない")]
ResourceId = Annotated[str, Path(max_length=100, description="記録の ID")]


