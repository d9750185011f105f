"""Assertions and set-ups shared by the API tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any, cast

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ClauseElement

from app.core import driver
from app.core.config import Settings
from app.core.db import create_engine

CONTEXT_CHARS = 32

PostArticle = Callable[..., Awaitable[dict[str, Any]]]
MakeKey = Callable[..., Awaitable[dict[str, str]]]


async def plans_both_ways(
    session: AsyncSession, stmt: ClauseElement, params: dict[str, Any], *, explain: str = "EXPLAIN"
) -> dict[str, list[str]]:
    """`stmt`'s plan lines (by `explain`, e.g. "EXPLAIN (VERBOSE)") as PostgreSQL plans
    it for these values and as the generic plan a connection keeps, in the session's
    transaction (`SET LOCAL`)."""
    connection = await session.connection()
    found = driver.compiled(stmt, connection.dialect)
    assert found is not None
    raw: Any = (await connection.get_raw_connection()).driver_connection
    plans = {}
    for mode in ("force_custom_plan", "force_generic_plan"):
        await raw.execute(f"SET LOCAL plan_cache_mode = {mode}")
        rows = await raw.fetch(f"{explain} {found.sql}", *found.arguments(params))
        plans[mode] = [row[0] for row in rows]
    return plans


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with `status`; return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    for field in ("type", "title", "detail"):
        assert isinstance(body[field], str), field
        assert body[field], field
    assert "Traceback" not in response.text
    return body


async def assert_citation_anchored(client: httpx.AsyncClient, citation: dict[str, Any]) -> str:
    """The citation's offsets, quote, prefix and suffix agree with its stored paragraph.

    Returns the paragraph text."""
    response = await client.get(f"/v1/paragraphs/{citation['paragraph_id']}")
    assert response.status_code == 200, response.text
    paragraph = response.json()
    text: str = paragraph["text"]
    start, end = citation["start"], citation["end"]
    assert paragraph["article_id"] == citation["article_id"]
    assert paragraph["index"] == citation["paragraph_index"]
    assert 0 <= start < end <= len(text)
    assert text[start:end] == citation["quote"]
    assert len(citation["prefix"]) <= CONTEXT_CHARS
    assert len(citation["suffix"]) <= CONTEXT_CHARS
    assert citation["prefix"] == text[max(0, start - CONTEXT_CHARS) : start]
    assert citation["suffix"] == text[end : end + CONTEXT_CHARS]
    return text


def ids(page: dict[str, Any]) -> list[Any]:
    return [item["id"] for item in page["items"]]


async def post_bulk(
    client: httpx.AsyncClient, headers: dict[str, str], stories: Iterable[dict[str, Any]]
) -> httpx.Response:
    """Post `stories` in one NDJSON bulk request without extraction; the answer, 200."""
    lines = "\n".join(httpx.Request("POST", "/", json=s).content.decode() for s in stories)
    response = await client.post(
        "/v1/articles/bulk",
        params={"extract": "false"},
        content=lines.encode(),
        headers={**headers, "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    return response


@asynccontextmanager
async def session_of_a_killed_backend(settings: Settings) -> AsyncIterator[AsyncSession]:
    """A session of the app's own engine (not the test's rolled-back transaction) in
    a transaction whose backend has been terminated: its next statement finds the
    connection lost."""
    engine = create_engine(settings, cast(str, settings.database_url))
    try:
        async with AsyncSession(engine) as session:
            pid = await session.scalar(text("SELECT pg_backend_pid()"))
            async with engine.connect() as other:
                await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            yield session
    finally:
        await engine.dispose()
