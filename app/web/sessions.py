"""Sign-in for browsers, when reads need a key.

A browser cannot send `Authorization: Bearer`, so with `FACTSTORE_REQUIRE_READ_KEY`
the explorer was closed to it.  A person signs in once with a form that POSTs the
key; the server answers with a session cookie holding a random token (the key
itself never goes into a cookie or a URL) and keeps only the token's digest, the
key it stands for and an expiry (`explorer_sessions`).  The cookie is `HttpOnly`
(no script reads it), `SameSite=Strict` (no other site's page sends it, so no
cross-site request acts with it) and `Secure` when the server is reached over
HTTPS.  Sign-in and sign-out also refuse a form posted from another origin.  A
session ends at sign-out, at expiry, or when its key is revoked.

The cookie opens only what a browser reads: the explorer's pages, and the docs and
metrics where those are protected.  The `/v1` API takes Bearer keys only.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import Depends, Request
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.deps import CredentialsDep, get_session, get_settings_dep, resolve_key
from app.core.config import Settings
from app.core.errors import Forbidden, Unauthorized
from app.keys.service import SCOPES, Principal, hash_key
from app.models import ApiKey, ExplorerSession

SESSION_COOKIE = "factstore_session"
SESSION_LIFETIME = timedelta(hours=12)


class SignInRequired(Unauthorized):
    """No key and no session: a browser is sent to the sign-in form, others get 401."""


def secure_cookies(request: Request, settings: Settings) -> bool:
    return request.url.scheme == "https" or settings.base_url.startswith("https://")


async def open_session(session: AsyncSession, principal: Principal, settings: Settings) -> str:
    """A new session for `principal`; returns the cookie's token (shown only here)."""
    token = secrets.token_urlsafe(32)
    await session.execute(delete(ExplorerSession).where(ExplorerSession.expires_at < func.now()))
    admin_digest = None
    if principal.key_id is None:
        assert settings.admin_key is not None
        admin_digest = hash_key(settings.admin_key)
    session.add(
        ExplorerSession(
            token_hash=hash_key(token),
            key_id=principal.key_id,
            admin_digest=admin_digest,
            expires_at=datetime.now(UTC) + SESSION_LIFETIME,
        )
    )
    await session.flush()
    return token


async def close_session(session: AsyncSession, token: str) -> None:
    await session.execute(
        delete(ExplorerSession).where(ExplorerSession.token_hash == hash_key(token))
    )


async def session_principal(
    session: AsyncSession, token: str, settings: Settings
) -> Principal | None:
    """The principal of a live session (read only: it may run on the read pool)."""
    row = (
        await session.execute(
            select(ExplorerSession.key_id, ExplorerSession.admin_digest, ApiKey.scopes)
            .outerjoin(ApiKey, ApiKey.id == ExplorerSession.key_id)
            .where(
                ExplorerSession.token_hash == hash_key(token),
                ExplorerSession.expires_at > func.now(),
            )
            .where((ExplorerSession.key_id.is_(None)) | ApiKey.revoked_at.is_(None))
        )
    ).first()
    if row is None:
        return None
    if row.key_id is None:
        admin = settings.admin_key
        if admin is None or not hmac.compare_digest(row.admin_digest or "", hash_key(admin)):
            return None  # the admin key changed since: its sessions end with it
        return Principal(id="admin", scopes=frozenset(SCOPES))
    return Principal(id=f"key:{row.key_id}", scopes=frozenset(row.scopes), key_id=row.key_id)


def browser_read_access(needs_key: Callable[[Settings], bool]) -> Any:
    """Access to a page a browser reads: open unless `needs_key(settings)`; then a
    `read` key as a Bearer header, or a signed-in session's cookie.  A key sent
    anyway must be valid, as on the API."""

    async def access(request: Request, credentials: CredentialsDep) -> None:
        settings = await get_settings_dep(request)
        needed = needs_key(settings)
        if credentials is None and not needed:
            return  # the common case costs no session
        session = await get_session(request)
        principal: Principal | None = None
        if credentials is not None:
            principal = await resolve_key(request, settings, credentials.credentials)
        if not needed:
            return
        if principal is None:
            token = request.cookies.get(SESSION_COOKIE)
            if token:
                principal = await session_principal(session, token, settings)
        if principal is None:
            raise SignInRequired("this page needs a key with scope 'read': sign in at /sign-in")
        if not principal.has("read"):
            raise Forbidden("the API key lacks scope 'read'")

    return Depends(access)


def same_origin(request: Request) -> bool:
    """A form posted from this site's own pages (not from another site's).

    Browsers send `Sec-Fetch-Site` with every request; it says whether the page that
    made it was on this origin.  Older ones send only `Origin`, which is `null` where
    the page's referrer policy hides it (ours is `no-referrer`): then nothing proves
    the form was ours, and it is refused.  A request with neither is no browser's
    cross-site form, so it is let through."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    return origin in (own, get_base(request))


def get_base(request: Request) -> str:
    settings: Settings = request.app.state.settings
    return settings.base_url
