"""Approval to live, end to end (issue 25: "a one-row change reaches the public pages ≤ 10 s after approval").

`.venv/bin/python bench/bench_publish.py --approvals 5` (or this file directly, `[N]`).

In a temp folder: a copy of the bundled data (4 cities), one `tsunagu build`, an editor and a reviewer of 逗子
in a fresh staff database, and `tsunagu serve` as it runs in production (one worker, its publisher process
beside it, the default reload and publisher polls of 2 s). Then N times: the editor changes one salon's phone
in the staff console, the reviewer approves it, and the clock runs from the approval's answer until the
public record page shows the new phone (polled every 50 ms). Also reported per approval, from the database:
approved → live as the publisher records it (its build done and `current` switched). Prints one JSON object.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_http import free_port, start_server  # the shared start-a-server helper

ROOT = Path(__file__).resolve().parents[1]
TSUNAGU = [sys.executable, "-m", "tsunagu.cli"]
PASSWORD = "correct horse battery staple"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="([^"]+)"')


def signed_in(base: str, name: str) -> httpx.Client:
    c = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    page = c.get("/staff/login")
    c.post("/staff/login", data={"csrf_token": TOKEN.findall(page.text)[0], "name": name, "password": PASSWORD})
    return c


def propose_and_approve(editor: httpx.Client, reviewer: httpx.Client, rid: str, phone: str) -> float:
    """The editor's change, then the reviewer's approval; the time the approval was answered."""
    page = editor.get(f"/staff/zushi/records/{rid}")
    sent = editor.post(f"/staff/zushi/records/{rid}", data={
        "csrf_token": TOKEN.findall(page.text)[1], "version": VERSION.search(page.text).group(1), "phone": phone})
    if sent.status_code != 303:
        raise RuntimeError(f"the change was not accepted ({sent.status_code})")
    queue = reviewer.get("/staff/changes/?status=pending")
    cr = re.findall(r'href="/staff/changes/(\d+)"', queue.text)[0]
    page = reviewer.get(f"/staff/changes/{cr}")
    done = reviewer.post(f"/staff/changes/{cr}", data={"csrf_token": TOKEN.findall(page.text)[1], "decision": "approve",
                                                      "note": "bench"})
    if done.status_code != 303:
        raise RuntimeError(f"the approval was not accepted ({done.status_code})")
    return time.time()


def until_shown(base: str, rid: str, phone: str, timeout: float = 300) -> float:
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base, timeout=30) as public:
        while time.monotonic() < deadline:
            if phone in public.get(f"/zushi/resources/{rid}").text:
                return time.time()
            time.sleep(0.05)
    raise RuntimeError(f"{phone} not shown after {timeout} s")


def add_staff(settings) -> None:
    from tsunagu.staff import accounts  # lazy: the bench's own process needs the database only here
    from tsunagu.staff.db import open_store
    store = open_store(settings)
    with store.tx() as s:
        for name, role in (("bench-editor", "editor"), ("bench-reviewer", "reviewer")):
            accounts.add_account(s, name, PASSWORD, role, ["zushi"], "逗子市社会福祉協議会", {"zushi"})


def recorded(settings) -> list[float]:
    from tsunagu.staff.db import open_store  # lazy: see add_staff
    from tsunagu.staff.models import ChangeRequest
    with open_store(settings).tx() as s:
        return [round((r.live_at - r.approved_at).total_seconds(), 2) for r in s.query(ChangeRequest).all()
                if r.live_at and r.approved_at]


def rebuilt(build_dir: Path) -> list[str]:
    """The cities the served build made anew (it reused the others' units)."""
    from tsunagu.build.output import Manifest  # lazy: see add_staff
    manifest = Manifest.read((build_dir / "current").resolve())
    return manifest.rebuilt if manifest is not None else []


def approval_to_live(n: int) -> dict:
    from tsunagu.settings import Settings  # lazy: imported from the tree PYTHONPATH names, like the server
    root = Path(tempfile.mkdtemp(prefix="tsunagu-approval-"))
    try:
        shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
        settings = Settings(data_dir=root / "data", build_dir=root / "build", var_dir=root / "var")
        env = {**os.environ, "TSUNAGU_DATA_DIR": str(settings.data_dir), "TSUNAGU_BUILD_DIR": str(settings.build_dir),
               "TSUNAGU_VAR_DIR": str(settings.var_dir), "TSUNAGU_TILE_URL": ""}
        t0 = time.monotonic()
        subprocess.run(TSUNAGU + ["build"], env=env, cwd=root, check=True, capture_output=True)
        first_build = time.monotonic() - t0
        add_staff(settings)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(env, port, root / "server.log", cwd=root)
        try:
            seconds, rebuilt_list = one_by_one(base, n, settings)
        finally:
            server.terminate()
            server.wait(timeout=60)
        return {"approvals": n, "approval_to_public_page_s": seconds,
                "median_s": sorted(seconds)[len(seconds) // 2], "max_s": max(seconds),
                "approved_to_live_recorded_s": recorded(settings), "first_full_build_s": round(first_build, 1),
                "rebuilt_per_approval": rebuilt_list,
                "cities": 4, "reload_seconds": settings.reload_seconds, "load": os.getloadavg(), "cpus": os.cpu_count()}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def one_by_one(base: str, n: int, settings) -> tuple[list[float], list[list[str]]]:
    from tsunagu.staff.csvstore import read_table, resource_csv  # lazy: see add_staff
    salons = [r["id"] for r in read_table(resource_csv(settings.data_dir, "zushi"))[1] if r["kind"] == "salon"]
    editor, reviewer = signed_in(base, "bench-editor"), signed_in(base, "bench-reviewer")
    seconds, made = [], []
    try:
        for i in range(n):
            rid, phone = salons[i % len(salons)], f"046-870-{1000 + i:04d}"
            approved = propose_and_approve(editor, reviewer, rid, phone)
            seconds.append(round(until_shown(base, rid, phone) - approved, 2))
            made.append(rebuilt(settings.build_dir))
    finally:
        editor.close()
        reviewer.close()
    return seconds, made


if __name__ == "__main__":
    print(json.dumps(approval_to_live(int(sys.argv[1]) if len(sys.argv) > 1 else 3), ensure_ascii=False))
