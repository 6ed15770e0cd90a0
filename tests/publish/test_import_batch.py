"""A supplier's list in as one batch (issue 24.4): `tsunagu import --as` proposes, nothing is live; a reviewer
approves the batch leaving a row out with a reason; the publisher publishes the rest in one build, each row
with its own audit line, version check and `supplied:` source."""
from __future__ import annotations

import csv
from datetime import date

from publish_fixtures import read_rows, write_rows
from sqlalchemy import select

from tsunagu.cli import main
from tsunagu.importer.batches import CONFLICT, batch_rows, review_batch
from tsunagu.importer.models import ImportBatch
from tsunagu.staff.accounts import add_account
from tsunagu.staff.audit import entries
from tsunagu.staff.changes import Context
from tsunagu.staff.db import open_store
from tsunagu.staff.models import Account, ChangeRequest
from tsunagu.staff.publisher import Publisher

ORG = "逗子市社会福祉協議会"
PASSWORD = "tsunagu-import-test-passphrase-42"


def accounts(settings):
    store = open_store(settings)
    with store.tx() as s:
        add_account(s, "shakyo", PASSWORD, "editor", ["zushi"], ORG, {"zushi"})
        add_account(s, "checker", PASSWORD, "reviewer", ["zushi"], "逗子市", {"zushi"})
    return store


def write_list(path, rows):
    with path.open("w", encoding="cp932", newline="") as fh:
        csv.writer(fh).writerows([["ふれあいサロン一覧"], ["サロン名", "住所", "開催日", "時間", "参加費"], *rows])
    return path


def run_import(site, path, *extra) -> int:
    return main(["--data-dir", str(site.data), "--build-dir", str(site.build_dir), "import", str(path),
                 "--city", "zushi", *extra])


def test_a_list_goes_live_as_one_batch_in_one_build(site_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("TSUNAGU_VAR_DIR", str(site_copy.settings.var_dir))
    store = accounts(site_copy.settings)
    existing = next(r for r in read_rows(site_copy.resources_csv) if r["kind"] == "salon")
    path = write_list(tmp_path / "salons.csv", [
        ["さくら茶話会", "逗子市桜山5-3-1", "毎週火曜", "10:00〜12:00", "100円"],
        ["ひだまりの会", "逗子市沼間1-1-1", "第1・3金曜", "13:30〜15:00", ""],
        ["うたごえ広場", "逗子市逗子1-1-1", "毎月第2水曜", "", "無料"],
        [existing["name"], "", "毎月第4土曜", "10:00〜11:30", ""],
    ])
    before = site_copy.resources_csv.read_bytes()
    assert run_import(site_copy, path, "--as", "shakyo") == 0
    assert site_copy.resources_csv.read_bytes() == before  # nothing live before review
    with store.tx() as s:
        batch = s.scalars(select(ImportBatch)).one()
        rows = batch_rows(s, batch.id)
        reviewer = s.scalar(select(Account).where(Account.name == "checker"))
    assert [r.action for r in rows] == ["add", "add", "add", "edit"] and {r.status for r in rows} == {"pending"}
    left_out = next(r for r in rows if r.changes and any(c["after"] == "うたごえ広場" for c in r.changes))
    ctx = Context(store, site_copy.settings, reviewer, "127.0.0.1", {"zushi": "逗子市"})
    counts = review_batch(ctx, batch.id, {left_out.id: "会場に確かめてから載せます"})
    with store.tx() as s:
        notes = [r.review_note for r in batch_rows(s, batch.id)]
    assert counts == {"approved": 3, "left_out": 1, "refused": 0}, notes

    builds = []

    def counting_build(settings):
        from tsunagu.build import build
        builds.append(1)
        return build(settings)

    build_id = Publisher(store, site_copy.settings, {"zushi": "逗子市"}, build_fn=counting_build).publish_queued()
    assert build_id and len(builds) == 1
    published = {r["name"]: r for r in read_rows(site_copy.resources_csv)}
    assert "うたごえ広場" not in published
    new = published["さくら茶話会"]
    file_day = date.fromtimestamp(path.stat().st_mtime).isoformat()
    assert new["source"] == f"supplied:{ORG}（salons.csv、{file_day}）" and new["last_verified"] == file_day
    assert new["schedule"] == "毎週火曜 10:00〜12:00" and new["town"] == "桜山五丁目"
    assert published[existing["name"]]["schedule"] == "毎月第4土曜 10:00〜11:30"
    assert existing["source"] in published[existing["name"]]["source"]  # the plan's lines stay cited
    with store.tx() as s:
        states = {r.id: (r.status, r.publish_state, r.build_id) for r in batch_rows(s, batch.id)}
        log = [(e.action, e.target) for e in entries(s, 100, "zushi")]
    assert states[left_out.id][0] == "rejected"
    assert {v for k, v in states.items() if k != left_out.id} == {("approved", "live", build_id)}
    assert sum(1 for action, _ in log if action == "change_approved") == 3
    assert ("import_reviewed", f"取り込み #{batch.id}") in log


def test_a_row_edited_after_the_import_is_refused_not_overwritten(site_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("TSUNAGU_VAR_DIR", str(site_copy.settings.var_dir))
    store = accounts(site_copy.settings)
    table = read_rows(site_copy.resources_csv)
    target = next(r for r in table if r["kind"] == "salon")
    path = write_list(tmp_path / "upd.csv", [[target["name"], "", "毎週月曜", "10:00〜", ""]])
    assert run_import(site_copy, path, "--as", "shakyo") == 0
    target["phone"] = "046-800-0000"  # someone else's edit is published meanwhile
    write_rows(site_copy.resources_csv, table)
    with store.tx() as s:
        batch = s.scalars(select(ImportBatch)).one()
        reviewer = s.scalar(select(Account).where(Account.name == "checker"))
    ctx = Context(store, site_copy.settings, reviewer, "127.0.0.1", {"zushi": "逗子市"})
    assert review_batch(ctx, batch.id, {})["refused"] == 1
    with store.tx() as s:
        [cr] = s.scalars(select(ChangeRequest).where(ChangeRequest.batch_id == batch.id)).all()
    assert cr.status == "rejected" and cr.review_note == CONFLICT
    assert next(r for r in read_rows(site_copy.resources_csv) if r["id"] == target["id"])["schedule"] == target["schedule"]


def test_a_real_import_needs_an_editor_of_the_city(site_copy, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TSUNAGU_VAR_DIR", str(site_copy.settings.var_dir))
    accounts(site_copy.settings)
    path = write_list(tmp_path / "salons.csv", [["さくら茶話会", "逗子市桜山5-3-1", "毎週火曜", "", ""]])
    assert run_import(site_copy, path) == 2
    assert "--as" in capsys.readouterr().err
    assert run_import(site_copy, path, "--as", "nobody") == 2
    assert "担当者「nobody」はいません" in capsys.readouterr().err
