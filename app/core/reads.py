"""Running the read statements, whose rows are JSON documents rendered by Postgres.

They go through the session's connection (Core), not `session.execute`: there are
no ORM objects to load, and the ORM's result path would be a sizeable share of a
typical read (README, Performance).

A statement built once with bind parameters (the lists, details and search, each
cached by its builder) goes further, through `fetch_built`: it is compiled once,
and runs on the driver's connection itself (`app.core.driver`), skipping SQLAlchemy's work per
execution (the cache key of a large statement, the execution context, the
result's rows), which is large next to a short read.  What SQLAlchemy would still have
done is done here: bind values pass its type processors (and statements whose
columns need result processing are not taken this way), the driver's errors
reach the handlers as SQLAlchemy's exceptions, and a connection lost on the way
is invalidated.  When anything listens for statements (tracing, a benchmark's
`EXPLAIN` capture), built statements take the ordinary way, so it sees them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from app.core.driver import fetch, runnable


async def fetch_rows(
    session: AsyncSession, stmt: Executable, params: Mapping[str, Any] | None = None
) -> Sequence[Row[*tuple[Any, ...]]]:
    connection = await session.connection()
    return (await connection.execute(stmt, params)).all()


async def fetch_document(session: AsyncSession, stmt: Executable) -> str | None:
    """The one document `stmt` selects, or None."""
    return _one_document(await fetch_rows(session, stmt))


async def fetch_documents(session: AsyncSession, stmt: Executable) -> list[str]:
    return [row[0] for row in await fetch_rows(session, stmt)]


async def fetch_built(
    session: AsyncSession, stmt: Select[*tuple[Any, ...]], params: Mapping[str, Any]
) -> Sequence[Sequence[Any]]:
    """The rows of `stmt`, a statement built once (cached) with bind parameters."""
    connection = await session.connection()
    built = runnable(connection, stmt)
    if built is None:
        rows: Sequence[Sequence[Any]] = (await connection.execute(stmt, params)).all()
        return rows
    return await fetch(connection, built, params)


async def fetch_built_document(
    session: AsyncSession, stmt: Select[*tuple[Any, ...]], params: Mapping[str, Any]
) -> str | None:
    """The one document `stmt` (built once, as for `fetch_built`) selects, or None."""
    return _one_document(await fetch_built(session, stmt, params))


def _one_document(rows: Sequence[Sequence[Any]]) -> str | None:
    if len(rows) > 1:
        raise ValueError("the statement selected more than one document")
    return rows[0][0] if rows else None
