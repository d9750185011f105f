"""`ScopedRoute`: a route that needs a scope checks the caller's key first.

FastAPI reads and parses a request body before it runs an endpoint's dependencies,
so an anonymous client could make the server take in and parse a body of up to the
size cap before being told 401 (a malformed one even got 422, as if the body
mattered).  A `ScopedRoute` whose dependencies `require_scope` a write checks the
key, the scope and the write rate before the body is read; the principal is left
in the request state, where `require_scope` takes it.  Routers with such endpoints
use it (or `ListRoute`, built on it) as their `route_class`.

It also names the scope in the operation's OpenAPI (`x-required-scope`), from which
`install_openapi` writes the security requirement.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from app.api.deps import (
    PRINCIPAL_STATE_KEY,
    check_scope,
    get_settings_dep,
    resolve_key,
    take_write_token,
)
from app.core.errors import Unauthorized
from app.core.openapi import SCOPE_EXTENSION

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


async def _authenticate_write(request: Request, needed: str) -> None:
    authorization = request.headers.get("authorization", "")
    kind, _, presented = authorization.partition(" ")
    if kind.lower() != "bearer" or not presented.strip():
        raise Unauthorized(f"this endpoint needs an API key with scope '{needed}'")
    settings = await get_settings_dep(request)
    principal = check_scope(await resolve_key(request, settings, presented.strip()), needed)
    take_write_token(request.app.state.write_limiter, principal)
    request.scope.setdefault("state", {})[PRINCIPAL_STATE_KEY] = principal


class ScopedRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        self.required_scope = required_scope(self)
        if self.required_scope is not None:
            self.openapi_extra = {
                **(self.openapi_extra or {}),
                SCOPE_EXTENSION: self.required_scope,
            }

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        needed = required_scope(self)
        if needed is None or not (self.methods or set()) - _READ_METHODS:
            return handler

        async def authenticate_first(request: Request) -> Response:
            await _authenticate_write(request, needed)
            return await handler(request)

        return authenticate_first
