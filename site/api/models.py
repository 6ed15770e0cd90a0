"""Response models of /api/v1: records, schedules, points and cities (answers are in api_answers.py).

The JSON is the contract clients already read; these models document it in /openapi.json. Fields that
an answer carries only sometimes are optional and left out when absent (routes use exclude_unset).
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, get_args, get_origin, get_type_hints

from pydantic import Field, create_model

from tsunagu.data.model import Resource
from tsunagu.model_base import PRECISION_TEXT as PRECISION_TEXT
from tsunagu.model_base import ApiModel as ApiModel
from tsunagu.model_base import Kind as Kind
from tsunagu.model_base import NextDate as NextDate
from tsunagu.model_base import Precision as Precision


class ScheduleRule(ApiModel):
    """One recurrence as an HSDS 3 schedule row (byday in RFC 5545 codes: TU, 1TU, -1FR)."""
    freq: str = Field(examples=["WEEKLY", "MONTHLY"])
    interval: int
    byday: str | None
    bymonth: str | None
    bymonthday: str | None
    opens_at: str | None
    closes_at: str | None
    dtstart: str | None
    part_of_day: Literal["am", "pm"] | None


class ScheduleException(ApiModel):
    """When every rule is off: holidays, weekdays, months, the year end."""
    type: Literal["holidays", "weekdays", "months", "year_end"]
    label: str
    action: str | None = Field(default=None, description="next_day: 祝日の場合は翌日")
    byday: str | None = None
    months: list[int] | None = None
    from_: str | None = Field(default=None, alias="from", examples=["12-29"])
    to: str | None = Field(default=None, examples=["01-03"])


class ScheduleStructured(ApiModel):
    """What was read from the schedule text. status text: nothing could be read — the text stays text."""
    source: str = Field(description="書かれたままの日時")
    status: Literal["parsed", "partial", "text"]
    schedules: list[ScheduleRule]
    exceptions: list[ScheduleException]
    valid_from: str | None
    notes: list[str] = Field(description="読み取れなかった部分（そのまま）")
    timezone: Literal["Asia/Tokyo"]
    description: str = Field(description="読み取れた内容のやさしい日本語（読み取れないときは空）")


class SourceRef(ApiModel):
    """Where the record came from: plan lines, or a named supplier."""
    plan: str
    lines: list[int]
    supplier: str


class CorrectionRef(ApiModel):
    field: str
    as_printed: str
    corrected: str
    certainty: Literal["certain", "probable", "uncertain"]
    note: str


# The record's public shape is the record model itself (data/model.py), declared once: every field but
# those that never leave the build, with JSON types for its tuples and nested parts, plus the schedule as
# read. A column added to the record reaches the API without a second declaration.
NOT_PUBLIC = frozenset({"origin"})
JSON_TYPES: dict[str, Any] = {
    "kind": Kind,
    "precision": Annotated[Precision, Field(description=PRECISION_TEXT)],
    "source": list[SourceRef],
    "corrections": list[CorrectionRef],
}


def _json_type(annotation: Any) -> Any:
    if get_origin(annotation) is tuple:  # tuple[str, ...] in the record, a list in JSON
        return list[get_args(annotation)[0]]  # type: ignore[misc]
    return annotation


ResourceOut = create_model(  # type: ignore[call-overload]
    "ResourceOut",
    __base__=ApiModel,
    __doc__="One record, public fields only: a private place has no coordinates and no address.",
    **{name: (JSON_TYPES.get(name, _json_type(annotation)), ...)
       for name, annotation in get_type_hints(Resource).items() if name not in NOT_PUBLIC},
    schedule_structured=(ScheduleStructured | None, ...),
    next_dates=(list[NextDate], ...),
)


class PointGeometry(ApiModel):
    type: Literal["Point"]
    coordinates: tuple[float, float] = Field(description="[経度, 緯度]（GeoJSON の順）")


class PointProperties(ApiModel):
    id: str
    name: str
    kind: Kind
    precision: Precision = Field(description=PRECISION_TEXT)
    url: str = Field(description="記録のページ")


class PointFeature(ApiModel):
    type: Literal["Feature"]
    geometry: PointGeometry
    properties: PointProperties


class PointCollection(ApiModel):
    """Records whose place may be shown, as GeoJSON points (private places are left out)."""
    type: Literal["FeatureCollection"]
    features: list[PointFeature]


class DistrictOut(ApiModel):
    id: str = Field(description="検索の district に使う ID")
    name: str


class CityOut(ApiModel):
    id: str = Field(description="URL の {city} に使う ID", examples=["zushi"])
    name: str = Field(examples=["逗子市"])
    name_kana: str
    pref: str
    code: str = Field(description="全国地方公共団体コード（6桁）")
    districts: list[DistrictOut]


class CityList(ApiModel):
    """The cities of the build being served (can grow when a new build is published)."""
    cities: list[CityOut]
