"""Dependency aliases shared by every router: the session and the caller's rights."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.config import Settings
from app.core.db import RequestSession, side_transaction
from app.core.errors import Forbidden, RateLimited, Unauthorized
from app.core.rate_limit import TokenBuckets
from app.keys.service import Principal, authenticate


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


async def _principal(
    sessionmaker: SessionMakerDep, settings: SettingsDep, credentials: CredentialsDep
) -> Principal | None:
    if credentials is None:
        return None
    # A side transaction, not the request's: the request may next wait on a slow upload
    # or on the extractor, and must not hold a pooled connection idle in a transaction.
    async with side_transaction(sessionmaker, "api-key-use") as session:
        principal = await authenticate(session, credentials.credentials, settings.admin_key)
    if principal is None:
        raise Unauthorized("the API key is unknown or revoked")
    return principal


OptionalPrincipalDep = Annotated[Principal | None, Depends(_principal)]


def require_scope(scope: str) -> object:
    """The caller, who must hold `scope`; every such endpoint writes, so it is rate limited."""

    async def dependency(request: Request, principal: OptionalPrincipalDep) -> Principal:
        if principal is None:
            raise Unauthorized(f"this endpoint needs an API key with scope '{scope}'")
        if not principal.has(scope):
            raise Forbidden(f"the API key lacks scope '{scope}'")
        limiter: TokenBuckets = request.app.state.write_limiter
        wait = limiter.take(principal.id)
        if wait is not None:
            raise RateLimited(
                f"this API key sends writes too fast; retry in {wait} s", retry_after=wait
            )
        return principal

    return Depends(dependency)


async def _read_access(request: Request, credentials: CredentialsDep) -> None:
    """Reads need a key only if `require_read_key`; a key sent anyway must be valid.

    It resolves the principal itself, and only when a key was sent or is needed: an
    anonymous read (the common one) then costs one dependency, not five."""
    settings = await get_settings_dep(request)
    if credentials is None and not settings.require_read_key:
        return
    principal = await _principal(await get_sessionmaker(request), settings, credentials)
    if not settings.require_read_key:
        return
    if principal is None:
        raise Unauthorized("reads need an API key with scope 'read'")
    if not principal.has("read"):
        raise Forbidden("the API key lacks scope 'read'")


IngestPrincipal = Annotated[Principal, require_scope("ingest")]
AdminPrincipal = Annotated[Principal, require_scope("admin")]
ReadAccess = Depends(_read_access)
