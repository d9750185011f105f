"""API keys: creation, authentication, revocation."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.keys.service import authenticate, create_key, hash_key, list_keys, revoke_key
from app.models import ApiKey
from tests.api.support import assert_problem

ADMIN = "an-admin-key-of-enough-length-0123"


async def test_create_and_authenticate(session: AsyncSession) -> None:
    key = await create_key(session, ["ingest", "read", "ingest"], "robot")
    assert key.startswith("fs_")
    assert len(key) > 40
    (row,) = (await session.scalars(select(ApiKey).where(ApiKey.name == "robot"))).all()
    # Only a digest is stored, never the key itself.
    assert row.key_hash == hash_key(key)
    assert key not in (row.key_hash, row.prefix)
    assert key.startswith(row.prefix)
    assert row.scopes == ["ingest", "read"]

    principal = await authenticate(session, key, ADMIN)
    assert principal is not None
    assert principal.id == f"key:{row.id}"
    assert principal.scopes == frozenset({"ingest", "read"})
    assert principal.has("ingest")
    assert principal.has("read")
    assert not principal.has("admin")

    assert await authenticate(session, key + "x", ADMIN) is None
    assert await authenticate(session, "", ADMIN) is None
    assert await authenticate(session, row.key_hash, ADMIN) is None


async def test_admin_key_has_every_scope(session: AsyncSession) -> None:
    principal = await authenticate(session, ADMIN, ADMIN)
    assert principal is not None
    assert principal.id == "admin"
    assert all(principal.has(scope) for scope in ("read", "ingest", "admin"))
    assert await authenticate(session, ADMIN, None) is None
    assert await authenticate(session, ADMIN[:-1], ADMIN) is None


async def test_admin_scope_implies_the_others(session: AsyncSession) -> None:
    key = await create_key(session, ["admin"], None)
    principal = await authenticate(session, key, None)
    assert principal is not None
    assert principal.has("ingest")
    assert principal.has("read")


@pytest.mark.parametrize("scopes", [[], ["write"], ["read", "root"]])
async def test_unknown_scopes_are_refused(session: AsyncSession, scopes: list[str]) -> None:
    with pytest.raises(ValueError, match="scopes"):
        await create_key(session, scopes, None)


async def test_revoke(session: AsyncSession) -> None:
    key = await create_key(session, ["ingest"], "to revoke")
    (row,) = [k for k in await list_keys(session) if k.name == "to revoke"]
    assert await revoke_key(session, row.id) is True
    assert await authenticate(session, key, None) is None
    # Revoking twice is harmless; an unknown id is reported.
    assert await revoke_key(session, row.id) is True
    assert await revoke_key(session, 987654321) is False


async def test_revoked_key_is_401_over_http(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    key = await create_key(session, ["ingest"], "http")
    await session.commit()
    headers = {"Authorization": f"Bearer {key}"}
    body = {"paragraphs": ["Text."]}
    ok = await client.post("/v1/articles?extract=false", json=body, headers=headers)
    assert ok.status_code == 201, ok.text

    (row,) = [k for k in await list_keys(session) if k.name == "http"]
    assert await revoke_key(session, row.id)
    await session.commit()
    refused = await client.post(
        "/v1/articles?extract=false", json={"paragraphs": ["Other."]}, headers=headers
    )
    assert_problem(refused, 401)


async def test_last_use_is_recorded_at_most_once_a_minute(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    key = await create_key(session, ["read"], "reader")
    await session.commit()
    (row,) = (await session.scalars(select(ApiKey).where(ApiKey.name == "reader"))).all()
    assert row.last_used_at is None

    headers = {"Authorization": f"Bearer {key}"}
    assert (await client.get("/v1/articles", headers=headers)).status_code == 200
    await session.refresh(row)
    first = row.last_used_at
    assert first is not None

    assert (await client.get("/v1/entities", headers=headers)).status_code == 200
    await session.refresh(row)
    assert row.last_used_at == first  # within the minute: no second write

    row.last_used_at = first - timedelta(minutes=5)
    await session.commit()
    assert (await client.get("/v1/events", headers=headers)).status_code == 200
    await session.refresh(row)
    assert row.last_used_at is not None and row.last_used_at > first - timedelta(minutes=5)
