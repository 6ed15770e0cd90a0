"""Typed parameters and dependencies of /api/v1 (validated by FastAPI; a bad value is a 422 in the error model).

City ids, districts, targets and needs come from the build, which can change at a hot reload, so they are
checked per request (404 / 400) rather than frozen into the schema as enums; /api/v1/cities lists them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, cast

from fastapi import Depends, Path, Query

from tsunagu.data.model import City

from ..pages.schedule_filter import ScheduleFilter, from_query
from ..routes.common import MAX_INPUT
from ..state import State
from .errors import ApiProblem

if TYPE_CHECKING:
    from tsunagu.geo.engine import GeoEngine
    from tsunagu.search.searcher import Searcher

MAX_QUERY = 2000  # a worry typed in one's own words can be long; the search page cuts at 200


async def get_geo(state: State) -> GeoEngine:
    return state.geo


async def get_searcher(state: State) -> Searcher:
    return cast("Searcher", state.searcher)


GeoDep = Annotated["GeoEngine", Depends(get_geo)]
SearcherDep = Annotated["Searcher", Depends(get_searcher)]


async def api_city(city: Annotated[str, Path(max_length=40, description="市の ID（/api/v1/cities の id）",
                                             examples=["zushi"])],
                   state: State) -> City:
    info = state.catalog.city(city)
    if info is None:
        known = ", ".join(state.catalog.cities)
        raise ApiProblem(404, f"市「{city}」はまだ載っていません。使える市: {known}", field="city")
    return info


CityDep = Annotated[City, Depends(api_city)]

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
DayCode = Literal["mo", "tu", "we", "th", "fr", "sa", "su"]
PlaceMode = Annotated[Literal["on", "off"], Query(description="off: 検索語の中の地名で絞らない")]
ResourceId = Annotated[str, Path(max_length=100, description="記録の ID")]


async def when_filter(day: Annotated[DayCode | None, Query(description="この曜日にひらく（読み取れた日時だけで判断）")] = None,
                      week: Annotated[bool, Query(description="7日以内（今日と、その後の6日間）にひらく")] = False,
                      ampm: Annotated[Literal["am", "pm"] | None, Query(description="午前／午後にひらく")] = None
                      ) -> ScheduleFilter:
    return from_query(day or "", "1" if week else "", ampm or "")


WhenDep = Annotated[ScheduleFilter, Depends(when_filter)]


async def origin_point(lat: Annotated[float | None, Query(ge=-90, le=90, description="緯度（出発地。lon と一緒に）",
                                                          examples=[35.2963])] = None,
                       lon: Annotated[float | None, Query(ge=-180, le=180, description="経度（出発地。lat と一緒に）",
                                                          examples=[139.5806])] = None) -> tuple[float, float] | None:
    if (lat is None) != (lon is None):
        raise ApiProblem(400, "緯度（lat）と経度（lon）は両方指定してください。", field="lon" if lon is None else "lat")
    return (lat, lon) if lat is not None and lon is not None else None


PointDep = Annotated[tuple[float, float] | None, Depends(origin_point)]
