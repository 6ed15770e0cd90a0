"""The printed district map: black and white safe (numbers, shapes and hatching, not colour).

Drawn at the size it is printed, so the numbers print at 11 pt. Desks are squares, other
places circles; the district's towns are hatched; places at the same point share one label.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from PIL import Image

from .words import N_, Words

MM = 1 / 25.4
HATCH_LEGEND = N_("斜線＝この地区の町　")
PIN_LEGEND = N_("四角の番号＝相談窓口　丸の番号＝サロンなど（番号は一覧と同じ）")


def legend_in(legend: str, words: Words) -> str:
    """The map's legend (as render_sheet_map wrote it, in Japanese) in the sheet's language: the map itself
    has numbers and shapes only, so one image serves every language."""
    if not legend or words.lang == "ja":
        return legend
    hatch = legend.startswith(HATCH_LEGEND)
    return (words(HATCH_LEGEND) if hatch else "") + words(PIN_LEGEND)


def render_sheet_map(city_slug: str, towns: list[str], pins: list[tuple[int, float, float, bool]],
                     geo_dir: Path, out: Path, width_mm: float = 180, height_mm: float = 95) -> str:
    """pins: (number, lat, lon, is_desk). Returns the legend, or "" when there is nothing worth a map."""
    import matplotlib  # lazy: adds 0.2 s to importing this module
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # lazy: adds 1.5 s to importing this module
    from matplotlib import font_manager  # lazy: adds 0.2 s to importing this module

    cjk = [f.fname for f in font_manager.fontManager.ttflist if "Noto Sans CJK" in f.name or "Noto Sans JP" in f.name]
    if cjk:  # 「8・9」: the middle dot is not in matplotlib's default font
        plt.rcParams["font.family"] = font_manager.FontProperties(fname=cjk[0]).get_name()
    outline_path = geo_dir / "cities.geojson"
    if not pins or not outline_path.exists():
        return ""
    outline = _read(outline_path)
    outline = outline[outline["city"] == city_slug]
    fig, ax = plt.subplots(figsize=(width_mm * MM, height_mm * MM), dpi=200)
    outline.boundary.plot(ax=ax, color="#000", linewidth=1.4)
    towns_path = geo_dir / f"towns-{city_slug}.geojson"
    xs, ys = [], []
    legend = PIN_LEGEND
    if towns and towns_path.exists():
        all_towns = _read(towns_path)
        if "town" in all_towns.columns:
            mine = all_towns[all_towns["town"].isin(towns)]
            if len(mine):
                mine.plot(ax=ax, facecolor="white", edgecolor="#000", linewidth=0.8, hatch="///", alpha=1)
                minx, miny, maxx, maxy = mine.total_bounds
                xs += [minx, maxx]
                ys += [miny, maxy]
                legend = HATCH_LEGEND + PIN_LEGEND
    if not xs:  # no town of the district is known: show where the places are in the whole city
        minx, miny, maxx, maxy = outline.total_bounds
        xs += [minx, maxx]
        ys += [miny, maxy]
    _plot_pins(ax, pins, xs, ys)
    _frame(ax, xs, ys, width_mm / height_mm)
    fig.subplots_adjust(0, 0, 1, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format="png", facecolor="white")
    plt.close(fig)
    _quantise(out)
    return legend


@lru_cache(maxsize=16)
def _read(path: Path):
    """One read per file per build (every district of a city shares its outline and towns)."""
    import geopandas as gpd  # lazy: adds 1.6 s to importing this module
    return gpd.read_file(path)


def _quantise(path: Path) -> None:
    """Black-and-white art needs few grey levels: a small palette keeps the PDF small."""
    with Image.open(path) as im:
        small = im.convert("L").quantize(colors=16)
    small.save(path, optimize=True)


def _plot_pins(ax, pins: list[tuple[int, float, float, bool]], xs: list[float], ys: list[float]) -> None:
    """Numbered marks (squares for desks); places at one spot share a mark. Extends xs/ys by each mark."""
    groups: dict[tuple[float, float], list] = {}
    for number, lat, lon, is_desk in pins:
        groups.setdefault((round(lat, 5), round(lon, 5)), []).append((number, is_desk))
    for (lat, lon), members in groups.items():
        label = "・".join(str(n) for n, _ in sorted(members))
        shape = "square,pad=0.3" if any(d for _, d in members) else "circle,pad=0.25" if len(members) == 1 else "round,pad=0.3"
        ax.annotate(label, (lon, lat), ha="center", va="center", fontsize=11, fontweight="bold", color="#000", zorder=4,
                    bbox={"boxstyle": shape, "fc": "white", "ec": "#000", "lw": 1.6})
        xs.append(lon)
        ys.append(lat)


def _frame(ax, xs: list[float], ys: list[float], ratio: float) -> None:
    """Pad, then widen one axis so the map has the printed box's proportions (no distortion)."""
    kx = math.cos(math.radians((min(ys) + max(ys)) / 2))
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half_w = max((max(xs) - min(xs)) * 0.56, 0.004) * kx  # in "north-south degrees"
    half_h = max((max(ys) - min(ys)) * 0.56, 0.004)
    half_w, half_h = max(half_w, half_h * ratio), max(half_h, half_w / ratio)
    ax.set_xlim(cx - half_w / kx, cx + half_w / kx)
    ax.set_ylim(cy - half_h, cy + half_h)
    ax.set_aspect(1 / kx)
    ax.set_axis_off()
