"""A build that fails half-way leaves the served build and no half-made folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from world import test_settings

from tsunagu import builds as store
from tsunagu.build import BuildFailed, build

pytestmark = pytest.mark.bundled_data

BUNDLED = Path(__file__).resolve().parents[2] / "data"


def test_a_failed_rebuild_keeps_the_served_build(site_copy):
    good = site_copy.served()
    with pytest.raises(BuildFailed):
        build(site_copy.settings, fail_after_index=True)
    assert site_copy.served() == good
    assert [p.name for p in store.builds_dir(site_copy.build_dir).iterdir()] == [good.name]
    assert (good / "records.json").exists() and (good / "index").is_dir()


def test_a_data_folder_without_resources_is_refused_before_anything_is_published(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("cities.yaml", "sources.yaml", "vocabulary.yaml"):
        shutil.copy(BUNDLED / name, data / name)
    s = test_settings(tmp_path, data_dir=data)
    with pytest.raises(BuildFailed) as info:
        build(s)
    assert "resources/zushi.csv:1:-: ファイルがありません" in [str(p) for p in info.value.problems]
    assert store.served_build(s.build_dir) is None


def test_guides_of_an_unchanged_city_are_reused_and_a_change_renders_them_again(site_copy):
    import json

    from publish_fixtures import read_rows, write_rows
    from pypdf import PdfReader
    served = site_copy.served()  # made by this program on this day: its guides carry fingerprints
    same = build(site_copy.settings)
    assert json.loads((same / "manifest.json").read_text(encoding="utf-8"))["guides"] == {
        "rendered": [], "reused": ["zushi"], "districts": []}
    pdfs = sorted(p.name for p in (served / "guides").glob("*.pdf"))
    assert pdfs and pdfs == sorted(p.name for p in (same / "guides").glob("*.pdf"))
    assert all((served / "guides" / n).read_bytes() == (same / "guides" / n).read_bytes() for n in pdfs)
    rows = read_rows(site_copy.resources_csv)
    salon = next(r for r in rows if r["kind"] == "salon" and r["district"])
    salon["name"] = "ガイド確認用サロン"
    write_rows(site_copy.resources_csv, rows)
    changed = build(site_copy.settings)
    guides = json.loads((changed / "manifest.json").read_text(encoding="utf-8"))["guides"]
    # Only the changed salon's district is rendered again; the other districts' sheets are the served ones.
    assert guides["rendered"] == ["zushi"] and guides["districts"] == [f"zushi/{salon['district']}"]
    sheet = changed / "guides" / f"guide-zushi-{salon['district']}.pdf"
    text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert "ガイド確認用サロン" in text
