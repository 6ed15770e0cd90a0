"""What a PDF says about itself, read back with pypdf (tests and bench/bench_guides.py use it).

pypdf is a test dependency; it is imported only when these functions are called.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any


@dataclass
class PdfInfo:
    pages: int
    smallest_pt: float
    text: list[str]  # per page, in extraction (reading) order
    tagged: bool
    lang: str


def read_pdf(data: bytes) -> PdfInfo:
    from pypdf import PdfReader  # lazy: adds 0.2 s to importing this module

    reader = PdfReader(io.BytesIO(data))
    sizes: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and font_size:
            scale = math.sqrt(abs(tm[0] * tm[3] - tm[1] * tm[2])) * math.sqrt(abs(cm[0] * cm[3] - cm[1] * cm[2]))
            sizes.append(round(font_size * scale, 2))

    texts = [page.extract_text(visitor_text=visit) for page in reader.pages]
    root: Any = reader.trailer["/Root"]  # a dictionary object (pypdf types it as any PdfObject)
    mark = root.get("/MarkInfo")
    tagged = "/StructTreeRoot" in root and bool(mark and mark.get_object().get("/Marked"))
    return PdfInfo(len(reader.pages), min(sizes) if sizes else 0.0, texts, tagged, str(root.get("/Lang", "")))
