"""Throw-away databases on the suite's PostgreSQL server."""

from __future__ import annotations

import asyncio

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine


def _run(server_url: str, *statements: str) -> None:
    async def run() -> None:
        engine = create_async_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            for statement in statements:
                await conn.execute(text(statement))
        await engine.dispose()

    asyncio.run(run())


def recreate_database(server_url: str, name: str) -> str:
    """Drop `name` if it exists, create it empty on the server of `server_url` (an
    asyncpg URL); return its URL."""
    _run(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    _run(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
