"""Writes are authenticated before their body is read.

FastAPI reads and parses a body before it runs an endpoint's dependencies, so an
anonymous client could make the server take in, and parse, a body of up to the
size cap before being told 401 (a malformed one even got 422, as if the body
mattered).  This middleware finds the route a write is for and, when that route
needs a scope, checks the key, the scope and the write rate first: a refused
request is answered before a byte of its body is read.  The checked principal is
left in the request state, where `require_scope` picks it up.
"""

from __future__ import annotations

from fastapi.routing import APIRoute
from starlette.datastructures import Headers
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.deps import PRINCIPAL_STATE_KEY, check_scope, take_write_token
from app.core.config import Settings
from app.core.errors import (
    DatabaseUnavailable,
    FactstoreError,
    RateLimited,
    Unauthorized,
    is_transient_database_error,
    problem_response,
)
from app.keys.service import Principal, authenticate, record_use

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def required_scope(route: APIRoute) -> str | None:
    """The scope a route's dependencies demand (`require_scope`), if any."""
    pending = list(route.dependant.dependencies)
    while pending:
        dependant = pending.pop()
        scope = getattr(dependant.call, "required_scope", None)
        if isinstance(scope, str):
            return scope
        pending.extend(dependant.dependencies)
    return None


class AuthenticateFirstMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._scopes: dict[int, str | None] = {}

    def _route_scope(self, scope: Scope) -> str | None:
        for route in scope["app"].router.routes:
            if isinstance(route, APIRoute) and route.matches(scope)[0] is Match.FULL:
                key = id(route)
                if key not in self._scopes:
                    self._scopes[key] = required_scope(route)
                return self._scopes[key]
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _READ_METHODS:
            await self.app(scope, receive, send)
            return
        needed = self._route_scope(scope)
        if needed is None:
            await self.app(scope, receive, send)
            return
        try:
            principal = await self._authenticate(scope, needed)
        except FactstoreError as exc:
            headers = exc.headers
            if isinstance(exc, RateLimited):
                headers = {"Retry-After": str(exc.retry_after)}
            response = problem_response(
                exc.status_code,
                exc.detail,
                slug=exc.slug,
                instance=scope["path"],
                errors=exc.errors,
                headers=headers,
            )
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})[PRINCIPAL_STATE_KEY] = principal
        await self.app(scope, receive, send)

    async def _authenticate(self, scope: Scope, needed: str) -> Principal:
        state = scope["app"].state
        settings: Settings = state.settings
        authorization = Headers(scope=scope).get("authorization", "")
        kind, _, presented = authorization.partition(" ")
        if kind.lower() != "bearer" or not presented.strip():
            raise Unauthorized(f"this endpoint needs an API key with scope '{needed}'")
        try:
            async with state.sessionmaker() as session:
                principal = await authenticate(session, presented.strip(), settings.admin_key)
                await session.commit()
            if principal is not None:
                await record_use(state.sessionmaker, principal)
        except Exception as exc:
            if is_transient_database_error(exc):
                raise DatabaseUnavailable("the database is unavailable; retry later") from exc
            raise
        if principal is None:
            raise Unauthorized("the API key is unknown or revoked")
        check_scope(principal, needed)
        take_write_token(state.write_limiter, principal)
        return principal
