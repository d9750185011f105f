"""Dependency aliases shared by every router: the session and the caller's rights."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.core.db import RequestSession
from app.core.errors import Forbidden, RateLimited, Unauthorized
from app.core.rate_limit import TokenBuckets
from app.keys.service import Principal, authenticate, record_use

# Where `ScopedRoute` leaves the principal of a write it checked before the body.
PRINCIPAL_STATE_KEY = "principal"


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


async def get_session(request: Request) -> AsyncSession:
    """The request's session; `SessionMiddleware` commits it at the request boundary."""
    holder: RequestSession = request.state.db_session
    return holder.get()


SessionDep = Annotated[AsyncSession, Depends(get_session)]

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer <key>`")
CredentialsDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def resolve_key(
    request: Request, session: AsyncSession, settings: Settings, presented: str
) -> Principal:
    """The principal of a presented key (401 if unknown or revoked); its use is noted
    through the write pool, so `session` may be the read pool's."""
    principal = await authenticate(session, presented, settings.admin_key)
    # End the look-up's transaction now: the request may next wait on a slow upload or
    # on the extractor, and must not hold a pooled connection idle in a transaction.
    await session.commit()
    if principal is None:
        raise Unauthorized("the API key is unknown or revoked")
    await record_use(request.app.state.sessionmaker, principal)
    return principal


def check_scope(principal: Principal | None, scope: str) -> Principal:
    if principal is None:
        raise Unauthorized(f"this endpoint needs an API key with scope '{scope}'")
    if not principal.has(scope):
        raise Forbidden(f"the API key lacks scope '{scope}'")
    return principal


def take_write_token(limiter: TokenBuckets, principal: Principal) -> None:
    wait = limiter.take(principal.id)
    if wait is not None:
        raise RateLimited(
            f"this API key sends writes too fast; retry in {wait} s", retry_after=wait
        )


def require_scope(scope: str, *, writes: bool = True) -> Any:
    """The caller, who must hold `scope`.  With `writes` (every POST and DELETE) the
    call is rate limited; a read that needs a scope (polling a job) is not.

    A write's key was checked by `ScopedRoute` before its body was read; this
    dependency then takes that principal as it is."""

    async def dependency(request: Request, credentials: CredentialsDep) -> Principal:
        checked = request.scope.get("state", {}).get(PRINCIPAL_STATE_KEY)
        if isinstance(checked, Principal):
            return checked
        principal = None
        if credentials is not None:
            settings = await get_settings_dep(request)
            session = await get_session(request)
            principal = await resolve_key(request, session, settings, credentials.credentials)
        principal = check_scope(principal, scope)
        if writes:
            take_write_token(request.app.state.write_limiter, principal)
        return principal

    dependency.required_scope = scope  # type: ignore[attr-defined]
    return Depends(dependency)


async def _read_access(request: Request, credentials: CredentialsDep) -> None:
    """Reads need a key only if `require_read_key`; a key sent anyway must be valid.

    It resolves the principal itself, and only when a key was sent or is needed: an
    anonymous read (the common one) then costs one dependency, not five."""
    settings = await get_settings_dep(request)
    if credentials is None and not settings.require_read_key:
        return
    principal = None
    if credentials is not None:
        principal = await resolve_key(
            request, await get_session(request), settings, credentials.credentials
        )
    if not settings.require_read_key:
        return
    if principal is None:
        raise Unauthorized("reads need an API key with scope 'read'")
    if not principal.has("read"):
        raise Forbidden("the API key lacks scope 'read'")


IngestPrincipal = Annotated[Principal, require_scope("ingest")]
IngestReader = Annotated[Principal, require_scope("ingest", writes=False)]
AdminPrincipal = Annotated[Principal, require_scope("admin")]
ReadAccess = Depends(_read_access)
