"""Every error as one JSON shape, ``{"error": {"code", "message", "fix"}}``, with its status:
400 for bad input, 404 for what is not there, 422 for a request that fails validation
(missing or mistyped parameters), 401/403 for writes without the token, 413 for an upload
over the limit. Pages get the same error as an HTML page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from vetowatch.cli_common import as_vetowatch_error
from vetowatch.errors import (
    DatabaseError,
    InternalError,
    InvalidInputError,
    NotFoundError,
    NotImportedError,
    VetowatchError,
)

#: renders an error as a page: (request, status, error) -> response; set by the web module
PageRenderer = Callable[[Request, int, VetowatchError], Response]


class ErrorDetail(BaseModel):
    code: str
    message: str
    fix: str


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


class HTTPError(VetowatchError):
    """An HTTP-level refusal (no token, a wrong token, an upload too large)."""

    code = "E032"

    def __init__(self, status: int, message: str, *, fix: str | None = None) -> None:
        super().__init__(message, fix=fix)
        self.status = status


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The input cannot be understood (E0xx)."},
    404: {"model": ErrorBody, "description": "Not in the record or the database."},
    422: {"model": ErrorBody, "description": "A parameter is missing or of the wrong type."},
}


def status_of(err: VetowatchError) -> int:
    if isinstance(err, HTTPError):
        return err.status
    if isinstance(err, NotFoundError):
        return 404
    if isinstance(err, NotImportedError):
        return 503
    if isinstance(err, InternalError | DatabaseError):
        return 500
    return 400


def _as_error(exc: Exception) -> VetowatchError:
    if isinstance(exc, OverflowError):  # a number too large for the database's integers
        return InvalidInputError(f"a number is out of range: {exc}",
                                 fix="Give a smaller number.")
    return as_vetowatch_error(exc)


def _validation(exc: RequestValidationError) -> VetowatchError:
    parts = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg")))
    return InvalidInputError("; ".join(parts) or "invalid request",
                             fix="See /docs for each endpoint's parameters and their types.")


def _http(exc: StarletteHTTPException) -> VetowatchError:
    if exc.status_code == 404:
        return HTTPError(404, f"no such page or endpoint ({exc.detail})",
                         fix="See / for the pages and /docs for the API.")
    return HTTPError(exc.status_code, str(exc.detail),
                     fix="See /docs for the methods each endpoint accepts.")


def install(app: FastAPI, page: PageRenderer | None = None) -> None:
    """Register the handlers: JSON under ``/api`` (and for non-HTML clients), pages elsewhere."""

    def respond(request: Request, status: int, err: VetowatchError) -> Response:
        if page is not None and not request.url.path.startswith("/api"):
            return page(request, status, err)
        return JSONResponse({"error": err.to_json()}, status_code=status)

    async def on_vetowatch(request: Request, exc: Exception) -> Response:
        err = _as_error(exc)
        return respond(request, status_of(err), err)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return respond(request, 422, _validation(exc))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        err = _http(exc)
        response = respond(request, exc.status_code, err)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    app.add_exception_handler(VetowatchError, on_vetowatch)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_vetowatch)
