"""Settings shared by the CLI, the build and the web app."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import BUNDLED_DATA_DIR, HOME, STATIC_DIR

# The checkout (or, installed, the directory the program runs in): build/ and var/ by default.
PROJECT_ROOT = HOME

# 地理院タイル (standard map). Attribution is required by the GSI terms of use.
GSI_TILES = "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
GSI_ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>'


@dataclass(frozen=True)
class Settings:
    data_dir: Path = BUNDLED_DATA_DIR  # a checkout's data/; installed, the sample data in the package
    build_dir: Path = PROJECT_ROOT / "build"
    static_dir: Path = STATIC_DIR
    # Writable state that is not a build: the staff database (SQLite by default), search-gap counts, leases.
    var_dir: Path = PROJECT_ROOT / "var"
    # How often a running server looks for a new build (hot reload).
    reload_seconds: float = 2.0
    tile_url: str = GSI_TILES
    # Staff database; empty = an SQLite file in var_dir (env TSUNAGU_DATABASE_URL, e.g. postgresql+psycopg://…).
    database_url: str = ""
    # Who runs the migrations and owns the tables (env TSUNAGU_MIGRATION_DATABASE_URL); empty = database_url.
    # With PostgreSQL, a separate owner is what keeps the audit log out of the app role's reach (README).
    migration_database_url: str = ""
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (env TSUNAGU_TRUSTED_PROXIES: addresses
    # or networks, comma-separated). None by default, not even 127.0.0.1: any local program could otherwise
    # choose the address the sign-in and suggestion limits count.
    trusted_proxies: tuple[str, ...] = ()
    tile_attribution: str = GSI_ATTRIBUTION
    # Where the site is published: printed sheets carry it as a QR code and as text.
    public_url: str = "http://127.0.0.1:8000"
    # Whether this server publishes approved changes (env TSUNAGU_STAFF_PUBLISHER=0: another server does).
    staff_publisher: bool = True
    # A bounded per-build search result cache (env TSUNAGU_SEARCH_CACHE=0 turns it off, for benchmarks).
    search_cache: bool = True
    # Cities a server keeps loaded (env TSUNAGU_CITY_CACHE): a city's records and search index are read on
    # its first request and the least recently used is dropped beyond this many (issue 25.2).
    city_cache: int = 64
    # Public suggestion forms: a form sent sooner than this after it was shown is refused (a program, not a
    # person); posts a minute from one address; stored suggestions an hour per address and per city.
    suggest_min_fill_seconds: float = 3.0
    suggest_attempts_per_minute: int = 20
    suggest_per_client_per_hour: int = 10
    suggest_per_city_per_hour: int = 200
    # Personal sheets (a layout of 0.3–1.7 s CPU each) one address may have made a minute (env
    # TSUNAGU_SHEETS_PER_MINUTE); more wait with a clear 429 page (site/layout_pool.py).
    sheets_per_minute: int = 20

    @property
    def current_build(self) -> Path:
        """The served build: a symlink switched atomically by `tsunagu build`."""
        return self.build_dir / "current"

    @classmethod
    def from_env(cls) -> Settings:
        kw: dict[str, Any] = {}
        if os.environ.get("TSUNAGU_DATA_DIR"):
            kw["data_dir"] = Path(os.environ["TSUNAGU_DATA_DIR"])
        if os.environ.get("TSUNAGU_BUILD_DIR"):
            kw["build_dir"] = Path(os.environ["TSUNAGU_BUILD_DIR"])
        if os.environ.get("TSUNAGU_VAR_DIR"):
            kw["var_dir"] = Path(os.environ["TSUNAGU_VAR_DIR"])
        if os.environ.get("TSUNAGU_DATABASE_URL"):
            kw["database_url"] = os.environ["TSUNAGU_DATABASE_URL"]
        if os.environ.get("TSUNAGU_MIGRATION_DATABASE_URL"):
            kw["migration_database_url"] = os.environ["TSUNAGU_MIGRATION_DATABASE_URL"]
        if os.environ.get("TSUNAGU_TRUSTED_PROXIES"):
            kw["trusted_proxies"] = tuple(p.strip() for p in os.environ["TSUNAGU_TRUSTED_PROXIES"].split(",") if p.strip())
        if os.environ.get("TSUNAGU_RELOAD_SECONDS"):
            kw["reload_seconds"] = float(os.environ["TSUNAGU_RELOAD_SECONDS"])
        if "TSUNAGU_TILE_URL" in os.environ:
            kw["tile_url"] = os.environ["TSUNAGU_TILE_URL"]
        if os.environ.get("TSUNAGU_PUBLIC_URL"):
            kw["public_url"] = os.environ["TSUNAGU_PUBLIC_URL"].rstrip("/")
        for name, env in (("staff_publisher", "TSUNAGU_STAFF_PUBLISHER"), ("search_cache", "TSUNAGU_SEARCH_CACHE")):
            if os.environ.get(env):
                kw[name] = os.environ[env].strip() != "0"
        if os.environ.get("TSUNAGU_SUGGEST_MIN_FILL_SECONDS"):
            kw["suggest_min_fill_seconds"] = float(os.environ["TSUNAGU_SUGGEST_MIN_FILL_SECONDS"])
        if os.environ.get("TSUNAGU_CITY_CACHE"):
            kw["city_cache"] = max(1, int(os.environ["TSUNAGU_CITY_CACHE"]))
        if os.environ.get("TSUNAGU_SHEETS_PER_MINUTE"):
            kw["sheets_per_minute"] = int(os.environ["TSUNAGU_SHEETS_PER_MINUTE"])
        for name in ("attempts_per_minute", "per_client_per_hour", "per_city_per_hour"):
            if os.environ.get(f"TSUNAGU_SUGGEST_{name.upper()}"):
                kw[f"suggest_{name}"] = int(os.environ[f"TSUNAGU_SUGGEST_{name.upper()}"])
        return cls(**kw)
