"""Response models of /api/v1's answers: which desk, what is near, what the search found."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

# The desk answer is the engine's own model (one DeskAnswer for page and API); named here for the routes.
from tsunagu.geo.answers import DeskAnswer as DeskAnswer
from tsunagu.geo.answers import DeskRef as DeskRef

from .api_models import PRECISION_TEXT, ApiModel, Kind, NextDate, Precision


class NearOrigin(ApiModel):
    """Where distances count from, and how exactly that is known."""
    label: str
    lat: float
    lon: float
    precision: Precision = Field(description=PRECISION_TEXT)


class NearRow(ApiModel):
    id: str
    name: str
    kind: Kind
    distance_m: int = Field(description="出発地からの距離（m、GRS80 の測地線）")
    walk_min: int = Field(description="徒歩の分数（80 m = 1分、切り上げ）")
    precision: Precision = Field(description="この資源の位置の確かさ。" + PRECISION_TEXT)
    next_dates: list[NextDate] = Field(default_factory=list)


class NearAnswer(ApiModel):
    """The nearest resources. status and message appear only when the origin is not exact or not found."""
    origin: NearOrigin | None
    results: list[NearRow]
    status: Literal["ok", "origin_not_found", "bad_request"] = "ok"
    message: str = Field(default="", description="出発地が代表点のとき・見つからないときの説明")


class SearchRow(ApiModel):
    id: str
    name: str
    kind: Kind
    district: str
    categories: list[str]
    targets: list[str]
    score: float
    precision: Precision = Field(description=PRECISION_TEXT)
    lat: float | None = Field(description="位置を公開しない記録では null")
    lon: float | None
    next_dates: list[NextDate] = Field(default_factory=list)


class Understood(ApiModel):
    word: str
    label: str = Field(examples=["集まり・交流の場"])


class PlaceUse(ApiModel):
    """A place name in the query: `filter` keeps its district only, `boost` ranks it higher."""
    name: str
    word: str
    district: str | None
    mode: Literal["filter", "boost"]


class Interpreted(ApiModel):
    """How the query was understood."""
    needs: list[str] = Field(description="読み取った相談の種類（生活困窮 など）")
    understood: list[Understood]
    district: str | None = Field(description="地名で絞った地区（place=off では null）")
    place: PlaceUse | None
    words: list[str]


class SearchAnswer(ApiModel):
    query: str
    total: int
    results: list[SearchRow]
    facets: dict[str, dict[str, int]] = Field(description="絞り込みの候補と件数（kind・targets・categories・district）")
    suggestion: str | None = Field(description="もしかして（見つからないときの言い換え）")
    interpreted: Interpreted
