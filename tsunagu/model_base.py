"""The base of every typed answer the engine makes and the pages and API share (pydantic).

The geo and search engines build their answers from these models; the pages render the same objects and
the API serialises them. `Kind` and `Precision` are the record's enumerations as types.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Literal values cannot be built from the tuples in tsunagu.data.model for mypy; a test keeps them equal.
Kind = Literal["salon", "consultation_desk", "support_service", "program", "facility"]
Precision = Literal["facility", "block", "town", "city", "none"]
PRECISION_TEXT = ("位置の確かさ: facility 施設の位置 / block 街区（番）/ town 町丁目の代表点 / city 市の代表点"
                  "（town と city は正確な場所ではありません）/ none 位置情報なし")


class ApiModel(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class NextDate(ApiModel):
    """One coming date, computed from the schedule text in Asia/Tokyo; never guessed."""
    date: dt.date
    opens_at: str | None = Field(description="HH:MM（書かれているときだけ）")
    closes_at: str | None
    label: str = Field(examples=["12月9日（火）10:00〜12:00"])
    held: bool = Field(description="false: この日は休み（skipped_reason が理由）")
    skipped_reason: str | None
