"""`tsunagu rollback [BUILD_ID]`: serve an earlier build again, and make data/ and the console agree with it.

Switching `current` by hand is undone by the next publish (which builds from data/) while the console
keeps saying 公開済み. So a rollback, under the build lock and the publisher's writer lock: checks the
build loads, puts data/ back to that build's own snapshot, switches `current` (servers follow by hot
reload), and marks every change request published after that build as 取り消し — audited.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from tsunagu import builds
from tsunagu.build.output import readable
from tsunagu.staff import audit, csvstore
from tsunagu.staff.db import open_store
from tsunagu.staff.models import ChangeRequest

ROLLED_BACK = "rolled_back"
NOT_DATA = (".py", ".pyc")


class RollbackError(ValueError):
    """A refusal, in Japanese, saying what to do."""


@dataclass
class RolledBack:
    from_build: str
    to_build: str
    undone: list[int]  # change request ids marked 取り消し


def completed(build_dir: Path) -> list[Path]:
    folder = builds.builds_dir(build_dir)
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.endswith(".tmp")) if folder.exists() else []


def choose(build_dir: Path, build_id: str | None) -> tuple[Path, Path]:
    current = builds.served_build(build_dir)
    if current is None:
        raise RollbackError("公開中のビルドがありません。先に tsunagu build を実行してください")
    done = completed(build_dir)
    if build_id:
        target = builds.builds_dir(build_dir) / build_id
        if target not in done:
            names = "、".join(p.name for p in done) or "なし"
            raise RollbackError(f"ビルド {build_id} はありません（残っているビルド: {names}）")
        if target == current:
            raise RollbackError(f"ビルド {build_id} はもう公開中です")
    else:
        older = [p for p in done if p.name < current.name]
        if not older:
            raise RollbackError("ひとつ前のビルドが残っていません。戻すビルドを名前で指定してください")
        target = older[-1]
    if not readable(target) or not (target / "data").is_dir():
        raise RollbackError(f"ビルド {target.name} は読み込めません（このつなぐでは開けない形式か、壊れています）")
    return current, target


def _restore_data(snapshot: Path, data_dir: Path) -> None:
    """data/ made equal to the build's snapshot, file by file (code files of a checkout stay)."""
    wanted = {p.relative_to(snapshot) for p in snapshot.rglob("*") if p.is_file()}
    for p in sorted(data_dir.rglob("*")):
        rel = p.relative_to(data_dir)
        if p.is_file() and not p.name.endswith(NOT_DATA) and "__pycache__" not in rel.parts and rel not in wanted:
            p.unlink()
    for rel in sorted(wanted):
        dest = data_dir / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.rollback")
        shutil.copy2(snapshot / rel, tmp)
        os.replace(tmp, dest)


def rollback(settings, build_id: str | None = None, actor: str = "cli", ip: str = "") -> RolledBack:
    build_dir = Path(settings.build_dir)
    with builds.build_lock(build_dir, wait_seconds=120), csvstore.writer_lock(settings.var_dir):
        current, target = choose(build_dir, build_id)
        _restore_data(target / "data", Path(settings.data_dir))
        builds.switch_current(build_dir, target)
        store = open_store(settings)
        with store.tx() as s:
            undone = list(s.scalars(select(ChangeRequest).where(
                ChangeRequest.publish_state == "live", ChangeRequest.build_id > target.name)))
            for cr in undone:
                cr.publish_state = ROLLED_BACK
                cr.problems = f"ビルド {target.name} へのロールバックで取り消されました（{actor}）"
                audit.record(s, "change_rolled_back", actor=actor, city=cr.city, target=f"{cr.record_id} #{cr.id}",
                             ip=ip, detail={"build": target.name})
            audit.record(s, "rollback", actor=actor, target=target.name, ip=ip,
                         detail={"from": current.name, "to": target.name, "undone": [cr.id for cr in undone]})
    return RolledBack(current.name, target.name, [cr.id for cr in undone])
