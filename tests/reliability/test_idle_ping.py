"""A pooled connection cut while idle is replaced before a request uses it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.core.db import ping_idle_connections


async def _backend_pid(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def _cut(killer: AsyncEngine, pid: int) -> None:
    async with killer.connect() as conn:
        await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


async def test_an_idle_connection_cut_by_the_server_is_replaced(
    database_url: str, engine: AsyncEngine
) -> None:
    pooled = create_async_engine(database_url, pool_size=1, max_overflow=0)
    ping_idle_connections(pooled, 0.0)  # every connection counts as idle
    try:
        first = await _backend_pid(pooled)
        await _cut(engine, first)
        second = await _backend_pid(pooled)  # pinged, found dead, replaced: no error
        assert second != first
    finally:
        await pooled.dispose()


async def test_without_the_ping_the_cut_connection_fails_its_request(
    database_url: str, engine: AsyncEngine
) -> None:
    """The counterpart: a connection used again within the idle window is not pinged."""
    pooled = create_async_engine(database_url, pool_size=1, max_overflow=0)
    ping_idle_connections(pooled, 3600.0)
    try:
        first = await _backend_pid(pooled)
        await _cut(engine, first)
        with pytest.raises(DBAPIError):
            await _backend_pid(pooled)
        assert await _backend_pid(pooled) != first  # the pool replaced it afterwards
    finally:
        await pooled.dispose()
