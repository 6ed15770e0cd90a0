"""The build makes what the guide pages show: each district's sheet contents as JSON beside its PDF,
read back by the page (never made again per request); and the build loads nothing of the web app."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from tsunagu.catalog import Catalog
from tsunagu.geo.engine import GeoEngine
from tsunagu.guides.district import build_district_sheet
from tsunagu.guides.files import guide_files, index_name, names, read_sheet
from tsunagu.guides.model import DistrictSheet
from tsunagu.guides.stamp import build_date

pytestmark = pytest.mark.bundled_data


def test_every_district_has_its_contents_and_they_are_what_the_guide_code_makes(settings):
    build = settings.current_build.resolve()
    catalog, geo = Catalog(build), GeoEngine(build / "data")
    for city in catalog.cities.values():
        for d in city.districts:
            text = (build / "guides" / names(city.slug, d.id)["sheet"]).read_text(encoding="utf-8")
            sheet = DistrictSheet.from_json(text)
            assert sheet.to_json() == text  # round-trips exactly
            fitted = json.loads((build / "guides" / names(city.slug, d.id)["fit"]).read_text(encoding="utf-8"))
            assert sheet.fit.to_json() == fitted["fit"] and sheet.map_legend == fitted["map_legend"]
            made = build_district_sheet(catalog, geo, city.slug, d.id, built=build_date(build),
                                        base_url=settings.public_url, fit=sheet.fit)
            assert made is not None
            assert made.model_copy(update={"map_legend": sheet.map_legend}) == sheet, f"{city.slug}/{d['id']}"
        counts = json.loads((build / "guides" / index_name(city.slug)).read_text(encoding="utf-8"))["counts"]
        assert counts == {d.id: len(catalog.in_city(city.slug)) if d.id == "all"
                          else len(catalog.in_district(city.slug, d.id)) for d in city.districts}


def test_a_private_home_on_a_sheet_shows_its_town_only_and_no_pin(settings):
    build = settings.current_build.resolve()
    catalog = Catalog(build)
    private = [r for r in catalog.resources.values() if not r.location_public and r.district]
    assert private, "the bundled data has salons in private homes"
    seen = 0
    for r in private:
        sheet = read_sheet(build, r.city, r.district)
        assert sheet is not None
        items = [it for g in sheet.front_groups + sheet.more_groups for it in g.items] + sheet.desks + sheet.local_others
        for it in (it for it in items if it.id == r.id):
            seen += 1
            assert it.address == "" and it.lat is None and "個人宅" in it.place
            assert it.number not in {p[0] for p in sheet.pins}
    assert seen


def test_the_page_shows_the_contents_the_build_wrote(settings, tmp_path):
    """Edit one district's contents file in a copy of the build: the page shows the edit, so it
    renders the file (and the rest of the city is untouched)."""
    from tsunagu.site.app import create_app

    build = settings.current_build.resolve()
    copy = tmp_path / "build" / "builds" / build.name
    shutil.copytree(build, copy, symlinks=True)
    os.symlink(copy, tmp_path / "build" / "current")
    path = copy / "guides" / names("zushi", "kotsubo")["sheet"]
    sheet = DistrictSheet.from_json(path.read_bytes())
    desk = sheet.desks[0].model_copy(update={"phone": "046-000-9999"})
    path.write_text(sheet.model_copy(update={"desks": [desk, *sheet.desks[1:]]}).to_json(), encoding="utf-8")
    with TestClient(create_app(replace(settings, build_dir=tmp_path / "build"))) as client:
        page = client.get("/zushi/areas/kotsubo")
        assert page.status_code == 200 and "電話 046-000-9999" in page.text
        assert "046-000-9999" not in client.get("/zushi/areas/zushi").text
        (copy / "guides" / names("zushi", "ikego")["sheet"]).unlink()
        missing = client.get("/zushi/areas/ikego")
        assert missing.status_code == 404 and "まだ作られていません" in missing.text


def test_a_city_is_reused_only_with_its_contents(settings):
    catalog = Catalog(settings.current_build.resolve())
    files = dict(guide_files(catalog, "zushi"))
    assert files[names("zushi", "kotsubo")["sheet"]] is True and files[index_name("zushi")] is True


BLOCK_SITE = textwrap.dedent("""
    import sys, importlib.abc
    class NoSite(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "tsunagu.site" or name.startswith("tsunagu.site."):
                raise ImportError("the build imported " + name)
    sys.meta_path.insert(0, NoSite())
    from pathlib import Path
    import tsunagu.build
    from tsunagu.catalog import Catalog
    from tsunagu.geo.engine import GeoEngine
    from tsunagu.guides.render import render_guides
    build, out = Path(sys.argv[1]), Path(sys.argv[2])
    render_guides(Catalog(build), GeoEngine(build / "data"), out, "https://example.jp", cities={"zushi"})
    print(sorted(m for m in sys.modules if m.startswith("tsunagu.")))
""")


def test_the_build_makes_guides_without_loading_the_web_app(settings, tmp_path):
    build = settings.current_build.resolve()
    done = subprocess.run([sys.executable, "-c", BLOCK_SITE, str(build), str(tmp_path)],
                          check=False, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "tsunagu.guides.render" in done.stdout and "tsunagu.site" not in done.stdout
    assert (tmp_path / names("zushi", "kotsubo")["sheet"]).is_file()
    assert (tmp_path / names("zushi", "kotsubo")["pdf"]).read_bytes().startswith(b"%PDF")


def test_a_guide_page_rendered_once_per_build_follows_a_new_build(settings, tmp_path):
    """The page is rendered once per build; after a hot reload to a build whose sheet changed, visitors
    get the new sheet, not the page kept from the old build."""
    from tsunagu import builds as store
    from tsunagu.site.app import create_app

    build = settings.current_build.resolve()
    builds = tmp_path / "build" / "builds"
    first = builds / build.name
    shutil.copytree(build, first, symlinks=True)
    os.symlink(first, tmp_path / "build" / "current")
    with TestClient(create_app(replace(settings, build_dir=tmp_path / "build", reload_seconds=3600))) as client:
        before = client.get("/zushi/areas/kotsubo")
        assert before.status_code == 200 and "046-000-8888" not in before.text
        assert client.get("/zushi/areas/kotsubo").text == before.text  # same build, same page
        second = builds / "20991231-000000-1-next"
        shutil.copytree(first, second, symlinks=True)
        path = second / "guides" / names("zushi", "kotsubo")["sheet"]
        sheet = DistrictSheet.from_json(path.read_bytes())
        desk = sheet.desks[0].model_copy(update={"phone": "046-000-8888"})
        path.write_text(sheet.model_copy(update={"desks": [desk, *sheet.desks[1:]]}).to_json(), encoding="utf-8")
        store.switch_current(tmp_path / "build", second)
        assert client.app.state.holder.poll() is True
        after = client.get("/zushi/areas/kotsubo")
        assert after.status_code == 200 and "電話 046-000-8888" in after.text
