"""Row-level checks for data/*.csv. Every message says what to fix, in Japanese.

What one cell may hold is in cells.py; CONTROL_RE and MAX_CELL are re-exported for the forms."""
from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path

import shapely
from shapely.geometry import Point, shape

from tsunagu.text import name_key

from . import claims, reference
from .cells import CONTROL_RE as CONTROL_RE  # re-exported: the staff and suggestion forms check with it
from .cells import ID_RE, PHONE_RE, URL_RE, Err, cells_ok, parse_bool, parse_coord, town_base
from .cells import MAX_CELL as MAX_CELL
from .lang_columns import LANGUAGE_COLUMNS, Warn, language_columns_ok
from .missing_facts import contradictions, present_fields
from .missing_facts import message as missing_message
from .model import CERTAINTIES, KINDS, PRECISIONS, Correction, Resource
from .problems import ProblemList
from .rows import CORRECTION_COLUMNS, REQUIRED_COLUMNS, RESOURCE_COLUMNS, VENUE_COLUMNS, Venue, parse_source, split_list
from .schedule import check as check_schedule
from .yamlio import YamlFileError, read_yaml

# About 200 m: town points and facility points sit on or just off the coast line.
CITY_TOLERANCE_DEG = 0.002


def city_outlines(data_dir: Path) -> dict:
    path = data_dir / "geo" / "city_boundaries_n03_2022.geojson"
    if not path.exists():
        return {}
    real = path.resolve()
    return _outlines(str(real), real.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _outlines(path: str, mtime_ns: int) -> dict:
    """Each city's outline, prepared for point queries; kept per file version (the staff console checks every
    edit). A point counts as in the city within CITY_TOLERANCE_DEG of it (`near_outline`): buffering the outlines
    instead took 2.7 s of every build's gate (下関's coast), the distance test on the prepared outline milliseconds."""
    feats = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    outlines = {f["properties"]["lg_code"]: shape(f["geometry"]) for f in feats}
    for outline in outlines.values():
        shapely.prepare(outline)
    return outlines


def near_outline(outline, lat: float, lon: float | None) -> bool:
    return bool(shapely.dwithin(outline, Point(lon, lat), CITY_TOLERANCE_DEG))


class RowChecker:
    def __init__(self, directory, data_dir: Path):
        self.d = directory
        self.problems: ProblemList = directory.problems
        self.outlines = city_outlines(data_dir)
        self.seen_ids: dict[str, str] = {}
        self.area_ids = _area_ids(data_dir)
        ref = reference.load(data_dir)
        self.gsi_ids = ref.facility_ids()
        # Compared as name keys (tsunagu.text): 櫻山 is 桜山 here as it is to the address parser.
        towns = ref.town_names({c.code[:5]: slug for slug, c in directory.cities.items()})
        self.towns = {slug: {name_key(n) for n in names} for slug, names in towns.items()}

    # -- shared column checks ------------------------------------------------
    def _coords(self, rel, rowno, row, slug) -> tuple[float | None, float | None, bool]:
        try:
            lat, lon = parse_coord(row.get("lat", "")), parse_coord(row.get("lon", ""))
        except ValueError:
            self.problems.error(rel, rowno, "lat", "緯度・経度は数値で書いてください（例: 35.2940）")
            return None, None, False
        if (lat is None) != (lon is None):
            self.problems.error(rel, rowno, "lat" if lat is None else "lon", "緯度と経度は両方書くか、両方空にしてください")
            return None, None, False
        if lat is not None:
            city = self.d.cities[slug]
            outline = self.outlines.get(city.code)
            if outline is not None and not near_outline(outline, lat, lon):
                self.problems.error(rel, rowno, "lat", f"座標 ({lat}, {lon}) が{city.name}の外です。緯度と経度が逆になっていないか確かめてください")
                return None, None, False
        return lat, lon, True

    def _new_id(self, rel, rowno, value) -> bool:
        if not value:
            self.problems.error(rel, rowno, "id", "id が空です")
            return False
        if not ID_RE.match(value):
            self.problems.error(rel, rowno, "id", f"id「{value}」には半角英小文字・数字・ハイフンだけを使ってください")
            return False
        if value in self.seen_ids:
            self.problems.error(rel, rowno, "id", f"id「{value}」が重複しています（最初は {self.seen_ids[value]}）")
            return False
        self.seen_ids[value] = f"{rel}:{rowno}"
        return True

    def _header(self, rel, rows, required, known) -> list:
        header = rows[0][1] if rows and rows[0][0] == "__header__" else []
        missing = [c for c in required if c not in header]
        for col in missing:
            self.problems.error(rel, 1, col, f"必須の列「{col}」がありません")
        if missing:
            self.problems.unloaded_files.add(rel)
        for col in header:
            if col not in known:
                self.problems.warn(rel, 1, col, f"知らない列「{col}」は読み飛ばします")
        return [] if missing else rows[1:]

    # -- venues --------------------------------------------------------------
    def venues(self, rel, slug, rows):
        for rowno, row in self._header(rel, rows, ("id", "name", "source"), VENUE_COLUMNS):
            ok = self._new_id(rel, rowno, row["id"])
            if not row.get("name"):
                self.problems.error(rel, rowno, "name", "会場名が空です")
                ok = False
            lat, lon, coords_ok = self._coords(rel, rowno, row, slug)
            public = parse_bool(row.get("public", ""))
            if public is None:
                self.problems.error(rel, rowno, "public", "public は true か false で書いてください")
                ok = False
            fid = row.get("facility_id", "")
            if fid and fid not in self.gsi_ids:
                self.problems.error(rel, rowno, "facility_id", f"施設ID「{fid}」が施設データにありません")
                ok = False
            precision = row.get("precision") or ("facility" if lat is not None else "none")
            if precision not in PRECISIONS:
                self.problems.error(rel, rowno, "precision", f"precision は {' / '.join(PRECISIONS)} のどれかです")
                ok = False
            if public is False and lat is not None:
                self.problems.error(rel, rowno, "lat", "個人宅など非公開の会場に座標を書かないでください（町名だけにします）")
                ok = False
            if not row.get("source"):
                self.problems.error(rel, rowno, "source", "出典が空です（計画の行番号か、情報の提供者を書いてください）")
                ok = False
            if ok and coords_ok:
                yield Venue(row["id"], slug, row["name"], row.get("name_kana", ""), split_list(row.get("aliases", "")),
                            row.get("address", ""), row.get("town", ""), lat, lon, precision, bool(public), fid,
                            row.get("source", ""))

    # -- resources -----------------------------------------------------------
    def resources(self, rel, slug, rows):
        city = self.d.cities[slug]
        for rowno, row in self._header(rel, rows, REQUIRED_COLUMNS, RESOURCE_COLUMNS):
            ok = self._new_id(rel, rowno, row["id"])
            err = Err(self.problems, rel, rowno)
            ok = cells_ok(row, err) and ok
            ok = self._plain_columns(row, err) and ok
            ok = language_columns_ok(row, err, Warn(self.problems, rel, rowno)) and ok
            lists = {col: split_list(row.get(col, "")) for col in ("targets", "categories", "needs")}
            ok = self._vocabulary(lists, err) and ok
            ok = self._links(row, slug, err) and ok
            ok = check_schedule(self.problems, rel, rowno, row.get("schedule", "")) and ok
            lat, lon, coords_ok = self._coords(rel, rowno, row, slug)
            ok = ok and coords_ok
            precision = row.get("precision", "") or ("facility" if lat is not None else "none")
            ok = self._place(row, lat, precision, err) and ok
            sources, sources_ok = self._sources(row, err)
            ok = sources_ok and ok
            present = present_fields(row.get)
            for sentence in contradictions(row.get("description", ""), present):
                self.problems.warn(rel, rowno, "description", missing_message(sentence, present))
            if row.get("town") and self.towns and name_key(town_base(row["town"])) not in self.towns.get(slug, set()):
                self.problems.warn(rel, rowno, "town", f"町名「{row['town']}」が{city.name}の町名一覧にありません（誤字でないか確かめてください）")
            if ok:
                yield _resource(row, slug, lists, lat, lon, precision, sources, f"{rel}:{rowno}")

    # One method per concern of a resource row; each reports through `err` and returns ok.
    def _plain_columns(self, row, err) -> bool:
        ok = True
        if row.get("url") and not URL_RE.match(row["url"]):
            ok = err("url", f"URL「{row['url'][:80]}」は http:// か https:// で始まるアドレスで書いてください")
        if row["kind"] not in KINDS:
            ok = err("kind", f"種類「{row['kind']}」は使えません。{' / '.join(KINDS)} のどれかです")
        if not row["name"]:
            ok = err("name", "名称が空です")
        phone = row.get("phone", "")
        if phone and not PHONE_RE.match(phone):
            ok = err("phone", f"電話番号「{phone}」の形が違います（例: 046-876-6299。半角数字とハイフン）")
        status_msg = claims.status_problem(row.get("status", ""), self.d.vocabulary.get("statuses") or {})
        if status_msg:
            ok = err("status", status_msg)
        verified = row.get("last_verified", "")
        if verified:
            try:
                if date.fromisoformat(verified) > date.today():
                    ok = err("last_verified", f"日付「{verified}」が未来です")
            except ValueError:
                ok = err("last_verified", f"日付「{verified}」は 2026-11-22 の形で書いてください")
        return ok

    def _vocabulary(self, lists: dict, err) -> bool:
        ok, vocab = True, self.d.vocabulary
        for col, allowed in (("targets", vocab["targets"]), ("categories", vocab["categories"]), ("needs", list(vocab["needs"]))):
            for v in lists[col]:
                if v not in allowed:
                    ok = err(col, f"「{v}」は {col} に使えない値です（data/vocabulary.yaml に載っている値を使ってください）")
        return ok

    def _links(self, row, slug, err) -> bool:
        """district, venue and area name things defined elsewhere: they must exist (in this city)."""
        ok, city = True, self.d.cities[slug]
        if row.get("district") and row["district"] not in {d.id for d in city.districts}:
            ok = err("district", f"地区「{row['district']}」は{city.name}の地区にありません（data/cities.yaml を確かめてください）")
        venue = row.get("venue", "")
        if venue and venue not in self.d.venues and venue not in self.gsi_ids:
            ok = err("venue", f"会場「{venue}」が会場データ（data/venues/{slug}.csv）にも施設データにもありません")
        elif venue in self.d.venues and self.d.venues[venue].city != slug:
            ok = err("venue", f"会場「{venue}」は{self.d.cities[self.d.venues[venue].city].name}の会場です")
        area = row.get("area", "")
        if area and area != "city" and area not in self.area_ids.get(slug, set()):
            ok = err("area", f"担当区域「{area}」が data/areas/{slug}.yaml にありません")
        return ok

    def _place(self, row, lat, precision, err) -> bool:
        """precision and privacy: a private place (a home) never carries a point or a 番地."""
        ok, venue = True, row.get("venue", "")
        if precision not in PRECISIONS:
            ok = err("precision", f"precision は {' / '.join(PRECISIONS)} のどれかです")
        elif lat is not None and precision == "none":
            ok = err("precision", "座標があるのに precision が none です")
        public = parse_bool(row.get("location_public", ""))
        if public is None:
            ok = err("location_public", "location_public は true か false で書いてください")
        elif public is False and (lat is not None or row.get("address")):
            ok = err("location_public", "非公開の場所（個人宅など）に座標や番地を書かないでください。town に町名だけを書きます")
        elif public is False and venue and (venue in self.gsi_ids or (self.d.venues.get(venue) and self.d.venues[venue].lat is not None)):
            ok = err("venue", "非公開の場所に、座標のある会場をつなげないでください（地図に個人宅が出てしまいます）")
        elif venue in self.d.venues and not self.d.venues[venue].public and public:
            ok = err("location_public", f"会場「{venue}」は非公開なので location_public を false にしてください")
        return ok

    def _sources(self, row, err) -> tuple[tuple, bool]:
        if not row.get("source"):
            err("source", "出典が空です（計画の行番号か、情報の提供者を書いてください）")
            return (), False
        try:
            sources = parse_source(row["source"])
        except ValueError as exc:
            err("source", str(exc))
            return (), False
        ok = True
        for s in sources:
            if s.plan and s.plan not in self.d.plans:
                ok = err("source", f"計画「{s.plan}」が data/sources.yaml にありません")
            elif s.plan and max(s.lines) > int(self.d.plans[s.plan]["lines"]):
                ok = err("source", f"{s.plan} は {self.d.plans[s.plan]['lines']} 行までです（{max(s.lines)} 行を指しています）")
        return sources, ok

    # -- corrections ---------------------------------------------------------
    def attach_corrections(self, rel, rows, resources):
        by_id = {r.id: r for r in resources}
        for rowno, row in self._header(rel, rows, CORRECTION_COLUMNS[:5], CORRECTION_COLUMNS):
            rid = row["resource_id"]
            if rid not in by_id:
                if rid not in self.seen_ids and not self.problems.is_unloaded_id(rid):
                    self.problems.error(rel, rowno, "resource_id", f"id「{rid}」の記録がありません")
                continue
            if row["field"] not in RESOURCE_COLUMNS:
                self.problems.error(rel, rowno, "field", f"列「{row['field']}」は resources の列にありません")
                continue
            if row["certainty"] not in CERTAINTIES:
                self.problems.error(rel, rowno, "certainty", f"certainty は {' / '.join(CERTAINTIES)} のどれかです")
                continue
            r = by_id[rid]
            r.corrections = r.corrections + (Correction(row["field"], row["as_printed"], row["corrected"],
                                                        row["certainty"], row.get("note", "")),)


def _area_ids(data_dir: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in sorted((data_dir / "areas").glob("*.yaml")) if (data_dir / "areas").exists() else []:
        try:
            raw = read_yaml(path, f"areas/{path.name}") or {}
        except YamlFileError:
            continue  # reported once, located, by the area-rules check
        areas = raw.get("areas", []) if isinstance(raw, dict) else []
        out[path.stem] = {a["id"] for a in areas if isinstance(a, dict) and "id" in a}
    return out


def _resource(row: dict, slug: str, lists: dict, lat, lon, precision: str, sources: tuple, origin: str) -> Resource:
    return Resource(
        id=row["id"], city=slug, kind=row["kind"], name=row["name"], name_kana=row.get("name_kana", ""),
        categories=lists["categories"], targets=lists["targets"], needs=lists["needs"],
        district=row.get("district", ""), venue=row.get("venue", ""), venue_text=row.get("venue_text", ""),
        address=row.get("address", ""), town=row.get("town", ""), lat=lat, lon=lon, precision=precision,
        location_public=parse_bool(row.get("location_public", "")) is True, phone=row.get("phone", ""),
        schedule=row.get("schedule", ""), operator=row.get("operator", ""), description=row.get("description", ""),
        url=row.get("url", ""), languages=split_list(row.get("languages", "")), accessibility=row.get("accessibility", ""),
        area=row.get("area", ""), status=row.get("status", ""), source=sources, last_verified=row.get("last_verified", ""),
        notes=row.get("notes", ""), origin=origin,
        fee=row.get("fee", ""), how_to_join=row.get("how_to_join", ""), contact_hours=row.get("contact_hours", ""),
        **{col: row.get(col, "") for col in LANGUAGE_COLUMNS},
    )
