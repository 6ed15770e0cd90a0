"""Offline geocoding with an explicit precision: facility > town > city, never invented.

* facility: a curated venue's point (data/venues), a GSI facility (`gsi:` id), or a GSI
  facility registered at exactly the same 番地 (town, 丁目, 番, 号 all equal).
* town: the 町丁目 representative point (geolonia), or the small-area polygon's
  representative point when the town has no point for that form (e.g. 丁目 unknown).
* city: the city outline's representative point.
The bundled data has no 街区 points, so `block` is never produced here.
Private places (location_public false) only ever get their town's point.
"""
from __future__ import annotations

from dataclasses import dataclass

from .gazetteer import Gazetteer
from .normalize import fold_name
from .parse import ParsedAddress, parse


@dataclass(frozen=True)
class GeoResult:
    lat: float
    lon: float
    precision: str  # facility | town | city
    label: str  # what the point is (shown to users next to distances)
    town: str | None = None
    chome: int | None = None


class Geocoder:
    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        # GSI facilities indexed by their parsed 番地, for the exact-address match.
        self._by_address: dict[tuple, list[dict]] = {}
        for f in gaz.facilities.values():
            p = parse(f["address"], gaz, f["city"])
            if p.town and p.ban is not None and p.go is not None and not p.error:
                key = (f["city"], p.town, p.chome, p.ban, p.go)
                self._by_address.setdefault(key, []).append(f)
        self._town_cache: dict[tuple, GeoResult | None] = {}
        self.private_points: dict[tuple, tuple | None] = {}  # near.py: a private home's town point, once
        # Fill the town-point memo now, so request threads only ever read it.
        for slug, ref in gaz.cities.items():
            for town, variants in ref.towns.items():
                for chome in variants:
                    self.town_point(slug, town, chome)
                self.town_point(slug, town, None, chome_known=False)

    # -- towns --------------------------------------------------------------------
    def town_point(self, city: str, town: str, chome: int | None, chome_known: bool = True) -> GeoResult | None:
        key = (city, town, chome, chome_known)
        if key in self._town_cache:
            return self._town_cache[key]
        ref = self.gaz.cities[city]
        res = None
        label = town + (f"{chome}丁目" if chome is not None else "")
        t = ref.town_point(town, chome) if (chome is not None or chome_known) else None
        if t is not None and t.lat is not None and t.lon is not None:
            res = GeoResult(t.lat, t.lon, "town", f"{t.town}の代表点", town, chome)
        else:
            pt = self.gaz.town_polygon_point(city, town, chome, any_chome=not chome_known and chome is None)
            if pt:
                what = label if chome is not None or chome_known else f"{town}（丁目不明）"
                res = GeoResult(pt[0], pt[1], "town", f"{what}の区域の代表点", town, chome)
        self._town_cache[key] = res
        return res

    def city_point(self, city: str) -> GeoResult | None:
        """None for a city whose boundary is not supplied yet."""
        ref = self.gaz.cities[city]
        if ref.rep_point is None:
            return None
        return GeoResult(ref.rep_point[0], ref.rep_point[1], "city", f"{ref.name}の代表点")

    # -- addresses ------------------------------------------------------------------
    def parsed(self, city: str, p: ParsedAddress, allow_facility: bool = True) -> GeoResult | None:
        if p.error or p.other_city or (p.city_slug and p.city_slug != city) or not p.town:
            return None
        if allow_facility and p.ban is not None and p.go is not None:
            hits = self._by_address.get((city, p.town, p.chome, p.ban, p.go))
            if hits:
                f = hits[0]
                return GeoResult(f["lat"], f["lon"], "facility", f"同じ番地の施設「{f['name']}」の位置", p.town, p.chome)
        chome_known = p.chome is not None or p.bare or (not p.numbers_given and not self.gaz.cities[city].chomes(p.town))
        return self.town_point(city, p.town, p.chome, chome_known)

    def address(self, city: str, text: str, allow_facility: bool = True) -> GeoResult | None:
        return self.parsed(city, parse(text, self.gaz, city), allow_facility)

    def facility(self, fid: str) -> GeoResult | None:
        f = self.gaz.facilities.get(fid)
        return GeoResult(f["lat"], f["lon"], "facility", f["name"]) if f else None

    def facility_by_name(self, city: str, name: str) -> GeoResult | None:
        ids = self.gaz.facility_names.get((city, fold_name(name)))
        return self.facility(ids[0]) if ids else None

    # -- directory rows -------------------------------------------------------------------
    def resource(self, r, directory) -> GeoResult | None:
        """The best point for a Resource (see module doc); None when nothing is known."""
        city = r.city
        if city not in self.gaz.cities:
            return None
        private = r.location_public is False
        venue = directory.venues.get(r.venue) if r.venue else None
        if private:
            for text in (r.town, venue.town if venue else "", venue.address if venue else "", r.address):
                res = self._town_only(city, text)
                if res:
                    return res
            return self._district(r, directory)
        if venue is not None:
            if venue.lat is not None and venue.public:
                return GeoResult(venue.lat, venue.lon, venue.precision or "facility", venue.name)
            if venue.facility_id and venue.public:
                res = self.facility(venue.facility_id)
                if res:
                    return res
            for text in (venue.address, venue.town):
                res = self.address(city, text, allow_facility=venue.public) if text else None
                if res:
                    return res
        if r.venue.startswith("gsi:"):
            res = self.facility(r.venue)
            if res:
                return res
        if not r.venue and r.venue_text:
            res = self._venue_by_name(city, r.venue_text, directory)
            if res:
                return res
        for text in (r.address, r.town):
            res = self.address(city, text) if text else None
            if res:
                return res
        return self._district(r, directory)

    def _venue_by_name(self, city: str, text: str, directory) -> GeoResult | None:
        """A venue named in the text: exact (folded) name or alias of a public curated venue
        with a point, else exactly one GSI facility of that name. No partial matches."""
        key = fold_name(text)
        for v in directory.venues.values():
            if v.city == city and v.public and v.lat is not None and \
                    key in {fold_name(v.name), *(fold_name(a) for a in v.aliases)}:
                return GeoResult(v.lat, v.lon, v.precision or "facility", v.name)
        ids = self.gaz.facility_names.get((city, key)) or []
        points = {(self.gaz.facilities[i]["lat"], self.gaz.facilities[i]["lon"]) for i in ids}
        return self.facility(ids[0]) if len(points) == 1 else None

    def _town_only(self, city: str, text: str) -> GeoResult | None:
        if not text:
            return None
        res = self.address(city, text, allow_facility=False)
        return self._as_town(res) if res else None

    def _district(self, r, directory) -> GeoResult | None:
        city = directory.cities.get(r.city)
        d = next((d for d in (city.districts if city else ()) if d.id == r.district), None)
        if d is None or len(d.towns) != 1:
            return None
        res = self.town_point(r.city, d.towns[0], None, chome_known=False) if d.towns[0] in \
            self.gaz.cities[r.city].towns else None
        if res:
            return GeoResult(res.lat, res.lon, "town", f"地区「{d.name}」の代表点", res.town, None)
        return None

    def _as_town(self, res: GeoResult) -> GeoResult | None:
        """A private place: only the town-level point (never a facility's or a house's)."""
        if res.precision in ("town", "city"):
            return res
        return self.town_point(self._city_of(res), res.town, res.chome) if res.town else None

    def _city_of(self, res: GeoResult) -> str:
        for slug, ref in self.gaz.cities.items():
            if res.town in ref.towns:
                return slug
        return ""
