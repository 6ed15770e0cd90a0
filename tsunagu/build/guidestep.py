"""The printed-guides step, and which files of a build are one city's (what its unit holds).

Only the cities whose unit this build makes get here; within one, a district whose sheet would come out
the same (tsunagu/guidecache.py) is linked from the served build, the others are rendered.
"""
from __future__ import annotations

import gc

from tsunagu import guidecache
from tsunagu.guides.files import KINDS, index_name, names
from tsunagu.maplayers import city_layer_files

from .context import BuildContext
from .output import GuideReuse


def make_guides(ctx: BuildContext) -> GuideReuse:
    # lazy: tsunagu.catalog imports tsunagu.build.output, and importing that package imports this module
    from tsunagu.catalog import Catalog
    from tsunagu.guides.render import SheetRenderer, write_city_index  # lazy: adds 0.3 s to importing this module
    catalog = Catalog(ctx.out)
    out = ctx.out / "guides"
    out.mkdir(parents=True, exist_ok=True)
    renderer = None  # made for the first sheet to render: importing WeasyPrint alone takes about a second
    rendered: list[str] = []
    reused_cities = sorted(ctx.reused)
    for slug in ctx.todo:
        prints = guidecache.district_fingerprints(catalog, ctx.engine, ctx.out, slug, ctx.public_url)
        same, printed = guidecache.reuse(ctx.previous, out, slug, prints, lambda d, slug=slug: names(slug, d))
        write_city_index(catalog, out, slug)
        for district, note in printed.items():
            guidecache.write_contents(catalog, ctx.engine, out, slug, district, note, ctx.public_url)
        todo = [d for d in prints if d not in same and d not in printed]
        for district in todo:
            ctx.progress.city(ctx.name(slug), f"案内 {district} を作成")
            renderer = renderer or SheetRenderer(catalog, ctx.engine, out, ctx.public_url)
            renderer.render_district(slug, district)
            # WeasyPrint's documents are freed only by the cycle collector: without this, a city's layouts
            # piled up to ~130 MB a sheet until it ran, and rendering set the build's peak (1.25 GB, issue 25).
            gc.collect()
        guidecache.record(out, slug, prints)
        ctx.progress.city(ctx.name(slug), f"案内: {len(todo)} 地区を作成、{len(printed)} 地区は印刷物のまま内容だけ更新、"
                                          f"{len(same)} 地区は前のビルドのまま")
        rendered += [f"{slug}/{d}" for d in todo]
        if not todo:
            reused_cities.append(slug)
    return GuideReuse(rendered=sorted({r.split("/")[0] for r in rendered}), reused=sorted(reused_cities),
                      districts=rendered)


def city_files(ctx: BuildContext, slug: str) -> list[str]:
    """Every file of the new build that belongs to one city (relative to the build): its unit's files."""
    from tsunagu.search.indexer import city_dir_name  # lazy: adds 0.2 s to importing this module
    out = ctx.out
    files = [f"geo/{kind}-{slug}.geojson" for kind in ("areas", "towns")]
    files += city_layer_files(ctx.layers.get(slug, {}))
    index_dir = out / "index" / city_dir_name(slug)
    files += [p.relative_to(out).as_posix() for p in sorted(index_dir.rglob("*")) if p.is_file()]
    files += [f"guides/{index_name(slug)}", f"guides/{guidecache.fingerprints_name(slug)}"]
    files += [f"guides/{names(slug, d.id)[kind]}" for d in ctx.records.cities[slug].districts for kind in KINDS]
    return [f for f in files if (out / f).is_file()]
