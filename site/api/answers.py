"""Response models of /api/v1's answers: which desk, what is near, what the search found."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

# The desk and near answers are the engine's own models (one of each for page and API); named here for the routes.
from tsunagu.geo.answers import DeskAnswer as DeskAnswer
from tsunagu.geo.answers import DeskRef as DeskRef
from tsunagu.geo.answers import NearAnswer as NearAnswer

from .models import PRECISION_TEXT, ApiModel, Kind, NextDate, Precision


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
