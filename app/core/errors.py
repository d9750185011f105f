"""Domain exceptions carrying their HTTP status, and the one handler that renders
every error as RFC 9457 problem details (`application/problem+json`)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from http import HTTPStatus
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match
from starlette.types import Message

from app.core.schemas import PROBLEM_BASE as PROBLEM_BASE
from app.core.schemas import PROBLEM_MEDIA_TYPE as PROBLEM_MEDIA_TYPE
from app.core.schemas import FieldProblem as FieldProblem
from app.core.schemas import Problem as Problem

logger = logging.getLogger("factstore.errors")


class FactstoreError(Exception):
    """A domain error: its class says what went wrong and which status it maps to."""

    status_code: ClassVar[int] = 400
    slug: ClassVar[str] = "bad-request"
    headers: ClassVar[dict[str, str] | None] = None

    def __init__(self, detail: str, *, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class Unauthorized(FactstoreError):
    status_code = 401
    slug = "unauthorized"
    headers: ClassVar[dict[str, str] | None] = {"WWW-Authenticate": "Bearer"}


class Forbidden(FactstoreError):
    status_code = 403
    slug = "forbidden"


class NotFound(FactstoreError):
    status_code = 404
    slug = "not-found"


class Conflict(FactstoreError):
    status_code = 409
    slug = "conflict"


class Unprocessable(FactstoreError):
    status_code = 422
    slug = "unprocessable"


class TooLargeToExtract(FactstoreError):
    status_code = 413
    slug = "too-large-to-extract"


class InvalidCursor(FactstoreError):
    status_code = 400
    slug = "invalid-cursor"


class QuoteNotFound(Unprocessable):
    slug = "quote-not-found"


class IdempotencyKeyReused(Unprocessable):
    slug = "idempotency-key-reused"


class IdempotencyInProgress(Conflict):
    slug = "idempotency-in-progress"


class RateLimited(FactstoreError):
    status_code = 429
    slug = "rate-limited"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class DatabaseUnavailable(FactstoreError):
    status_code = 503
    slug = "database-unavailable"
    headers: ClassVar[dict[str, str] | None] = {"Retry-After": "5"}


# SQLSTATE classes that say "try again later", not "this request is wrong": connection
# exceptions (08), transaction rollbacks such as deadlocks (40), insufficient resources
# (53), operator intervention such as a statement timeout or a shutdown (57).
_TRANSIENT_SQLSTATE_CLASSES = ("08", "40", "53", "57")


def is_transient_database_error(exc: BaseException) -> bool:
    """The database is down, overloaded or cut the statement off: answer 503, not 500."""
    if isinstance(exc, PoolTimeoutError | OperationalError | InterfaceError | OSError):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
        return isinstance(code, str) and code.startswith(_TRANSIENT_SQLSTATE_CLASSES)
    return False


def problem(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    title: str | None = None,
    instance: str | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> Problem:
    """The problem details of an answer; every error body is made here."""
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return Problem(
        type=PROBLEM_BASE + (slug or phrase.lower().replace(" ", "-")),
        title=title or phrase,
        status=status,
        detail=detail,
        instance=instance,
        errors=[FieldProblem.model_validate(e) for e in errors] if errors else None,
    )


def problem_response(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    instance: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = problem(status, detail, slug=slug, instance=instance, errors=errors)
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def problem_messages(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    title: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[Message, Message]:
    """A problem as the two ASGI messages that send it, for middleware that answers
    below the app's handlers (built once where the answer is always the same)."""
    body = problem(status, detail, slug=slug, title=title).model_dump_json(exclude_none=True)
    encoded = body.encode()
    raw_headers = [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
        (b"content-length", str(len(encoded)).encode()),
        *((name.lower().encode(), value.encode()) for name, value in (headers or {}).items()),
    ]
    return (
        {"type": "http.response.start", "status": status, "headers": raw_headers},
        {"type": "http.response.body", "body": encoded},
    )


def validation_errors(raw: Sequence[Any], within: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Validation errors as a problem lists them: location (under `within`), message and
    type, as text and list indexes (FastAPI's error dicts may also hold the raw input
    and exception objects)."""
    return [
        {
            "loc": [
                *within,
                *(part if isinstance(part, int) else str(part) for part in err.get("loc", ())),
            ],
            "msg": str(err.get("msg", "invalid value")),
            "type": str(err.get("type", "value_error")),
        }
        for err in raw
    ]


def invalid_request_detail(errors: Sequence[dict[str, Any]]) -> str:
    """A validation problem's detail, naming the fields at fault."""
    fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in errors)
    return f"the request is invalid: {fields}" if fields else "the request is invalid"


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _documented_methods(request: Request) -> list[str] | None:
    """The methods the OpenAPI document gives this path; a literal path wins over a
    template (`/v1/articles/bulk` is not `/v1/articles/{article_id}`)."""
    paths: dict[str, dict[str, Any]] = request.app.openapi().get("paths", {})
    path = request.url.path
    operations = paths.get(path)
    if operations is None:
        operations = next(
            (
                ops
                for template, ops in paths.items()
                if re.fullmatch(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)), path)
            ),
            None,
        )
    if operations is None:
        return None
    # HEAD is served wherever GET is (`HeadAsGetMiddleware`).
    return [
        method
        for method in _METHODS
        if method.lower() in operations or (method == "HEAD" and "get" in operations)
    ]


def _allowed_methods(request: Request) -> list[str]:
    """Every method served at this path (Starlette names only the first route's)."""
    documented = _documented_methods(request)
    if documented is not None:
        return documented
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    ]


# An HTML rendering of an error for a browser on a page (the explorer installs one):
# given the request, status, detail and headers, a response, or None where the answer
# stays a problem (every API route, and clients that do not ask for HTML).
HtmlErrorPage = Callable[[Request, int, str, dict[str, str] | None], Response | None]


def _answer(
    request: Request,
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    render: HtmlErrorPage | None = getattr(request.app.state, "html_error_page", None)
    if render is not None:
        page = render(request, status, detail, headers)
        if page is not None:
            return page
    return problem_response(
        status, detail, slug=slug, instance=request.url.path, errors=errors, headers=headers
    )


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(FactstoreError)
    async def _domain(request: Request, exc: FactstoreError) -> Response:
        headers = exc.headers
        if isinstance(exc, RateLimited):
            headers = {"Retry-After": str(exc.retry_after)}
        return _answer(
            request, exc.status_code, exc.detail, slug=exc.slug, errors=exc.errors, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = validation_errors(exc.errors())
        return _answer(
            request, 422, invalid_request_detail(errors), slug="validation-error", errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        headers = getattr(exc, "headers", None)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no route matches {request.method} {request.url.path}"
        if exc.status_code == 405:
            allowed = _allowed_methods(request)
            headers = {**(headers or {}), "Allow": ", ".join(allowed)}
            detail = f"{request.method} is not allowed here; use {' or '.join(allowed)}"
        return _answer(request, exc.status_code, detail, headers=headers)

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, exc: ClientDisconnect) -> JSONResponse:
        # Nobody will read this answer; it only ends the request quietly, without a 500.
        return problem_response(
            400, "the client went away before sending the whole body", instance=request.url.path
        )

    @app.exception_handler(PoolTimeoutError)
    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(OSError)
    async def _unavailable(request: Request, exc: Exception) -> Response:
        logger.warning("database unavailable: %s", type(exc).__name__)
        return _answer(
            request,
            DatabaseUnavailable.status_code,
            "the database is unavailable; retry later",
            slug=DatabaseUnavailable.slug,
            headers=DatabaseUnavailable.headers,
        )

    @app.exception_handler(DBAPIError)
    async def _dbapi(request: Request, exc: DBAPIError) -> Response:
        if is_transient_database_error(exc):
            return await _unavailable(request, exc)
        logger.exception("database error", exc_info=exc)
        return _answer(request, 500, "internal error")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        logger.exception("unhandled error", exc_info=exc)
        return _answer(request, 500, "internal error")
