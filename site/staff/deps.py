"""Per-request pieces of the staff console: the form body, the session, the signed-in account."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import Depends, Request

from tsunagu.staff import sessions
from tsunagu.staff.models import Account, StaffSession

COOKIE = "tsunagu_staff"
MAX_BODY = 64 * 1024  # the largest form (a record edit) is a few KB; a 10 MB field never gets read
MAX_FIELDS = 60


class FormTooLarge(Exception):
    pass


class BadForm(Exception):
    pass


class Form(dict[str, str]):
    """A form body as {name: first value}; `getall(name)` gives every value (a group of checkboxes)."""

    def __init__(self, pairs: list[tuple[str, str]]):
        super().__init__()
        self._all: dict[str, list[str]] = {}
        for key, value in pairs:
            self.setdefault(key, value)
            self._all.setdefault(key, []).append(value)

    def getall(self, name: str) -> list[str]:
        return list(self._all.get(name, []))


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


async def read_form(request: Request) -> Form:
    """The urlencoded body as {name: first value}, read with a size cap (no multipart, no files)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise FormTooLarge()
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/x-www-form-urlencoded":
        raise BadForm("フォームの送り方が違います")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise FormTooLarge()
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="strict")
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadForm("フォームの内容が読めません（文字コードは UTF-8 で送ってください）") from exc
    form = Form([(key, unicodedata.normalize("NFC", value)) for key, value in pairs])
    request.state.sent_form = form  # shown back if saving fails for a reason not the sender's (site/http/unavailable.py)
    return form


# A POST handler takes the form as this dependency and is a plain `def`: the body is read on the
# event loop, then the handler (password checks, database transactions, row checks) runs in a
# worker thread, so public pages never wait for it (tests/web/test_event_loop.py).
FormData = Annotated[Form, Depends(read_form)]


@dataclass
class Who:
    """The request's session (maybe anonymous) and account (None when not signed in)."""
    token: str | None
    session: StaffSession | None
    account: Account | None
    expired: bool = False


@dataclass
class SignedIn(Who):
    """A request whose session belongs to an active account (what `require_account` hands the routes)."""
    account: Account


def who(store, request: Request) -> Who:
    token = request.cookies.get(COOKIE)
    with store.tx() as s:
        session, why = sessions.load_session(s, token)
        account = sessions.account_of(s, session)
    return Who(token if session else None, session, account, why == "expired")


def set_cookie(response, request: Request, token: str) -> None:
    response.set_cookie(COOKIE, token, path="/staff", httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")


def clear_cookie(response, request: Request) -> None:
    response.delete_cookie(COOKIE, path="/staff", httponly=True, samesite="lax", secure=request.url.scheme == "https")
