"""The engine's typed answers (which desk, what is near): made once by geo/, rendered by the page, serialised by the API.

A desk in an answer is a `DeskRef`, made only by `areaselect.desk_ref`: the privacy rule (a private place
shows no address) is applied there, once, before either the page or the API sees it.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from tsunagu.model_base import PRECISION_TEXT, ApiModel, Kind, NextDate, Precision

DeskStatus = Literal["matched", "ambiguous", "not_covered", "out_of_area", "unparseable"]
DESK_STATUS_TEXT = ("matched: 1つの窓口が担当 / ambiguous: 番・号などによって担当が分かれる（candidates と reason）"
                    " / not_covered: 計画がどの窓口にも割り当てていない / out_of_area: ほかの市町村の住所"
                    " / unparseable: 住所として読めない（message に直し方）")


class DeskRef(ApiModel):
    """A desk as the answer shows it (a private address is never shown)."""
    id: str
    name: str
    phone: str
    address: str
    url: str


class ParsedAddressOut(ApiModel):
    """How the address was read (町名 without 丁目; 番 and 号 as numbers)."""
    pref: str | None
    city: str | None
    town: str | None
    chome: int | None
    ban: int | None
    go: int | None
    building: str | None


class DeskArea(ApiModel):
    id: str
    name: str


class DeskAnswer(ApiModel):
    """Which desk covers the address. Never a guess: when the rules cannot decide, `ambiguous` with the
    candidates and the reason."""
    status: DeskStatus = Field(description=DESK_STATUS_TEXT)
    input: str = Field(description="入力（長いときは省略）")
    normalized: str
    parsed: ParsedAddressOut
    desk: DeskRef | None = Field(description="担当の窓口（matched のときだけ）")
    candidates: list[DeskRef] = Field(description="ambiguous: 担当の候補（すべて）")
    also: list[DeskRef] = Field(description="ほかに相談できる窓口（相談したいことを指定したときの総合窓口など）")
    reason: str = Field(description="なぜこの答えか（ambiguous では何が決まらないか）")
    hint: str = Field(description="答えを絞るために足すとよいこと（例: 号）")
    message: str = Field(description="利用者への案内")
    area: DeskArea | None = Field(default=None, description="担当区域（区域で分かれる市で matched のとき）")
    other_city: str | None = Field(default=None, description="out_of_area: 住所の市町村名")
    other_city_slug: str | None = Field(default=None, description="out_of_area: それが載っている市なら、その ID")


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
    """The nearest resources. status and message appear only when the origin is not exact or not found, or
    when the city has nothing of the kind with a place yet (none_registered)."""
    origin: NearOrigin | None
    results: list[NearRow]
    # none_registered: the city has nothing of the kind with a place yet, and no place for the origin either
    status: Literal["ok", "origin_not_found", "bad_request", "none_registered"] = "ok"
    message: str = Field(default="", description="出発地が代表点のとき・見つからないときの説明")
