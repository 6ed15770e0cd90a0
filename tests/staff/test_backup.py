"""`tsunagu backup` / `tsunagu restore` on SQLite and on a real PostgreSQL (issue 31.3): a backup taken while
staff keep proposing changes holds every row committed before it, restores into empty folders byte-identical
(data files) with the same accounts and requests, and refuses to overwrite."""
from __future__ import annotations

import itertools
import tarfile
import threading

import pytest
import sqlalchemy as sa
from world import test_settings

from tsunagu.ops.backup import BackupError, backup, restore
from tsunagu.staff import audit
from tsunagu.staff.db import database_url, open_store
from tsunagu.staff.models import Account, AuditEntry, ChangeRequest

from .conftest import add

pytestmark = pytest.mark.bundled_data
_n = itertools.count(1)


def propose(store, account_id: int, n: int) -> None:
    with store.tx() as s:
        s.add(ChangeRequest(city="zushi", record_id=f"zushi-salon-{n:02d}", action="edit", author_id=account_id,
                            changes=[{"field": "fee", "before": "", "after": f"{n}円"}]))
        audit.record(s, "change_proposed", actor="ed", city="zushi", target=f"#{n}")


def data_files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def counts(store) -> dict[str, int]:
    with store.tx() as s:
        return {m.__tablename__: s.scalar(sa.select(sa.func.count()).select_from(m))
                for m in (Account, ChangeRequest, AuditEntry)}


def empty_target(staff_settings, tmp_path, request):
    """Empty folders and an empty database of the same kind as the source."""
    url = ""
    if staff_settings.database_url:
        url = request.getfixturevalue("postgres").create_database(f"tsunagu_restore_{next(_n)}")
    return test_settings(tmp_path / "target", data_dir=tmp_path / "target" / "data", database_url=url)


def test_a_backup_taken_while_staff_edit_restores_whole(staff_settings, store, tmp_path, request):
    ed = add(store, "ed", "editor")
    for n in range(1, 21):
        propose(store, ed.id, n)
    committed = counts(store)
    stop = threading.Event()

    def keep_editing():
        n = 100
        while not stop.is_set():
            propose(store, ed.id, n)
            n += 1

    writer = threading.Thread(target=keep_editing)
    writer.start()
    try:
        archive = tmp_path / "backup.tar.gz"
        manifest = backup(staff_settings, archive)
    finally:
        stop.set()
        writer.join()
    assert manifest["database"] == ("postgresql" if staff_settings.database_url else "sqlite")
    with tarfile.open(archive) as tar:
        assert "manifest.json" in tar.getnames() and not any(n.endswith(".py") for n in tar.getnames())
    target = empty_target(staff_settings, tmp_path, request)
    restore(target, archive)
    assert data_files(target.data_dir) == {k: v for k, v in data_files(staff_settings.data_dir).items()
                                           if not k.endswith(".py") and "__pycache__" not in k}
    back = open_store(target)
    got = counts(back)
    assert all(got[t] >= committed[t] for t in committed), (got, committed)  # nothing committed before is lost
    with back.tx() as s:
        assert s.scalar(sa.select(Account.password_hash).where(Account.name == "ed")) == ed.password_hash
        requests = s.scalar(sa.select(sa.func.count()).select_from(ChangeRequest))
    assert requests == got["change_requests"] and requests >= 20
    propose(back, ed.id, 9999)  # ids continue after the restored ones
    dispose(target)


def test_restore_refuses_to_overwrite_and_checks_the_archive(staff_settings, store, tmp_path):
    add(store, "ed", "editor")
    archive = tmp_path / "b.tar.gz"
    backup(staff_settings, archive)
    with pytest.raises(BackupError, match="空ではありません"):
        restore(staff_settings, archive)
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(archive.read_bytes()[:2000])
    target = test_settings(tmp_path / "t2", data_dir=tmp_path / "t2" / "data")
    with pytest.raises(BackupError, match=r"バックアップとして読めません|壊れているか"):
        restore(target, broken)
    assert not (tmp_path / "t2" / "data").exists() or not any((tmp_path / "t2" / "data").iterdir())


def dispose(settings) -> None:
    from tsunagu.staff import db
    found = db._stores.pop(database_url(settings), None)
    if found is not None:
        found.engine.dispose()
