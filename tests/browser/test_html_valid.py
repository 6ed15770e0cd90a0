"""The W3C Nu HTML checker (npm `vnu-jar`, run offline with Java) over the HTML the server sends for every
page type of the test suite: 0 errors. Warnings are written to tests/artifacts/vnu-warnings.json for review."""
from __future__ import annotations

import json
import shutil
import subprocess
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from .helpers import ARTIFACTS, PAGES, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Page types beyond the axe list: the other about pages, the public suggestion forms, the staff sign-in.
MORE_PAGES = {
    "about-data": ("/about/data", 200),
    "about-privacy": ("/about/privacy", 200),
    "about-english": ("/about/english", 200),
    "about-hsds": ("/about/hsds", 200),
    "suggest-new": ("/zushi/suggest", 200),
    "suggest-record": ("/zushi/resources/{desk_id}/suggest", 200),
    "staff-login": ("/staff/login", 200),
}


def java() -> str:
    found = shutil.which("java")
    if not found:
        pytest.fail("java is missing: the HTML checker needs a Java runtime "
                    "(`make test` installs Debian's openjdk-17-jre-headless)", pytrace=False)
    return found


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except HTTPError as exc:
        return exc.code, exc.read()


def test_every_page_type_is_valid_html(base_url, desk_id, tmp_path):
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `make test` (npm ci installs vnu-jar)"
    files: dict[str, str] = {}
    for name, (path, status) in {**PAGES, **MORE_PAGES}.items():
        url_path = path.format(desk_id=desk_id)
        got, body = fetch(base_url + url_path)
        assert got == status, f"{url_path}: HTTP {got}"
        file = tmp_path / f"{name}.html"
        file.write_bytes(body)
        files[str(file)] = url_path
    run = subprocess.run([java(), "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *files],
                         check=False, capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]

    def where(m: dict) -> str:
        url = m.get("url", "")
        page = files.get(url.removeprefix("file:"), url)
        return f"{page}:{m.get('lastLine', '?')}: {m.get('message', '')}"

    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    warnings = [m for m in messages if m not in errors]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "vnu-warnings.json").write_text(json.dumps(
        [{"page": files.get(m.get("url", "").removeprefix("file:"), ""), "line": m.get("lastLine"),
          "message": m.get("message"), "extract": m.get("extract")} for m in warnings],
        ensure_ascii=False, indent=2), encoding="utf-8")
    assert not errors, f"the Nu HTML checker found {len(errors)} error(s):\n" + "\n".join(
        where(m) + "\n    " + (m.get("extract") or "").replace("\n", " ") for m in errors[:60])


def test_the_checker_flags_what_it_should(tmp_path):
    """The checker is wired up: a single-line address box with `street-address` is an error."""
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `make test` (npm ci installs vnu-jar)"
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>t</title></head><body>'
                   '<label>住所 <input name="a" autocomplete="street-address"></label></body></html>',
                   encoding="utf-8")
    run = subprocess.run([java(), "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", str(bad)],
                         check=False, capture_output=True, text=True, timeout=120)
    errors = [m for m in json.loads(run.stderr)["messages"] if m.get("type") == "error"]
    assert any("autocomplete" in m.get("message", "") for m in errors), errors
