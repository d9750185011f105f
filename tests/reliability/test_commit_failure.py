"""A commit that fails after the handler succeeded: the client gets the one problem
shape (a 503 with `Retry-After`), never the success the store did not keep.

The failure is real: a deferred constraint trigger in a scratch database refuses
the transaction at COMMIT, as a serialization failure would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from app.core.config import Settings
from app.core.db import Engines
from app.core.errors import Problem
from app.main import create_app

_REFUSE_AT_COMMIT = [
    "CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN RAISE EXCEPTION 'refused at commit' USING ERRCODE = '40001'; END $$",
    "CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON articles"
    " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
    " WHEN (NEW.source = 'refused at commit') EXECUTE FUNCTION refuse_at_commit()",
]


async def test_a_failed_commit_answers_503_problem_and_stores_nothing(
    settings: Settings, scratch_database: Callable[[str], str], admin_headers: dict[str, str]
) -> None:
    # Migrating runs an event loop of its own: in a thread, beside this test's.
    url = await asyncio.to_thread(scratch_database, "factstore_commit_failure")
    setup = create_async_engine(url)
    async with setup.begin() as conn:
        for statement in _REFUSE_AT_COMMIT:
            await conn.execute(text(statement))
    live = settings.model_copy(update={"database_url": url})
    engines = Engines.open(live, url)
    app = create_app(live)
    engines.install(app.state)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.post(
                "/v1/articles?extract=false",
                json={"source": "refused at commit", "paragraphs": ["Kept nowhere."]},
                headers=admin_headers,
            )
            assert response.status_code == 503, response.text
            assert response.headers["content-type"] == "application/problem+json"
            assert response.headers["retry-after"] == "5"
            problem = Problem.model_validate_json(response.content)
            assert problem.type == "/problems/database-unavailable"
            assert problem.status == 503
            assert "committed" in problem.detail

            kept = await client.post(
                "/v1/articles?extract=false",
                json={"source": "kept", "paragraphs": ["Kept."]},
                headers=admin_headers,
            )
            assert kept.status_code == 201, kept.text
        async with setup.connect() as conn:
            sources = (await conn.execute(text("SELECT source FROM articles"))).scalars().all()
        assert sources == ["kept"]
    finally:
        await engines.dispose()
        await setup.dispose()
