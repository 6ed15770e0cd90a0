"""`tsunagu backup FILE` / `tsunagu restore FILE [--force]`: data/ and the staff database in one archive.

Consistent while the site serves and staff edit: data/ is copied under the publisher's own writer lock
(no publish can rewrite a CSV half-way through the copy), and the database in the same moment — SQLite
through its online-backup API (a plain file copy of a live WAL database loses committed rows), PostgreSQL
as a logical dump read in one REPEATABLE READ transaction. A manifest names the versions and each file's
SHA-256; restore checks them before writing anything, and writes only into empty folders and an empty
database unless told `--force` (an SQLite file may then be replaced; a PostgreSQL database must be empty).
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, select, text

from tsunagu import __version__
from tsunagu.importer.models import ImportBatch
from tsunagu.staff import csvstore
from tsunagu.staff.db import database_url, open_store
from tsunagu.staff.models import Account
from tsunagu.suggest.models import Suggestion

from .dump import dump_tables, load_tables

FORMAT = 1
SKIP = shutil.ignore_patterns("*.py", "__pycache__", "*.pyc")  # data/ is also a code folder in a checkout
# Imported for their tables: Base.metadata must know every table a backup holds.
TABLES_OF = (Account, Suggestion, ImportBatch)


class BackupError(ValueError):
    """A refusal with a Japanese message saying what to do."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _revision(engine: Engine) -> str:
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalars().first() or ""


def backup(settings, out: Path) -> dict:
    """Write the archive to `out` (atomically); returns the manifest."""
    store = open_store(settings)
    engine = store.engine
    with tempfile.TemporaryDirectory(prefix="tsunagu-backup-") as tmp_name:
        tmp = Path(tmp_name)
        with csvstore.writer_lock(settings.var_dir):
            shutil.copytree(settings.data_dir, tmp / "data", ignore=SKIP)
            if engine.dialect.name == "sqlite":
                _sqlite_copy(engine, tmp / "staff.sqlite3")
            else:
                dump_tables(engine, tmp / "database")
        files = sorted(p for p in tmp.rglob("*") if p.is_file())
        manifest = {"format": FORMAT, "tsunagu": __version__, "schema": _revision(engine),
                    "database": engine.dialect.name, "created": datetime.now(UTC).isoformat(timespec="seconds"),
                    "files": {p.relative_to(tmp).as_posix(): _sha256(p) for p in files}}
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = out.with_name(f".{out.name}.partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(tmp / "manifest.json", "manifest.json")
            for p in files:
                tar.add(p, p.relative_to(tmp).as_posix())
        partial.replace(out)
    return manifest


def _sqlite_copy(engine: Engine, dest: Path) -> None:
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(dest)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]  # the sqlite3 connection
        finally:
            target.close()
    finally:
        raw.close()


def _read_archive(archive: Path, tmp: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp, filter="data")  # "data": no absolute paths, links out or devices
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive.name}: バックアップとして読めません（{exc}）") from exc
    try:
        manifest = json.loads((tmp / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{archive.name}: manifest.json がありません。tsunagu backup で作ったファイルですか") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive.name}: 形式 {manifest.get('format')} は読めません（このつなぐは形式 {FORMAT}）")
    for name, digest in manifest["files"].items():
        path = tmp / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"{archive.name}: {name} が壊れているか、ありません（チェックサムが合いません）。何も書きかえていません")
    return manifest


def restore(settings, archive: Path, force: bool = False) -> dict:
    """Restore into the settings' data_dir and database; refuses anything non-empty unless `force`."""
    data_dir = Path(settings.data_dir)
    if data_dir.exists() and any(data_dir.iterdir()) and not force:
        raise BackupError(f"{data_dir} は空ではありません。空のフォルダーを指定するか、上書きしてよければ --force を付けてください")
    with tempfile.TemporaryDirectory(prefix="tsunagu-restore-") as tmp_name:
        tmp = Path(tmp_name)
        manifest = _read_archive(archive, tmp)
        _restore_database(settings, tmp, manifest, force)
        if data_dir.exists():
            for entry in data_dir.iterdir():  # --force: the archive's data/ replaces the folder's contents
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        shutil.copytree(tmp / "data", data_dir, dirs_exist_ok=True)
    return manifest


def _restore_database(settings, tmp: Path, manifest: dict, force: bool) -> None:
    url = database_url(settings)
    if url.startswith("sqlite") and manifest["database"] == "sqlite":
        path = Path(url.split("///", 1)[1])
        if path.exists() and _has_rows(path) and not force:
            raise BackupError(f"{path} にはもう職員の記録があります。空のデータベースにするか、--force を付けてください")
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(tmp / "staff.sqlite3", path)
        open_store(settings)  # brings an older backup's schema up to date
        return
    store = open_store(settings)
    with store.tx() as s:
        if s.scalar(select(func.count()).select_from(Account)):
            raise BackupError("データベースにもう職員の記録があります。空のデータベースを指定してください"
                              "（PostgreSQL へは --force でも上書きしません）")
    source = tmp / "staff.sqlite3" if manifest["database"] == "sqlite" else tmp / "database"
    load_tables(store.engine, source)


def _has_rows(path: Path) -> bool:
    try:
        with sqlite3.connect(path) as conn:
            return bool(conn.execute("SELECT count(*) FROM accounts").fetchone()[0])
    except sqlite3.Error:
        return False


def describe(manifest: dict) -> str:
    return (f"つなぐ {manifest['tsunagu']}、スキーマ {manifest['schema']}、{manifest['database']}、"
            f"{manifest['created']} 作成、ファイル {len(manifest['files'])} 件")
