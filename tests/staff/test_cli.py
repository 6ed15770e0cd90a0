"""`tsunagu staff add | list | reset-password | disable | audit`, as a clerk would run them, on SQLite and PostgreSQL."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import PASSWORD


def tsunagu(env: dict, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tsunagu.cli", *args], check=False, input=stdin, capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_staff_commands(kind, tmp_path, request):
    env = {**os.environ, "TSUNAGU_VAR_DIR": str(tmp_path / "var")}
    env.pop("TSUNAGU_DATABASE_URL", None)
    if kind == "postgresql":
        env["TSUNAGU_DATABASE_URL"] = request.getfixturevalue("postgres").create_database(f"cli_{tmp_path.name[-20:]}".replace("-", "_"))
    r = tsunagu(env, "staff", "add", "sato", "--city", "zushi,kamakura", "--role", "editor",
                "--org", "逗子市社会福祉協議会", "--password-stdin", stdin=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "var" / "staff.sqlite3").exists() == (kind == "sqlite")
    r = tsunagu(env, "staff", "add", "sato", "--city", "zushi", "--role", "editor", "--password-stdin", stdin=PASSWORD)
    assert r.returncode == 2 and "もう登録されています" in r.stderr and "Traceback" not in r.stderr
    r = tsunagu(env, "staff", "add", "ito", "--city", "zushi", "--role", "editor", "--password-stdin", stdin="short\n")
    assert r.returncode == 2 and "12 文字以上" in r.stderr
    assert tsunagu(env, "staff", "list").stdout.splitlines() == ["sato\teditor\tzushi,kamakura\t逗子市社会福祉協議会\t有効"]
    r = tsunagu(env, "staff", "reset-password", "sato", "--password-stdin", stdin="short\n")
    assert r.returncode == 2 and "12 文字以上" in r.stderr
    r = tsunagu(env, "staff", "reset-password", "nobody", "--password-stdin", stdin=PASSWORD + "\n")
    assert r.returncode == 2 and "登録されていません" in r.stderr and "Traceback" not in r.stderr
    r = tsunagu(env, "staff", "reset-password", "sato", "--password-stdin", stdin=PASSWORD + " again\n")
    assert r.returncode == 0 and "ロックを解除" in r.stdout, r.stderr
    assert tsunagu(env, "staff", "disable", "sato").returncode == 0
    assert tsunagu(env, "staff", "list").stdout.split("\t")[-1].strip() == "停止"
    audit = tsunagu(env, "staff", "audit").stdout.splitlines()
    assert [line.split("\t")[2] for line in audit] == ["account_disable", "password_reset", "account_add"]
    assert tsunagu(env, "staff", "disable", "nobody").returncode == 2
