"""The production recipe in deploy/ (issue 31.5), run as written: each systemd unit's ExecStart with the paths of
a temporary installation (the venv's own `tsunagu`, folders under tmp, a free port) — the web server answers
/healthz without starting a publisher, the publisher runs until SIGTERM and stops cleanly, maintenance and the
backup finish with exit 0."""
from __future__ import annotations

import configparser
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent / "publish"))
from publish_fixtures import make_mini_data

pytestmark = pytest.mark.bundled_data
DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
TSUNAGU = Path(sys.executable).parent / "tsunagu"


def exec_start(unit: str) -> str:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(DEPLOY / unit, encoding="utf-8")
    return parser["Service"]["ExecStart"]


def installation(tmp: Path, port: int) -> tuple[dict, dict]:
    """(environment from tsunagu.env, path replacements) for a temporary /srv/tsunagu."""
    make_mini_data(tmp / "data")
    env = dict(os.environ)
    for line in (DEPLOY / "tsunagu.env").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value.replace("/srv/tsunagu", str(tmp))
    env["TSUNAGU_TILE_URL"] = ""
    swaps = {"/srv/tsunagu/.venv/bin/tsunagu": str(TSUNAGU), "/srv/backup": str(tmp / "backup"), "8000": str(port),
             "%%": "%"}
    (tmp / "backup").mkdir()
    return env, swaps


def command(unit: str, swaps: dict) -> list[str]:
    line = exec_start(unit)
    for old, new in swaps.items():
        line = line.replace(old, new)
    return shlex.split(line)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_units_run_as_written(tmp_path):
    port = free_port()
    env, swaps = installation(tmp_path, port)
    web = subprocess.Popen(command("tsunagu-web.service", swaps), env=env, cwd=tmp_path,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert web.poll() is None, web.stdout.read().decode() if web.stdout else ""
            assert time.monotonic() < deadline, "the web unit did not answer /healthz within 180 s"
            time.sleep(0.5)
        assert httpx.get(f"http://127.0.0.1:{port}/zushi/", timeout=10).status_code == 200
        children = subprocess.run(["pgrep", "-f", "tsunagu publish", "-s", str(os.getpgid(web.pid))], check=False,
                                  capture_output=True, text=True).stdout.split()
        assert not children, "TSUNAGU_STAFF_PUBLISHER=0: the web unit must start no publisher beside itself"
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=60)
    publisher = subprocess.Popen(command("tsunagu-publish.service", swaps), env=env, cwd=tmp_path,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    time.sleep(3)
    assert publisher.poll() is None, publisher.stdout.read().decode() if publisher.stdout else ""
    publisher.send_signal(signal.SIGTERM)
    assert publisher.wait(timeout=60) == 0
    for unit in ("tsunagu-maintenance.service", "tsunagu-backup.service"):
        done = subprocess.run(command(unit, swaps), env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300,
                              check=False)
        assert done.returncode == 0, (unit, done.stderr)
    assert len(list((tmp_path / "backup").glob("tsunagu-*.tar.gz"))) == 1
