"""Running statements built once on the driver's connection itself.

`session.execute` costs the API some 0.2 ms of CPU a statement beyond what the
driver spends (the statement's cache key, the execution context, the result's
rows); against a statement of a key look-up that is most of its cost, and a
single article's write runs a few dozen (`bench/profile_single_post.py`).  A
statement built once (a module-level or cached clause) is compiled once here
and handed to the driver with its values.

What SQLAlchemy would still have done is done here: bind values pass their type
processors (and statements whose columns need result processing, or whose binds
are expanded when run, take the ordinary way), the driver's errors reach the
handlers as SQLAlchemy's exceptions, and a connection lost on the way is
invalidated.  The ordinary way is also taken whenever anything listens for
statements (tracing, a benchmark's capture), so it sees them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, KeysView, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Executable, Row
from sqlalchemy.engine import CursorResult, Dialect
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import ClauseElement, Select
from sqlalchemy.sql.compiler import SQLCompiler


@dataclass(frozen=True, slots=True)
class Compiled:
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
def compiled(stmt: ClauseElement, dialect: Dialect) -> Compiled | None:
    """`stmt` compiled for the driver, or None if it needs SQLAlchemy's processing when
    run (result columns with a processor, binds expanded per execution)."""
    if isinstance(stmt, Select):
        for column in stmt.selected_columns:
            if column.type.dialect_impl(dialect).result_processor(dialect, None) is not None:
                return None
    result = stmt.compile(dialect=dialect)
    assert isinstance(result, SQLCompiler)
    if result.post_compile_params or result.literal_execute_params:
        return None
    names = tuple(result.positiontup or ())
    processors = {}
    for name in names:
        processor = result.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            processors[name] = processor
    return Compiled(str(result), names, result.params, processors)


async def database_error(
    connection: AsyncConnection, statement: str, params: Any, error: Exception
) -> Exception | None:
    """What SQLAlchemy raises for the driver's `error`: its DB-API form (with the
    SQLSTATE as `pgcode` and `sqlstate`) wrapped in a `DBAPIError` of the matching
    class, or an `OperationalError` when the connection failed (it is then
    invalidated); None for an error that is neither (a bug: raise it as it is)."""
    adapted: Any = (await connection.get_raw_connection()).dbapi_connection
    translated: Exception = error
    try:
        adapted._handle_exception(error)  # raises the DB-API form of the error
    except Exception as dbapi_error:
        translated = dbapi_error
    dialect = connection.dialect
    lost = bool(
        dialect.is_disconnect(cast(Any, translated), adapted, None)
        or adapted.driver_connection.is_closed()
    )
    if lost:
        await connection.invalidate(translated)
    dbapi_base = dialect.loaded_dbapi.Error
    if isinstance(translated, dbapi_base):
        return DBAPIError.instance(
            statement, params, translated, dbapi_base, connection_invalidated=lost, dialect=dialect
        )
    if lost or isinstance(error, OSError):
        return OperationalError(statement, params, translated, connection_invalidated=lost)
    return None


class RowView:
    """A SQLAlchemy row read as the driver's records are: by position or by name,
    iterated by value."""

    __slots__ = ("_row",)

    def __init__(self, row: Row[Any]) -> None:
        self._row = row

    def __getitem__(self, key: int | str) -> Any:
        return self._row._mapping[key] if isinstance(key, str) else self._row[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)

    def keys(self) -> KeysView[str]:
        return self._row._mapping.keys()


def runnable(connection: AsyncConnection, stmt: Executable) -> Compiled | None:
    """`stmt` compiled for the driver, or None when it takes the ordinary way: it needs
    SQLAlchemy's processing, or something listens for statements."""
    if not isinstance(stmt, ClauseElement) or connection.sync_engine.dispatch.before_cursor_execute:
        return None
    return compiled(stmt, connection.dialect)


async def execute(
    session: AsyncSession, stmt: Executable, params: Mapping[str, Any]
) -> Sequence[Any]:
    """Run `stmt`, a statement built once, in the session's transaction; its rows
    (none for a statement that returns none), read by position or by name (`row[0]`,
    `row["id"]`, `dict(row)`).

    The ordinary way (`session.execute`) is taken while the session has ORM changes
    to flush first (when it flushes before a statement), and for the transaction's
    first statement, which begins it."""
    connection = await session.connection()
    found = runnable(connection, stmt)
    if found is None or (
        session.sync_session.autoflush and (session.new or session.dirty or session.deleted)
    ):
        return await _ordinary(session, stmt, params)
    driver = (await connection.get_raw_connection()).driver_connection
    if driver is None or not driver.is_in_transaction():
        return await _ordinary(session, stmt, params)
    return await _fetch(connection, driver, found, params)


async def fetch(
    connection: AsyncConnection, found: Compiled, params: Mapping[str, Any]
) -> Sequence[Any]:
    """The rows of a compiled statement, fetched by the driver on `connection`."""
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    return await _fetch(connection, driver, found, params)


async def _fetch(
    connection: AsyncConnection, driver: Any, found: Compiled, params: Mapping[str, Any]
) -> Sequence[Any]:
    arguments = found.arguments(params)
    try:
        rows: Sequence[Any] = await driver.fetch(found.sql, *arguments)
    except Exception as exc:
        error = await database_error(connection, found.sql, arguments, exc)
        if error is None:
            raise
        raise error from exc
    return rows


async def _ordinary(
    session: AsyncSession, stmt: Executable, params: Mapping[str, Any]
) -> Sequence[Any]:
    result = cast(CursorResult[Any], await session.execute(stmt, params))
    return [RowView(row) for row in result] if result.returns_rows else []
