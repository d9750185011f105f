"""Running the read statements, whose rows are JSON documents rendered by Postgres.

They go through the session's connection (Core), not `session.execute`: there are
no ORM objects to load, and the ORM's result path would be a sizeable share of a
typical read (README, Performance).

A statement built once with bind parameters (the lists, details and search, each
cached by its builder) goes further, through `fetch_built`: it is compiled once,
and runs on the driver's connection itself, skipping SQLAlchemy's work per
execution (the cache key of a large statement, the execution context, the
result's rows), which is large next to a short read.  What SQLAlchemy would still have
done is done here: bind values pass its type processors (and statements whose
columns need result processing are not taken this way), the driver's errors
reach the handlers as SQLAlchemy's exceptions, and a connection lost on the way
is invalidated.  When anything listens for statements (tracing, a benchmark's
`EXPLAIN` capture), built statements take the ordinary way, so it sees them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import asyncpg
from sqlalchemy import Executable, Row
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import ClauseElement, Select
from sqlalchemy.sql.compiler import SQLCompiler


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


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]
    defaults: Mapping[str, Any]
    processors: Mapping[str, Callable[[Any], Any]]

    def arguments(self, params: Mapping[str, Any]) -> list[Any]:
        values = []
        for name in self.names:
            value = params[name] if name in params else self.defaults[name]
            processor = self.processors.get(name)
            values.append(value if processor is None or value is None else processor(value))
        return values


@lru_cache(maxsize=512)
def _compiled(stmt: ClauseElement, dialect: Dialect) -> _Compiled | None:
    """`stmt` compiled for the driver, or None if its rows need SQLAlchemy's processing."""
    if isinstance(stmt, Select):
        for column in stmt.selected_columns:
            if column.type.dialect_impl(dialect).result_processor(dialect, None) is not None:
                return None
    compiled = stmt.compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    names = tuple(compiled.positiontup or ())
    processors = {}
    for name in names:
        processor = compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            processors[name] = processor
    return _Compiled(str(compiled), names, compiled.params, processors)


async def fetch_built(
    session: AsyncSession, stmt: Select[Any], params: Mapping[str, Any]
) -> Sequence[Sequence[Any]]:
    """The rows of `stmt`, a statement built once (cached) with bind parameters."""
    connection = await session.connection()
    compiled = _compiled(stmt, connection.dialect)
    if compiled is None or connection.sync_engine.dispatch.before_cursor_execute:
        rows: Sequence[Sequence[Any]] = (await connection.execute(stmt, params)).all()
        return rows
    arguments = compiled.arguments(params)
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    try:
        rows = await driver.fetch(compiled.sql, *arguments)
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
        raise await _wrapped(connection, driver, compiled.sql, arguments, exc) from exc
    return rows


async def _wrapped(
    connection: AsyncConnection,
    driver: asyncpg.Connection,
    sql: str,
    arguments: Sequence[Any],
    exc: Exception,
) -> DBAPIError:
    """The driver's `exc` as SQLAlchemy raises it; a lost connection is invalidated."""
    lost = driver.is_closed()
    if lost:
        await connection.invalidate(exc)
    if lost or not isinstance(exc, asyncpg.PostgresError):
        return OperationalError(sql, arguments, exc, connection_invalidated=lost)
    return DBAPIError(sql, arguments, exc)


async def fetch_built_document(
    session: AsyncSession, stmt: Select[Any], params: Mapping[str, Any]
) -> str | None:
    """The one document `stmt` (built once, as for `fetch_built`) selects, or None."""
    return _one_document(await fetch_built(session, stmt, params))


def _one_document(rows: Sequence[Sequence[Any]]) -> str | None:
    if len(rows) > 1:
        raise ValueError("the statement selected more than one document")
    return rows[0][0] if rows else None
