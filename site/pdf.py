"""Area guides as PDF (WeasyPrint, Debian pango + Noto CJK), made at build time."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .guide import build_guide, render_static_map, static_map_name
from .templating import TEMPLATES_DIR

PRINT_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "guide-print.css"


def pdf_name(city_slug: str, district_id: str) -> str:
    return f"guide-{city_slug}-{district_id}.pdf"


def render_guides(catalog, geo, out_dir: Path) -> list[Path]:
    """Static maps and PDFs for every district of every city. Returns the PDFs written."""
    from weasyprint import CSS, HTML

    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=select_autoescape(["html"]))
    template = env.get_template("area_guide_print.html")
    geo_dir = catalog.build_path / "geo"
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for city in catalog.cities.values():
        for district in city.districts:
            guide = build_guide(catalog, geo, city.slug, district["id"])
            png = out_dir / static_map_name(city.slug, district["id"])
            has_map = render_static_map(guide, geo_dir, png)
            html = template.render(guide=guide, map_src=png.name if has_map else "")
            pdf = out_dir / pdf_name(city.slug, district["id"])
            HTML(string=html, base_url=str(out_dir)).write_pdf(pdf, stylesheets=[CSS(filename=str(PRINT_CSS))])
            written.append(pdf)
    return written
