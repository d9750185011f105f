"""Write statements run on the driver (`app.core.driver.execute`): the rows SQLAlchemy
gives, read by position and by name; SQLAlchemy's errors; the transaction kept
(a first statement begins it, ORM changes are flushed first); and the ordinary
way whenever something listens for statements."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.core import driver
from app.core.config import Settings
from app.core.db import create_engine
from app.core.errors import is_transient_database_error
from app.models import Entity
from tests.api.support import session_of_a_killed_backend

_ROWS = text(
    "SELECT n, 'e' || n AS name, CAST(:day AS date) AS day, ARRAY[n, n + 1] AS pair"
    " FROM unnest(CAST(:ns AS bigint[])) AS u(n) ORDER BY n"
)
_INSERT = text(
    "INSERT INTO entities (norm, type, name) SELECT n, 'other', n"
    " FROM unnest(CAST(:norms AS text[])) AS u(n) RETURNING id, norm"
)
_COUNT = text("SELECT count(*) FROM entities WHERE norm = ANY(CAST(:norms AS text[]))")


def _listening() -> Any:
    seen: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    return seen, before


async def test_rows_read_by_position_and_by_name_as_sqlalchemy_gives_them(
    session: AsyncSession,
) -> None:
    params = {"ns": [3, 1, 2], "day": date(2026, 12, 6)}
    await session.execute(text("SELECT 1"))  # the transaction has begun
    fast = await driver.execute(session, _ROWS, params)
    seen, before = _listening()
    event.listen(Engine, "before_cursor_execute", before)
    try:
        ordinary = await driver.execute(session, _ROWS, params)
    finally:
        event.remove(Engine, "before_cursor_execute", before)
    assert len(seen) == 1  # the listener saw the statement: it went the ordinary way
    assert type(fast[0]) is not type(ordinary[0])
    for rows in (fast, ordinary):
        assert [tuple(row) for row in rows] == [
            tuple(row) for row in (await session.execute(_ROWS, params)).all()
        ]
        assert [row["name"] for row in rows] == ["e1", "e2", "e3"]
        assert [row[3] for row in rows] == [[1, 2], [2, 3], [3, 4]]
        assert dict(rows[0]) == {"n": 1, "name": "e1", "day": date(2026, 12, 6), "pair": [1, 2]}
    assert await driver.execute(session, text("SELECT 1 WHERE false"), {}) == []


async def test_a_broken_constraint_raises_sqlalchemys_integrity_error_with_its_code(
    session: AsyncSession,
) -> None:
    await session.execute(text("SELECT 1"))
    await driver.execute(session, _INSERT, {"norms": ["driver-dup"]})
    with pytest.raises(IntegrityError) as raised:
        await driver.execute(session, _INSERT, {"norms": ["driver-dup"]})
    # What `_is_retryable` and the problem handler read.
    assert getattr(raised.value.orig, "pgcode", None) == "23505"
    assert getattr(raised.value.orig, "sqlstate", None) == "23505"
    assert not is_transient_database_error(raised.value)


async def test_a_first_statement_begins_the_transaction_and_a_rollback_undoes_it(
    settings: Settings,
) -> None:
    engine = create_engine(settings, cast(str, settings.database_url))
    norms = ["driver-first-statement"]
    try:
        async with AsyncSession(engine) as session:
            (row,) = await driver.execute(session, _INSERT, {"norms": norms})
            assert row["norm"] == norms[0]
            await driver.execute(session, _INSERT, {"norms": ["driver-second-statement"]})
            await session.rollback()
        async with AsyncSession(engine) as session:
            both = [*norms, "driver-second-statement"]
            assert (await session.execute(_COUNT, {"norms": both})).scalar_one() == 0
    finally:
        await engine.dispose()


@pytest.mark.parametrize("autoflush", [True, False])
async def test_orm_changes_are_flushed_first_as_the_session_would(
    connection: AsyncConnection, autoflush: bool
) -> None:
    async with AsyncSession(
        bind=connection, autoflush=autoflush, join_transaction_mode="create_savepoint"
    ) as session:
        await session.execute(text("SELECT 1"))
        norms = {"norms": [f"driver-pending-{autoflush}"]}
        session.add(Entity(norm=norms["norms"][0], type="other", name="Pending"))
        (row,) = await driver.execute(session, _COUNT, norms)
        assert row[0] == (1 if autoflush else 0)
        assert (await session.execute(_COUNT, norms)).scalar_one() == row[0]


async def test_errors_leave_the_session_usable_after_a_rollback(session: AsyncSession) -> None:
    await session.execute(text("SET LOCAL statement_timeout = 100"))
    with pytest.raises(DBAPIError) as raised:
        await driver.execute(session, text("SELECT pg_sleep(5)"), {})
    assert is_transient_database_error(raised.value)  # a 503 to the client
    await session.rollback()
    (row,) = await driver.execute(session, text("SELECT CAST(:n AS int) + 1"), {"n": 41})
    assert row[0] == 42


async def test_a_lost_connection_is_a_transient_error(settings: Settings) -> None:
    async with session_of_a_killed_backend(settings) as session:
        with pytest.raises(DBAPIError) as raised:
            await driver.execute(session, _COUNT, {"norms": ["x"]})
        assert raised.value.connection_invalidated
        assert is_transient_database_error(raised.value)
