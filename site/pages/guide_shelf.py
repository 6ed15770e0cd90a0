"""The area guides' contents of one build, read from its files on first use and then kept.

The build wrote them (tsunagu.guides): a request only looks them up. Keyed by the build folder,
which never changes once switched in, so a hot reload to a new build reads that build's files
(the old build's shelf falls out of the small cache).
"""
from __future__ import annotations

import gzip
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from threading import Lock

from tsunagu.guides.files import read_city_index, read_sheet
from tsunagu.guides.model import CityGuides, DistrictSheet

from .reading import Reading, current_reading


class GuideShelf:
    def __init__(self, build_path: Path):
        self.build_path = build_path
        self._sheets: dict[tuple[str, str], DistrictSheet | None] = {}
        self._in_lang: dict[tuple[str, str, str], DistrictSheet | None] = {}
        self._indexes: dict[str, CityGuides | None] = {}
        self._pages: dict[tuple[str, str, Reading], bytes] = {}
        self._gzipped: dict[tuple[str, str, Reading], bytes] = {}
        self._lock = Lock()

    def sheet(self, city: str, district: str) -> DistrictSheet | None:
        key = (city, district)
        if key not in self._sheets:
            found = read_sheet(self.build_path, city, district)
            with self._lock:
                self._sheets.setdefault(key, found)
        return self._sheets[key]

    def sheet_in(self, city: str, district: str, lang: str, make: Callable[[], DistrictSheet | None]
                 ) -> DistrictSheet | None:
        """The sheet in another language (site/printed/district.py), made once per build: like the
        Japanese one, it shows only what the build holds."""
        key = (city, district, lang)
        if key not in self._in_lang:
            found = make()
            with self._lock:
                self._in_lang.setdefault(key, found)
        return self._in_lang[key]

    def page(self, city: str, district: str, render: Callable[[], bytes]) -> bytes:
        """The guide page's HTML, rendered once per build: it shows only what the build wrote (nothing
        personal, nothing that moves with the day, no inline script needing a per-request nonce) — once
        per reading (language and ふりがな), which the page's words and links depend on."""
        key = (city, district, current_reading())
        body = self._pages.get(key)
        if body is None:
            body = render()
            with self._lock:
                body = self._pages.setdefault(key, body)
        return body

    def page_gzip(self, city: str, district: str, render: Callable[[], bytes]) -> bytes:
        """The same page gzipped once, at the highest level (it is made once, sent many times)."""
        key = (city, district, current_reading())
        body = self._gzipped.get(key)
        if body is None:
            body = gzip.compress(self.page(city, district, render), compresslevel=9, mtime=0)
            with self._lock:
                body = self._gzipped.setdefault(key, body)
        return body

    def city_index(self, city: str) -> CityGuides | None:
        if city not in self._indexes:
            found = read_city_index(self.build_path, city)
            with self._lock:
                self._indexes.setdefault(city, found)
        return self._indexes[city]


@lru_cache(maxsize=4)
def shelf_for(build_path: Path) -> GuideShelf:
    return GuideShelf(build_path)
