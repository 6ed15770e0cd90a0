"""The area guide (地区版安心便利帳): one district's desks, salons and services, numbered.

The same numbering drives the list, the static map (drawn at build time) and the PDF.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .views import ResourceView, resource_view

SECTION_TITLES = {
    "desks": "相談窓口",
    "salons": "サロン・通いの場",
    "services": "支援・事業",
    "citywide": "市全体の窓口・支援（地区を問わず使えます）",
}


@dataclass
class GuideSection:
    key: str
    title: str
    items: list[ResourceView] = field(default_factory=list)


@dataclass
class AreaGuide:
    city: object
    district: dict
    sections: list[GuideSection]
    desk_note: str = ""

    @property
    def pinned(self) -> list[ResourceView]:
        """Points for the district map; city-wide entries would stretch it across the city."""
        return [it for s in self.sections if s.key != "citywide" for it in s.items if it.pinned]


def district_desks(catalog, geo, city_slug: str, district: dict) -> tuple[list, str]:
    """The general desks for a district's towns: matched, or every candidate with the reason."""
    towns = district.get("towns") or []
    resources = list(catalog.in_city(city_slug))
    found: dict[str, object] = {}
    notes = []
    for town in towns:
        answer = geo.lookup_desk(city_slug, town, None, resources).to_json()
        desks = [answer["desk"]] if answer.get("desk") else list(answer.get("candidates") or [])
        for d in desks:
            found.setdefault(d["id"], catalog.resources.get(d["id"]))
        if answer["status"] == "ambiguous":
            notes.append(f"{town}は番地によって担当が分かれます（{answer.get('reason', '')}）。")
    return [r for r in found.values() if r is not None], " ".join(notes)


def build_guide(catalog, geo, city_slug: str, district_id: str) -> AreaGuide | None:
    city = catalog.city(city_slug)
    district = city.district(district_id) if city else None
    if district is None:
        return None
    whole_city = district_id == "all"
    in_city = catalog.in_city(city_slug)
    desks, desk_note = ([], "") if whole_city else district_desks(catalog, geo, city_slug, district)
    desk_ids = {d.id for d in desks}
    local = in_city if whole_city else [r for r in in_city if r.district == district_id and r.id not in desk_ids]
    # Desks tied to an address area (逗子's 包括) serve only their area: another area's
    # centre must not be listed as usable "whatever the district".
    citywide = [] if whole_city else [r for r in in_city if not r.district and r.id not in desk_ids
                                      and r.kind in ("consultation_desk", "support_service")
                                      and r.area in ("", "city")]
    sections = [
        GuideSection("desks", SECTION_TITLES["desks"], desks + [r for r in local if r.kind == "consultation_desk"]),
        GuideSection("salons", SECTION_TITLES["salons"], [r for r in local if r.kind == "salon"]),
        GuideSection("services", SECTION_TITLES["services"], [r for r in local if r.kind not in ("salon", "consultation_desk")]),
        GuideSection("citywide", SECTION_TITLES["citywide"], citywide),
    ]
    n = 0
    for s in sections:
        views = []
        for r in s.items:
            n += 1
            views.append(resource_view(r, catalog, number=n))
        s.items = views
    return AreaGuide(city, district, [s for s in sections if s.items], desk_note)


def static_map_name(city_slug: str, district_id: str) -> str:
    return f"guide-{city_slug}-{district_id}.png"


def render_static_map(guide: AreaGuide, geo_dir: Path, out: Path) -> bool:
    """A numbered map without tiles (print and PDF): city outline, district towns, numbered points."""
    import geopandas as gpd
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    pins = guide.pinned
    outline_path = geo_dir / "cities.geojson"
    if not outline_path.exists():
        return False
    outline = gpd.read_file(outline_path)
    outline = outline[outline["city"] == guide.city.slug]
    fig, ax = plt.subplots(figsize=(7, 5.2), dpi=110)
    outline.boundary.plot(ax=ax, color="#1a1a1a", linewidth=1.2)
    towns_path = geo_dir / f"towns-{guide.city.slug}.geojson"
    towns = gpd.read_file(towns_path) if towns_path.exists() else None
    focus = None
    if towns is not None and guide.district.get("towns") and "town" in towns.columns:
        mine = towns[towns["town"].isin(guide.district["towns"])]
        if len(mine):
            mine.plot(ax=ax, color="#dce9fb", edgecolor="#0055aa", linewidth=0.6)
            focus = mine.total_bounds
    for it in pins:
        ax.scatter([it.lon], [it.lat], s=260, color="#00205b", edgecolors="white", linewidths=1.5, zorder=3)
        ax.annotate(str(it.number), (it.lon, it.lat), color="white", fontsize=8, ha="center", va="center",
                    zorder=4, fontweight="bold")
    xs = [it.lon for it in pins]
    ys = [it.lat for it in pins]
    if focus is not None:
        xs += [focus[0], focus[2]]
        ys += [focus[1], focus[3]]
    if xs:
        pad_x = max((max(xs) - min(xs)) * 0.15, 0.004)
        pad_y = max((max(ys) - min(ys)) * 0.15, 0.004)
        ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
        ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    ax.set_aspect(1 / max(0.5, __import__("math").cos(__import__("math").radians(sum(ax.get_ylim()) / 2))))
    ax.set_axis_off()
    cjk = [f.fname for f in font_manager.fontManager.ttflist if "Noto Sans CJK" in f.name or "Noto Sans JP" in f.name]
    if cjk:
        plt.rcParams["font.family"] = font_manager.FontProperties(fname=cjk[0]).get_name()
    fig.tight_layout(pad=0.2)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format="png")
    plt.close(fig)
    return True
