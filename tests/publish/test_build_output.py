"""The build's output is declared once (tsunagu/build/output.py) and its steps are listed in order."""
from __future__ import annotations

import json
import shutil

import pytest

from tsunagu.build import STEPS
from tsunagu.build.output import Manifest, OutdatedBuild, RecordsFile, readable
from tsunagu.catalog import Catalog


def test_the_steps_run_in_the_documented_order():
    assert [name for name, _ in STEPS] == ["snapshot", "check", "plan", "geocode", "records", "geo", "layers",
                                           "index", "guides", "units", "manifest"]


def test_what_the_build_writes_the_server_reads_with_the_same_models(mini_build):
    build = mini_build.served()
    records = RecordsFile.read(build)
    manifest = Manifest.read(build)
    assert records.format == 2 and manifest is not None and manifest.id == build.name
    assert sum(manifest.counts.values()) == len(records.resources)
    catalog = Catalog(build)
    assert set(catalog.cities) == set(records.cities) and len(catalog.resources) == len(records.resources)
    zushi = catalog.city("zushi")
    assert zushi is not None and all(zushi.district(d.id) == d for d in zushi.districts)


def test_a_build_of_an_older_format_is_refused_with_what_to_do(mini_build, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(mini_build.served(), old)
    payload = json.loads((old / "records.json").read_text(encoding="utf-8"))
    del payload["format"]  # what builds before the typed output wrote
    (old / "records.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(OutdatedBuild, match="tsunagu build` をやり直してください"):
        Catalog(old)
    # `tsunagu serve` builds first when the served build is one it cannot read (after an upgrade).
    assert readable(mini_build.served()) and not readable(old) and not readable(tmp_path / "missing")
