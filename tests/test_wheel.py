"""The project installs as a package (issue 31): a wheel built from the source carries the templates,
the static files with the vendored Leaflet, and the sample data, so that `pip install` of it, then
`tsunagu build` and `tsunagu serve`, gives styled pages with working maps — nothing read from a checkout."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.bundled_data  # the wheel carries a copy of the bundled data

ROOT = Path(__file__).resolve().parents[1]
TOP_NOT_SOURCE = {"build", "var", "node_modules", ".git", ".venv", "tests", "bench"}  # tsunagu/build/ is source
NOT_SOURCE = ("__pycache__", "*.egg-info", ".mypy_cache", ".ruff_cache", ".pytest_cache")


def not_source(folder: str, names: list[str]) -> set[str]:
    ignored = set(shutil.ignore_patterns(*NOT_SOURCE)(folder, names))
    return ignored | (TOP_NOT_SOURCE & set(names) if Path(folder) == ROOT else set())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if not (ROOT / "static" / "vendor" / "leaflet" / "leaflet.js").exists():
        pytest.fail("static/vendor is empty: `make test` copies Leaflet from npm before the tests", pytrace=False)
    tmp = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, tmp / "src", ignore=not_source)  # setuptools writes build/ there
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(tmp / "src"), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp / "dist")], check=True, capture_output=True)
    return next((tmp / "dist").glob("tsunagu-*.whl"))


def test_the_wheel_carries_every_package_static_files_vendored_assets_and_sample_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for init in ROOT.glob("*/**/__init__.py"):
        rel = init.relative_to(ROOT)
        if rel.parts[0] in ("tests", "bench", "build", "node_modules", ".venv"):
            continue
        top = {"site": "tsunagu/site", "search": "tsunagu/search", "geo": "tsunagu/geo", "data": "tsunagu/data"}
        inside = "/".join([top.get(rel.parts[0], rel.parts[0]), *rel.parts[1:]])
        assert inside in names, f"{rel} is not in the wheel: list its package in pyproject.toml"
    for needed in ("tsunagu/static/css/site.css", "tsunagu/static/vendor/leaflet/leaflet.js",
                   "tsunagu/static/vendor/swagger-ui/swagger-ui-bundle.js", "tsunagu/site/templates/base.html",
                   "tsunagu/data/cities.yaml", "tsunagu/data/resources/zushi.csv", "tsunagu/data/geo/stations_n02_2020.geojson"):
        assert needed in names, needed


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with only the wheel installed; its dependencies are read (not imported through the
    checkout's editable finder) from this venv's site-packages."""
    tmp = tmp_path_factory.mktemp("installed")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp / "venv")], check=True)
    python = tmp / "venv" / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    (purelib / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(purelib), str(wheel)],
                   check=True, capture_output=True)
    where = subprocess.run([str(python), "-c", "import tsunagu; print(tsunagu.__file__)"], check=True,
                           capture_output=True, text=True, cwd=tmp).stdout
    assert str(purelib) in where and str(ROOT) not in where, where
    return python


def test_an_installed_wheel_builds_and_serves_styled_pages_with_maps(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSUNAGU_")} | {"TSUNAGU_TILE_URL": ""}
    run = tmp_path / "site"
    run.mkdir()
    built = subprocess.run([str(installed), "-m", "tsunagu.cli", "build"], cwd=run, env=env, capture_output=True,
                           text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr[-2000:]
    assert (run / "build" / "current" / "records.json").exists(), "build/ is made where the program runs"
    port = free_port()
    server = subprocess.Popen([str(installed), "-m", "tsunagu.cli", "serve", "--port", str(port)], cwd=run, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "the installed server did not start"
            time.sleep(0.3)
        page = httpx.get(f"{url}/zushi/near", params={"address": "逗子5丁目"}, timeout=30)
        assert page.status_code == 200 and "近い順" in page.text
        css = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', page.text)
        leaflet = re.search(r'src="(/static/vendor/leaflet/leaflet\.[0-9a-f]+\.js)"', page.text)
        assert css and leaflet, "the page links its CSS and Leaflet"
        for path, kind in ((css.group(1), "text/css"), (leaflet.group(1), "javascript")):
            asset = httpx.get(url + path, timeout=10)
            assert asset.status_code == 200 and kind in asset.headers["content-type"] and len(asset.content) > 1000
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
