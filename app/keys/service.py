"""API keys: random, long, stored as SHA-256 digests, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.db import side_transaction
from app.models import ApiKey

SCOPES = ("read", "ingest", "admin")
KEY_PREFIX = "fs_"
# `last_used_at` is kept to this precision: a busy key costs one write a minute.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: `admin` (the configured admin key) or `key:<id>`."""

    id: str
    scopes: frozenset[str]
    # The stored key's id (None for the configured admin key), and whether its
    # `last_used_at` is older than `LAST_USED_PRECISION` (then `record_use` writes it).
    key_id: int | None = field(default=None, compare=False)
    use_unrecorded: bool = field(default=False, compare=False)

    def has(self, scope: str) -> bool:
        return "admin" in self.scopes or scope in self.scopes


def hash_key(key: str) -> str:
    # Keys carry 256 random bits, so a fast digest is safe; no salt or KDF needed.
    return hashlib.sha256(key.encode()).hexdigest()


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


async def create_key(session: AsyncSession, scopes: list[str], name: str | None) -> str:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValueError(f"scopes must be among {', '.join(SCOPES)}; got {unknown or 'none'}")
    key = generate_key()
    session.add(
        ApiKey(name=name, prefix=key[:10], key_hash=hash_key(key), scopes=sorted(set(scopes)))
    )
    await session.flush()
    return key


async def list_keys(session: AsyncSession) -> list[ApiKey]:
    return list((await session.scalars(select(ApiKey).order_by(ApiKey.id))).all())


async def revoke_key(session: AsyncSession, key_id: int) -> bool:
    key = await session.get(ApiKey, key_id)
    if key is None:
        return False
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        await session.flush()
    return True


async def authenticate(
    session: AsyncSession, presented: str, admin_key: str | None
) -> Principal | None:
    """The principal a presented key stands for, or None for an unknown or revoked key."""
    if admin_key is not None and hmac.compare_digest(presented.encode(), admin_key.encode()):
        return Principal(id="admin", scopes=frozenset(SCOPES))
    digest = hash_key(presented)
    row = (
        await session.execute(
            select(ApiKey.id, ApiKey.key_hash, ApiKey.scopes, ApiKey.last_used_at).where(
                ApiKey.key_hash == digest, ApiKey.revoked_at.is_(None)
            )
        )
    ).first()
    if row is None or not hmac.compare_digest(row.key_hash, digest):
        return None
    stale = row.last_used_at is None or row.last_used_at < datetime.now(UTC) - LAST_USED_PRECISION
    return Principal(
        id=f"key:{row.id}", scopes=frozenset(row.scopes), key_id=row.id, use_unrecorded=stale
    )


async def record_use(sessionmaker: async_sessionmaker[AsyncSession], principal: Principal) -> None:
    """Note the key's use, to the minute, in the side transaction `api-key-use` on the
    write pool: `authenticate` only reads, so a read request stays read-only (it may
    run on a replica).  The condition makes concurrent first uses write once."""
    if principal.key_id is None or not principal.use_unrecorded:
        return
    async with side_transaction(sessionmaker, "api-key-use") as session:
        await session.execute(
            update(ApiKey)
            .where(
                ApiKey.id == principal.key_id,
                or_(
                    ApiKey.last_used_at.is_(None),
                    ApiKey.last_used_at < func.now() - LAST_USED_PRECISION,
                ),
            )
            .values(last_used_at=func.now())
        )


async def still_valid(session: AsyncSession, principal: Principal) -> bool:
    """The principal's key is not revoked (asked again during a long request)."""
    if principal.key_id is None:
        return True  # the configured admin key lasts as long as the process
    revoked = await session.scalar(
        select(ApiKey.revoked_at.is_not(None)).where(ApiKey.id == principal.key_id)
    )
    return revoked is False
