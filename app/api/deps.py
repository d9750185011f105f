"""Dependency aliases shared by every router: the session and the caller's rights."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.config import Settings
from app.core.db import RequestSession, short_session
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


async def get_sessionmaker(request: Request) -> async_sessionmaker[AsyncSession]:
    """The write pool's sessionmaker, for the sessions a request opens beside its own:
    side transactions (`core.db.side_transaction`) and short look-ups before slow work
    (`core.db.short_session`)."""
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    return sessionmaker


SessionMakerDep = Annotated[async_sessionmaker[AsyncSession], Depends(get_sessionmaker)]


async def get_look_up_sessionmaker(request: Request) -> async_sessionmaker[AsyncSession]:
    """The sessionmaker for a write's look-ups before slow work: the read pool's, whose
    autocommit sessions hold no transaction at all (one round trip, not three), or the
    write pool's where an app has no read pool (tests bound to one connection)."""
    state = request.app.state
    sessionmaker: async_sessionmaker[AsyncSession] = getattr(
        state, "read_sessionmaker", state.sessionmaker
    )
    return sessionmaker


LookUpDep = Annotated[async_sessionmaker[AsyncSession], Depends(get_look_up_sessionmaker)]

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer <key>`")
CredentialsDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def resolve_key(request: Request, settings: Settings, presented: str) -> Principal:
    """The principal of a presented key (401 if unknown or revoked).

    The look-up only reads, in a short session of its own on the write pool (the
    primary, which knows of a revocation at once), never in the request's session:
    the request may next wait on a slow upload or on the extractor, and must not hold
    a pooled connection idle in a transaction meanwhile.  The key's use is noted in
    the side transaction `api-key-use` (`keys.service.record_use`)."""
    async with short_session(request.app.state.sessionmaker) as session:
        principal = await authenticate(session, presented, settings.admin_key)
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
            principal = await resolve_key(request, settings, credentials.credentials)
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
        principal = await resolve_key(request, settings, credentials.credentials)
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
