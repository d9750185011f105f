"""Statements built once, run on the driver (`app.core.reads.fetch_built`): the same rows
as SQLAlchemy gives, bind values through their types, SQLAlchemy's errors, and the
ordinary way whenever something listens for statements."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    BigInteger,
    Integer,
    String,
    bindparam,
    cast,
    event,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import is_transient_database_error
from app.core.pagination import PageParams
from app.core.reads import fetch_built, fetch_rows
from app.search.endpoints import _search_statement, _search_values
from tests.api.support import PostArticle

PAGE = PageParams(limit=2, cursor=None)


async def test_rows_are_those_sqlalchemy_gives(
    session: AsyncSession, post_article: PostArticle
) -> None:
    for n in range(3):
        await post_article(
            {
                "url": f"https://built.example/{n}",
                "paragraphs": [f"Tariffs on steel rose {n} times.", "Tariffs and more tariffs."],
            }
        )
    stmt, order = _search_statement()
    params = _search_values(order, PAGE, "tariffs", 500)
    built = await fetch_built(session, stmt, params)
    ordinary = await fetch_rows(session, stmt, params)
    assert len(built) == 3  # the page of 2 and the one that says there is more
    assert [tuple(row) for row in built] == [tuple(row) for row in ordinary]


async def test_bind_values_go_through_their_types(session: AsyncSession) -> None:
    # JSON binds are serialised by SQLAlchemy's type, not by the driver.
    stmt = select(
        cast(bindparam("doc", type_=JSONB), String),
        bindparam("n", type_=BigInteger) + 1,
        literal_column("1", Integer),
    )
    rows = await fetch_built(session, stmt, {"doc": {"a": [1, "x"]}, "n": 41})
    assert [tuple(row) for row in rows] == [('{"a": [1, "x"]}', 42, 1)]


async def test_columns_that_need_processing_take_the_ordinary_way(session: AsyncSession) -> None:
    stmt = select(cast(bindparam("doc", type_=String), JSON))
    rows = await fetch_built(session, stmt, {"doc": '{"a": 1}'})
    assert rows[0][0] == {"a": 1}  # decoded by SQLAlchemy's JSON type


async def test_errors_are_sqlalchemys_and_the_connection_goes_on(session: AsyncSession) -> None:
    await session.execute(text("SET LOCAL statement_timeout = 100"))
    stmt = select(func.pg_sleep(bindparam("seconds", type_=Integer)))
    with pytest.raises(DBAPIError) as caught:
        await fetch_built(session, stmt, {"seconds": 5})
    assert is_transient_database_error(caught.value)  # a 503 to the client
    assert getattr(caught.value.orig, "sqlstate", None) == "57014"  # query_canceled
    await session.rollback()
    rows = await fetch_built(session, select(bindparam("n", type_=Integer)), {"n": 7})
    assert rows[0][0] == 7


async def test_a_listener_sees_built_statements(session: AsyncSession) -> None:
    seen: list[str] = []

    def capture(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    connection = await session.connection()
    stmt = select(bindparam("marker", type_=String))
    event.listen(connection.sync_engine, "before_cursor_execute", capture)
    try:
        rows = await fetch_built(session, stmt, {"marker": "seen"})
    finally:
        event.remove(connection.sync_engine, "before_cursor_execute", capture)
    assert rows[0][0] == "seen"
    assert any("$1" in statement for statement in seen)
