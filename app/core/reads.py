"""Running the read statements, whose rows are JSON documents rendered by Postgres.

They go through the session's connection (Core), not `session.execute`: there are
no ORM objects to load, and the ORM's result path cost about 0.35 ms more per
statement, a tenth of a typical read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.ext.asyncio import AsyncSession


async def fetch_rows(
    session: AsyncSession, stmt: Executable, params: Mapping[str, Any] | None = None
) -> Sequence[Row[*tuple[Any, ...]]]:
    connection = await session.connection()
    return (await connection.execute(stmt, params)).all()


async def fetch_document(
    session: AsyncSession, stmt: Executable, params: Mapping[str, Any] | None = None
) -> str | None:
    """The one document `stmt` selects, or None."""
    rows = await fetch_rows(session, stmt, params)
    if len(rows) > 1:
        raise ValueError("the statement selected more than one document")
    return rows[0][0] if rows else None


async def fetch_documents(session: AsyncSession, stmt: Executable) -> list[str]:
    return [row[0] for row in await fetch_rows(session, stmt)]
