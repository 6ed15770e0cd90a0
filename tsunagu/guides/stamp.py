"""What every sheet carries: the date it is true for, and a QR code to the same page online."""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

import segno

from .words import JAPANESE, N_, Words

STAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})-")


def build_date(build_path: Path) -> date:
    """The build's date: from its folder name (`20261201-…`), else when its records were written."""
    m = STAMP.match(Path(build_path).resolve().name)
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))
    return datetime.fromtimestamp((Path(build_path) / "records.json").stat().st_mtime).date()


def japanese_date(d: date) -> str:
    """2026-12-01 -> 2026年（令和8年）12月1日."""
    era = f"（令和{d.year - 2018}年）" if d >= date(2019, 5, 1) else ""
    return f"{d.year}年{era}{d.month}月{d.day}日"


EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")


def date_in(d: date, lang: str = "ja") -> str:
    """The date as the sheet's language writes it (やさしい日本語: no era name)."""
    if lang == "en":
        return f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"
    return f"{d.year}年{d.month}月{d.day}日" if lang == "easy" else japanese_date(d)


def as_of_text(built: date, verified: list[str], words: Words = JAPANESE) -> str:
    """「○年○月○日現在」 from the build date, with the oldest last-verified date of what is printed."""
    text = words(N_("%(date)s現在")) % {"date": date_in(built, words.lang)}
    days = sorted(v for v in verified if v)
    if days:
        try:
            oldest = date.fromisoformat(days[0][:10])
            text += words(N_("（掲載内容の確認日: %(date)s以降）")) % {"date": date_in(oldest, words.lang)}
        except ValueError:
            pass
    return text


def qr_data_uri(url: str) -> str:
    """An SVG QR code as a data: URI (vector in the PDF; nothing written to disk)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def page_url(base: str, path: str, params: list[tuple[str, str]] | None = None) -> tuple[str, str]:
    """(URL for the QR code, URL as printed for a person to type: Japanese left readable)."""
    base = base.rstrip("/")
    query = urlencode(params or [])
    encoded = f"{base}{quote(path)}" + (f"?{query}" if query else "")
    shown = f"{base}{path}" + ("?" + "&".join(f"{k}={v}" for k, v in params) if params else "")
    return encoded, shown
