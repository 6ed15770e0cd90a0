"""The base of every typed answer the engine makes and the pages and API share (pydantic).

The geo and search engines build their answers from these models; the pages render the same objects and
the API serialises them. `Kind` and `Precision` are the record's enumerations as types.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

# Literal values cannot be built from the tuples in tsunagu.data.model for mypy; a test keeps them equal.
Kind = Literal["salon", "consultation_desk", "support_service", "program", "facility"]
Precision = Literal["facility", "block", "town", "city", "none"]
PRECISION_TEXT = ("位置の確かさ: facility 施設の位置 / block 街区（番）/ town 町丁目の代表点 / city 市の代表点"
                  "（town と city は正確な場所ではありません）/ none 位置情報なし")


class ApiModel(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
