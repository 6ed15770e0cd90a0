"""A list uploaded in the console (issue 24.5): read with a size cap, kept in var/imports until confirmed.

The multipart body is read on the event loop with Starlette's parser (python-multipart) and its limits;
the file is parsed and checked later, in the handler's worker thread. An upload is bound to the account
that sent it: confirming someone else's upload id is refused.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException

from tsunagu.importer.sheet import MAX_BYTES, SUFFIXES

MAX_FIELDS = 10
UPLOAD_BODY = MAX_BYTES + 64 * 1024  # the file and a few form fields; larger bodies are refused unread
UPLOAD_ID = "0123456789abcdef"


@dataclass
class Upload:
    fields: dict[str, str] = field(default_factory=dict)
    name: str = ""  # the file's own name (its folder part dropped)
    data: bytes = b""
    problem: str = ""  # what is wrong with the upload itself, in Japanese


async def read_upload(request: Request) -> Upload:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > UPLOAD_BODY:
        return Upload(problem="ファイルが大きすぎます。5 MB までにしてください")
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        return Upload(problem="フォームの送り方が違います。ページを開き直してから送ってください")
    try:
        form = await request.form(max_files=1, max_fields=MAX_FIELDS, max_part_size=MAX_BYTES + 1)
    except (MultiPartException, HTTPException, ValueError):  # a malformed or oversized part
        return Upload(problem="ファイルを受け取れませんでした。5 MB までの CSV・Excel・ODS を選んで、もう一度送ってください")
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    sent = form.get("file")
    if not isinstance(sent, UploadFile) or not sent.filename:
        return Upload(fields, problem="ファイルを選んでください")
    data = await sent.read(MAX_BYTES + 1)
    await form.close()
    name = Path(sent.filename.replace("\\", "/")).name[:150]
    if len(data) > MAX_BYTES:
        return Upload(fields, name, problem="ファイルが大きすぎます。5 MB までにしてください")
    if Path(name).suffix.lower() not in SUFFIXES:
        return Upload(fields, name, problem="CSV（.csv）、Excel（.xlsx）、LibreOffice（.ods）のどれかを選んでください")
    if not data:
        return Upload(fields, name, problem="ファイルが空です")
    return Upload(fields, name, data)


UploadData = Annotated[Upload, Depends(read_upload)]


def keep(var_dir: Path, upload: Upload, account_id: int, city: str, kind: str) -> str:
    """Store the upload for the confirm step; returns its id."""
    folder = Path(var_dir) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    upload_id = secrets.token_hex(16)
    (folder / f"{upload_id}.bin").write_bytes(upload.data)
    (folder / f"{upload_id}.json").write_text(json.dumps(
        {"account": account_id, "name": upload.name, "city": city, "kind": kind}, ensure_ascii=False), encoding="utf-8")
    return upload_id


def kept(var_dir: Path, upload_id: str, account_id: int) -> tuple[Path, dict] | None:
    """(the stored file, its metadata) when `upload_id` is one this account uploaded, else None."""
    if len(upload_id) != 32 or any(c not in UPLOAD_ID for c in upload_id):
        return None
    folder = Path(var_dir) / "imports"
    meta_path = folder / f"{upload_id}.json"
    if not meta_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return (folder / f"{upload_id}.bin", meta) if meta.get("account") == account_id else None


def forget(var_dir: Path, upload_id: str) -> None:
    for suffix in (".bin", ".json"):
        (Path(var_dir) / "imports" / f"{upload_id}{suffix}").unlink(missing_ok=True)
