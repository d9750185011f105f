"""Set-based inserts: many rows in one `INSERT ... SELECT FROM unnest(...)` statement.

One array per column, bound as one parameter each, makes one statement and one
round trip for any number of rows, with no per-row protocol messages and no ORM
bookkeeping: the way bulk ingestion writes its batches.  Returned ids come back
in the order of `rows`: the rows are inserted in their ordinal order, and an
identity column hands out increasing values in insertion order (the same
assumption SQLAlchemy's own "insertmanyvalues" sorting makes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import ColumnElement, Row, Table, any_, bindparam, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeEngine

from app.models.base import Base

_DIALECT = postgresql.dialect()  # type: ignore[no-untyped-call]


def any_of(
    column: Any, values: Iterable[Any], type_: TypeEngine[Any] | None = None
) -> ColumnElement[bool]:
    """`column = ANY(:values)`: the values bound as one array.  Unlike `IN (...)`, whose
    list SQLAlchemy expands into one parameter per value (a new statement text, compiled
    and prepared again, for every length), this is one cached, prepared statement."""
    element_type = type_ if type_ is not None else column.type
    array = bindparam(None, list(values), type_=postgresql.ARRAY(element_type))
    return cast(ColumnElement[bool], column == any_(array))


@lru_cache(maxsize=128)
def _statement(
    table: Table, columns: tuple[str, ...], returning: tuple[str, ...], suffix: str
) -> str:
    quote = _DIALECT.identifier_preparer.quote
    arrays = ", ".join(
        f"CAST(:c{i} AS {table.c[name].type.compile(dialect=_DIALECT)}[])"
        for i, name in enumerate(columns)
    )
    names = ", ".join(quote(name) for name in columns)
    sql = (
        f"INSERT INTO {quote(table.name)} ({names})"
        f" SELECT {names} FROM unnest({arrays}) WITH ORDINALITY AS u({names}, ordinal)"
        f" ORDER BY ordinal {suffix}"
    )
    if returning:
        sql += " RETURNING " + ", ".join(quote(name) for name in returning)
    return sql


async def insert_rows(
    session: AsyncSession,
    model: type[Base],
    rows: Sequence[Mapping[str, Any]],
    *,
    returning: tuple[str, ...] = (),
    on_conflict: str = "",
) -> list[Row[Any]]:
    """Insert `rows` (dicts with the same keys); return the `returning` columns of the
    inserted rows sorted by the first one: for the identity `id`, that is row order."""
    if not rows:
        return []
    columns = tuple(rows[0])
    sql = _statement(cast(Table, model.__table__), columns, returning, on_conflict)
    params = {f"c{i}": [row[name] for row in rows] for i, name in enumerate(columns)}
    result = await session.execute(text(sql), params)
    return sorted(result.all(), key=lambda row: row[0]) if returning else []


async def insert_ids(
    session: AsyncSession, model: type[Base], rows: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Insert `rows`; their new ids, in row order."""
    return [row[0] for row in await insert_rows(session, model, rows, returning=("id",))]
