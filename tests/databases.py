"""Databases on the suite's PostgreSQL server: made, cloned from a template, dropped.

Each function takes the asyncpg URL of a database on that server to connect through
(any database that exists; the suite uses the server's `postgres` one).  The `a`-less
functions run their own event loop, for sync fixtures and tests; the `async` ones are
for code already in one.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine


async def _run_async(server_url: str, *statements: str) -> None:
    # CREATE and DROP DATABASE cannot run in a transaction.
    engine = create_async_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            for statement in statements:
                await conn.execute(text(statement))
    finally:
        await engine.dispose()


def url_of(server_url: str, name: str) -> str:
    """The URL of database `name` on the server of `server_url`."""
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def arecreate_database(server_url: str, name: str, template: str | None = None) -> str:
    """Drop `name` if it exists and create it, empty or as a copy of `template` (which
    must have no open connection); return its URL."""
    create = f'CREATE DATABASE "{name}"'
    if template is not None:
        create += f' TEMPLATE "{template}"'
    await _run_async(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', create)
    return url_of(server_url, name)


async def adrop_database(server_url: str, name: str) -> None:
    """Drop `name`, closing whatever connections it still has."""
    await _run_async(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def recreate_database(server_url: str, name: str, template: str | None = None) -> str:
    return asyncio.run(arecreate_database(server_url, name, template))


def drop_database(server_url: str, name: str) -> None:
    asyncio.run(adrop_database(server_url, name))
