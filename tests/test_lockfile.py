"""requirements.lock pins every dependency pyproject.toml names, inside its range, with hashes."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def locked() -> dict[str, tuple[str, str]]:
    """name -> (version, the pin's whole entry, hash lines included)."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=\S)", text)
    pins = {}
    for entry in entries:
        m = PIN.match(entry)
        if m:
            pins[canonicalize_name(m.group(1))] = (m.group(2), entry)
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = project["dependencies"] + project["optional-dependencies"]["test"]
    return [Requirement(r) for r in names]


def test_every_declared_dependency_is_locked_inside_its_range():
    pins = locked()
    stale = []
    for req in declared():
        pin = pins.get(canonicalize_name(req.name))
        if pin is None or not req.specifier.contains(pin[0], prereleases=True):
            stale.append(f"{req} (lock: {pin[0] if pin else 'missing'})")
    assert not stale, "requirements.lock is stale; run `make lock` and commit it: " + ", ".join(stale)


def test_every_pin_carries_a_hash_and_the_build_backend_is_locked():
    pins = locked()
    assert {"setuptools", "wheel"} <= pins.keys(), "the editable install's build backend must be locked too"
    unhashed = [name for name, (_, entry) in pins.items() if "--hash=sha256:" not in entry]
    assert not unhashed, f"pins without a hash: {unhashed}"


def test_make_installs_from_the_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in makefile
    assert "--no-deps" in makefile and "-e '.[test]'" not in makefile, "the project itself must not pull unlocked deps"


def test_make_bootstraps_the_pinned_pip_before_the_lock():
    """A venv from the machine's `python3 -m venv` may bundle pip 23.2, which refuses the lock (issue 31):
    the Makefile installs the pip pinned in requirements-bootstrap.txt, with its hashes, before the lock."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    bootstrap = makefile.index("--require-hashes -r requirements-bootstrap.txt")
    assert bootstrap < makefile.index("--require-hashes -r requirements.lock")
    pins = re.findall(r"^pip==(\S+)", (ROOT / "requirements-bootstrap.txt").read_text(encoding="utf-8"), re.M)
    assert len(pins) == 1 and Version(pins[0]) >= Version("24"), "pip 23.2 reads an extra as an unpinned pin"


def test_the_running_venv_has_the_bootstrapped_pip():
    """Proves the bootstrap ran in the venv the tests run in (CI makes it fresh with `python3 -m venv`)."""
    import importlib.metadata

    pinned = re.search(r"^pip==(\S+)", (ROOT / "requirements-bootstrap.txt").read_text(encoding="utf-8"), re.M)
    assert pinned and importlib.metadata.version("pip") == pinned.group(1)
