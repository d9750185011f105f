"""Set-based inserts: many rows in one statement, not a round trip a row.

`insert_rows` is one `INSERT ... SELECT FROM unnest(...)`: one array per column,
bound as one parameter each, for inserts that need `ON CONFLICT` or `RETURNING`.
Rows come back sorted by the first returned column; for the identity `id` that is
row order, as the rows are inserted in their ordinal order and an identity column
hands out increasing values in insertion order (the assumption SQLAlchemy's own
"insertmanyvalues" sorting makes).  `copy_rows` and `insert_ids` use binary COPY,
the cheapest way in, for new rows that cannot conflict (or whose conflict fails the
whole statement, as a unique key's does).

Given `PendingRows`, those two hold their rows back instead, and `PendingRows.flush`
writes every table held in one statement: a COPY takes two round trips and a
statement of its own on the server, so for the few rows of one article (its
revision and paragraphs; its facts, their citations and mentions) one statement of
`INSERT ... SELECT FROM unnest(...)` per table, joined as data-modifying CTEs,
costs less than a COPY per table.  Many rows still go by COPY, which inserts
them more cheaply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import ColumnElement, Row, Table, TextClause, bindparam, func, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeEngine

from app.core.driver import database_error, execute

_DIALECT = postgresql.dialect()  # type: ignore[no-untyped-call]


def any_of(
    column: Any, values: Iterable[Any], type_: TypeEngine[Any] | None = None
) -> ColumnElement[bool]:
    """`column IN (SELECT unnest(:values))`: the values bound as one array.

    Unlike `IN (...)`, whose list SQLAlchemy expands into one parameter per value (a
    new statement text, compiled and prepared again, for every length), this is one
    cached, prepared statement.  And unlike `= ANY(:values)`, which a generic plan
    (the writes') checks by a linear search of the array for every row it scans,
    PostgreSQL joins it: by index probes or a hash, whatever the array's length."""
    element_type = type_ if type_ is not None else column.type
    array = bindparam(None, list(values), type_=postgresql.ARRAY(element_type))
    return cast(ColumnElement[bool], column.in_(select(func.unnest(array))))


def _unnest_parts(table: Table, columns: tuple[str, ...], param: str) -> tuple[str, str]:
    """The quoted column names, and the array parameters (`:{param}0`, `:{param}1`,
    ...) cast to those columns' array types, that an `INSERT ... SELECT FROM
    unnest(...)` into `table` names."""
    quote = _DIALECT.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    arrays = ", ".join(
        f"CAST(:{param}{i} AS {table.c[name].type.compile(dialect=_DIALECT)}[])"
        for i, name in enumerate(columns)
    )
    return names, arrays


@lru_cache(maxsize=128)
def _statement(
    table: Table, columns: tuple[str, ...], returning: tuple[str, ...], suffix: str
) -> TextClause:
    """The statement, built once: a new `text()` would parse its SQL for bind
    parameters again on every call."""
    quote = _DIALECT.identifier_preparer.quote
    names, arrays = _unnest_parts(table, columns, "c")
    sql = (
        f"INSERT INTO {quote(table.name)} ({names})"
        f" SELECT {names} FROM unnest({arrays}) WITH ORDINALITY AS u({names}, ordinal)"
        f" ORDER BY ordinal {suffix}"
    )
    if returning:
        sql += " RETURNING " + ", ".join(quote(name) for name in returning)
    return text(sql)


async def insert_rows(
    session: AsyncSession,
    model: type[DeclarativeBase],
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
    statement = _statement(cast(Table, model.__table__), columns, returning, on_conflict)
    params = {f"c{i}": [row[name] for row in rows] for i, name in enumerate(columns)}
    result = await session.execute(statement, params)
    return sorted(result.all(), key=lambda row: row[0]) if returning else []


# Up to this many rows, `PendingRows.flush` writes its tables in one statement.
ONE_STATEMENT_ROWS = 400


class PendingRows:
    """New rows held back by `copy_rows` and `insert_ids`, to be written together by
    `flush`: what reads them, or needs them stored (a foreign key's target), must run
    after it."""

    def __init__(self) -> None:
        self._tables: list[tuple[Table, tuple[str, ...], list[tuple[Any, ...]]]] = []

    def hold(self, table: Table, columns: tuple[str, ...], records: list[tuple[Any, ...]]) -> None:
        self._tables.append((table, columns, records))

    async def flush(self, session: AsyncSession) -> None:
        """Write the rows held, in the order they were given, and hold none."""
        tables, self._tables = self._tables, []
        if not tables:
            return
        if sum(len(records) for _, _, records in tables) > ONE_STATEMENT_ROWS:
            for table, columns, records in tables:
                await _copy(session, table, columns, records)
            return
        statement = _inserts(tuple((table, columns) for table, columns, _ in tables))
        params = {
            f"t{t}c{c}": [record[c] for record in records]
            for t, (_, columns, records) in enumerate(tables)
            for c in range(len(columns))
        }
        await execute(session, statement, params)


@lru_cache(maxsize=64)
def _inserts(tables: tuple[tuple[Table, tuple[str, ...]], ...]) -> TextClause:
    """One statement inserting into each of `tables` (table, columns) the rows of
    its arrays (:t0c0, :t0c1, ...), in their order.  The foreign keys between them
    are checked at the statement's end, once every table has its rows."""
    quote = _DIALECT.identifier_preparer.quote
    inserts = []
    for t, (table, columns) in enumerate(tables):
        names, arrays = _unnest_parts(table, columns, f"t{t}c")
        inserts.append(
            f"i{t} AS (INSERT INTO {quote(table.name)} ({names}) SELECT * FROM unnest({arrays}))"
        )
    return text("WITH " + ",\n".join(inserts) + "\nSELECT 1")


async def copy_rows(
    session: AsyncSession,
    model: type[DeclarativeBase],
    rows: Sequence[Mapping[str, Any]],
    pending: PendingRows | None = None,
) -> None:
    """Insert `rows` (dicts with the same keys) by binary COPY, in the session's
    transaction, or hold them in `pending`: for rows that meet no conflicts and
    whose ids are not needed back.

    Cheaper than `insert_rows` on both sides: the driver encodes each value once
    instead of checking it as an array element, and PostgreSQL inserts without a
    plan, an unnest or a sort.
    """
    if rows:
        columns = tuple(rows[0])
        await _copy_or_hold(
            session, cast(Table, model.__table__), columns, _values(rows, columns), pending
        )


@lru_cache(maxsize=16)
def _draw_statement(tables: int) -> TextClause:
    """Ids drawn from `tables` sequences (tables :t0, :t1, ...; counts :n0, :n1, ...).
    Each sequence is looked up once (s0, s1, ...), not once per id drawn: without
    `OFFSET 0` the planner pulls the look-up into the draw, and each id then cost a
    catalogue look-up besides its `nextval`."""
    draws = ", ".join(
        f"ARRAY(SELECT nextval(s{i}.seq) FROM generate_series(1, :n{i}))" for i in range(tables)
    )
    sequences = ", ".join(
        f"(SELECT CAST(pg_get_serial_sequence(:t{i}, 'id') AS regclass) AS seq OFFSET 0) AS s{i}"
        for i in range(tables)
    )
    return text(f"SELECT {draws} FROM {sequences}")


class ReservedIds:
    """Ids drawn ahead from several tables' identity sequences in one statement, then
    handed out in order: a batch that writes five tables spends one round trip on ids,
    not five."""

    def __init__(self, ids: Mapping[str, Sequence[int]]) -> None:
        self._ids = {table: list(values) for table, values in ids.items()}

    @classmethod
    async def draw(
        cls, session: AsyncSession, counts: Mapping[type[DeclarativeBase], int]
    ) -> ReservedIds:
        """`counts[model]` new ids of each model's table."""
        tables = [(cast(Table, model.__table__).name, n) for model, n in counts.items() if n > 0]
        if not tables:
            return cls({})
        params: dict[str, Any] = {}
        for i, (table, count) in enumerate(tables):
            params[f"t{i}"], params[f"n{i}"] = table, count
        (row,) = await execute(session, _draw_statement(len(tables)), params)
        return cls({table: ids for (table, _), ids in zip(tables, row, strict=True)})

    def take(self, table: str, count: int) -> list[int]:
        ids = self._ids.get(table, [])
        if len(ids) < count:
            raise RuntimeError(f"{count} ids of {table} wanted, {len(ids)} reserved")
        taken, self._ids[table] = ids[:count], ids[count:]
        return taken


async def insert_ids(
    session: AsyncSession,
    model: type[DeclarativeBase],
    rows: Sequence[Mapping[str, Any]],
    reserved: ReservedIds | None = None,
    pending: PendingRows | None = None,
) -> list[int]:
    """Insert `rows` by COPY, or hold them in `pending`; their new ids, in row order.
    The ids come from `reserved`, or are drawn from the table's identity sequence
    first."""
    if not rows:
        return []
    table = cast(Table, model.__table__)
    if reserved is None:
        reserved = await ReservedIds.draw(session, {model: len(rows)})
    ids = reserved.take(table.name, len(rows))
    columns = tuple(rows[0])
    records = [(id_, *values) for id_, values in zip(ids, _values(rows, columns), strict=True)]
    await _copy_or_hold(session, table, ("id", *columns), records, pending)
    return ids


async def _copy_or_hold(
    session: AsyncSession,
    table: Table,
    columns: tuple[str, ...],
    records: list[tuple[Any, ...]],
    pending: PendingRows | None,
) -> None:
    if pending is not None:
        pending.hold(table, columns, records)
    else:
        await _copy(session, table, columns, records)


def _values(rows: Sequence[Mapping[str, Any]], columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    get = itemgetter(*columns)  # a tuple of values, or one value for one column
    return [get(row) for row in rows] if len(columns) > 1 else [(get(row),) for row in rows]


async def _copy(
    session: AsyncSession, table: Table, columns: tuple[str, ...], records: list[tuple[Any, ...]]
) -> None:
    connection = await session.connection()
    asyncpg_connection: Any = (await connection.get_raw_connection()).driver_connection
    if not asyncpg_connection.is_in_transaction():
        raise RuntimeError("COPY must run inside the session's transaction")
    try:
        await asyncpg_connection.copy_records_to_table(table.name, records=records, columns=columns)
    except Exception as exc:
        # Raise what a statement run through SQLAlchemy would.
        error = await database_error(connection, f"COPY {table.name}", None, exc)
        if error is None:
            raise
        raise error from exc
