"""The API's one error shape: `{"error": {"code", "message", "field"?, "details"?}}`, message in Japanese.

FastAPI exception handlers are app-wide, and the HTML pages keep their own error pages (site/app.py).
`install_api_errors` wraps the app's handlers so that paths under /api/v1 answer in this model and
every other path goes to the handler that was there before.
"""
from __future__ import annotations

import inspect
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

API_PREFIX = "/api/v1"
log = logging.getLogger("tsunagu")

# What the status means to a client, when the raiser did not say more.
STATUS_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 422: "invalid_parameter",
                500: "server_error"}
STATUS_MESSAGES = {
    400: "リクエストの値を確かめてください。",
    404: "その URL には何もありません。",
    405: "この URL は GET（と HEAD）で使います。",
    422: "パラメーターの値を確かめてください。",
    500: "サーバーで問題が起きました。時間をおいてもう一度お試しください。",
}
# Parameter names as a resident or a clerk would call them, for messages.
FIELD_LABELS = {
    "city": "市", "address": "住所", "need": "相談したいこと", "q": "検索語", "kind": "種類", "target": "対象",
    "category": "分類", "district": "地区", "page": "ページ", "day": "曜日", "week": "今週", "ampm": "午前・午後",
    "place": "地名の扱い", "station": "駅", "town": "町名", "lat": "緯度", "lon": "経度", "limit": "件数",
    "resource_id": "記録の ID",
}


class FieldProblem(BaseModel):
    field: str = Field(description="問題のあるパラメーター名")
    message: str = Field(description="何を直せばよいか（日本語）")


class ErrorDetail(BaseModel):
    code: str = Field(description="機械向けの種別: bad_request / not_found / invalid_parameter / method_not_allowed "
                                  "/ server_error", examples=["invalid_parameter"])
    message: str = Field(description="何を直せばよいか（日本語）", examples=["件数（limit）は 50 以下にしてください。"])
    field: str | None = Field(default=None, description="問題のあるパラメーター名（分かるとき）", examples=["limit"])
    details: list[FieldProblem] | None = Field(default=None, description="422: パラメーターごとの問題（2つ以上のときも）")


class ApiError(BaseModel):
    """Every 4xx/5xx answer under /api/v1."""
    error: ErrorDetail


class ApiProblem(StarletteHTTPException):
    """Raised by API routes: a status, a machine code, a Japanese message and the parameter at fault."""

    def __init__(self, status_code: int, message: str, field: str | None = None, code: str | None = None):
        super().__init__(status_code=status_code, detail=message)
        self.code = code or STATUS_CODES.get(status_code, f"http_{status_code}")
        self.field = field


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: each status documented with the one error model."""
    descriptions = {400: "値が使えない（理由は message）", 404: "市または記録が見つからない",
                    422: "パラメーターの型・長さ・選択肢が違う"}
    return {s: {"model": ApiError, "description": descriptions.get(s, STATUS_MESSAGES.get(s, ""))} for s in statuses}


def label(field: str | None) -> str:
    if not field:
        return "値"
    name = FIELD_LABELS.get(field)
    return f"{name}（{field}）" if name else field


def _choices(expected: str) -> str:
    """pydantic's "'mo', 'tu' or 'we'" -> "mo, tu, we"."""
    return expected.replace("'", "").replace(" or ", ", ")


def problem_text(kind: str, ctx: dict, field: str | None) -> str:
    """One pydantic error as a Japanese sentence saying what to fix."""
    who = label(field)
    texts = {
        "missing": f"{who}を指定してください。",
        "string_too_long": f"{who}は {ctx.get('max_length')} 文字までにしてください。",
        "string_too_short": f"{who}は {ctx.get('min_length')} 文字以上にしてください。",
        "string_pattern_mismatch": f"{who}の形が正しくありません。",
        "int_parsing": f"{who}は整数で指定してください。",
        "int_from_float": f"{who}は整数で指定してください。",
        "float_parsing": f"{who}は数値で指定してください。",
        "finite_number": f"{who}は数値で指定してください。",
        "bool_parsing": f"{who}は 1 か 0（true か false）で指定してください。",
        "greater_than_equal": f"{who}は {ctx.get('ge')} 以上にしてください。",
        "less_than_equal": f"{who}は {ctx.get('le')} 以下にしてください。",
        "greater_than": f"{who}は {ctx.get('gt')} より大きくしてください。",
        "less_than": f"{who}は {ctx.get('lt')} より小さくしてください。",
        "literal_error": f"{who}は {_choices(str(ctx.get('expected', '')))} のどれかにしてください。",
        "enum": f"{who}は {_choices(str(ctx.get('expected', '')))} のどれかにしてください。",
    }
    return texts.get(kind, f"{who}の値が正しくありません。")


def validation_body(errors: list[dict]) -> ApiError:
    problems: dict[str, FieldProblem] = {}
    for e in errors:
        # loc is ("query", name, …): a union type adds one entry per member; the first says enough.
        loc = [str(part) for part in e.get("loc", ())]
        field = loc[1] if len(loc) > 1 and loc[0] in ("query", "path", "header") else (loc[-1] if loc else "")
        if field not in problems:
            problems[field] = FieldProblem(field=field, message=problem_text(e.get("type", ""), e.get("ctx") or {}, field))
    listed = list(problems.values())
    first = listed[0] if listed else FieldProblem(field="", message=STATUS_MESSAGES[422])
    return ApiError(error=ErrorDetail(code="invalid_parameter", message=first.message, field=first.field or None,
                                      details=listed))


def error_json(status: int, body: ApiError, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers)


def http_body(exc: StarletteHTTPException) -> ApiError:
    if isinstance(exc, ApiProblem):
        return ApiError(error=ErrorDetail(code=exc.code, message=str(exc.detail), field=exc.field))
    status = exc.status_code
    return ApiError(error=ErrorDetail(code=STATUS_CODES.get(status, f"http_{status}"),
                                      message=STATUS_MESSAGES.get(status, "リクエストを処理できませんでした。")))


def is_api(request: Request) -> bool:
    path = request.url.path
    return path == API_PREFIX or path.startswith((API_PREFIX + "/", "/api/hsds/"))  # the HSDS feed: same model


async def _answer(handler, request: Request, exc: Exception):
    """Call a page handler, sync or async, as Starlette would."""
    result = handler(request, exc)
    return await result if inspect.isawaitable(result) else result


def install_api_errors(app: FastAPI) -> None:
    """Answer errors under /api/v1 in the error model; leave every other path to the existing handlers."""
    pages_http = app.exception_handlers.get(StarletteHTTPException)
    pages_invalid = app.exception_handlers.get(RequestValidationError)
    pages_crash = app.exception_handlers.get(Exception)

    async def http_error(request: Request, exc: Exception):
        if is_api(request) or pages_http is None:
            assert isinstance(exc, StarletteHTTPException)
            return error_json(exc.status_code, http_body(exc), getattr(exc, "headers", None))
        return await _answer(pages_http, request, exc)

    async def invalid(request: Request, exc: Exception):
        if is_api(request) or pages_invalid is None:
            assert isinstance(exc, RequestValidationError)
            return error_json(422, validation_body(list(exc.errors())))
        return await _answer(pages_invalid, request, exc)

    async def crash(request: Request, exc: Exception):
        if is_api(request) or pages_crash is None:
            log.exception("unhandled error on %s", request.url.path)
            return error_json(500, http_body(StarletteHTTPException(500)))
        return await _answer(pages_crash, request, exc)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(Exception, crash)
