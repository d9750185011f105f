"""The database's own limits: a statement cut off by its timeout, a pool run dry, a
request abandoned half-way.  Each is a 503 (or nothing at all), never a hang or a leak."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.articles import repository
from app.keys.service import create_key
from tests.api.support import assert_problem
from tests.fixtures.app import MakeApp

# Generous bounds for "answered, not hung": far below the sleeps they guard against.
ANSWER_WITHIN = 10.0
LONG_SLEEP = "SELECT pg_sleep(60)"


async def _slow_list(session: AsyncSession, *args: Any, **kwargs: Any) -> Any:
    await session.execute(text(LONG_SLEEP))
    raise AssertionError("the statement should have been cut off")


async def _backends(engine: AsyncEngine, observer: AsyncEngine) -> list[tuple[str, str]]:
    """(state, query) of the live app's server connections."""
    name = engine.sync_engine.application_name  # type: ignore[attr-defined]
    async with observer.connect() as conn:
        rows = await conn.execute(
            text("SELECT state, query FROM pg_stat_activity WHERE application_name = :name"),
            {"name": name},
        )
        return [(row.state, row.query) for row in rows]


async def test_statement_timeout_is_a_503(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "list_articles", _slow_list)
    async with make_app(commits=True, db_statement_timeout_ms=300) as live:
        client = live.client
        response = await asyncio.wait_for(client.get("/v1/articles"), ANSWER_WITHIN)
        assert_problem(response, 503)
        assert int(response.headers["retry-after"]) > 0
        # The connection survives the cancelled statement: the next request is served.
        monkeypatch.undo()
        assert (await client.get("/v1/articles")).status_code == 200


async def test_pool_checkout_timeout_is_a_503(make_app: MakeApp) -> None:
    async with make_app(
        commits=True, db_pool_size=1, db_max_overflow=0, db_pool_timeout=0.5
    ) as live:
        client, engines = live.client, live.engines
        # Each pool's only connection: reads and writes (and probes) have none left.
        async with engines.reads.connect() as held, engines.writes.connect() as held_too:
            await held.execute(text("SELECT 1"))
            await held_too.execute(text("SELECT 1"))
            response = await asyncio.wait_for(client.get("/v1/articles"), ANSWER_WITHIN)
            assert_problem(response, 503)
            assert "retry-after" in response.headers
            # Probes say so too.
            assert_problem(await asyncio.wait_for(client.get("/readyz"), ANSWER_WITHIN), 503)
        assert (await client.get("/v1/articles")).status_code == 200
        assert (await client.get("/readyz")).status_code == 200


async def test_abandoned_requests_leave_no_transaction_open(
    make_app: MakeApp,
    engine: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A client that stalls or goes away mid-request: no connection stays `idle in
    transaction`, none stays checked out, no statement keeps running."""
    async with make_app(commits=True) as live:
        client, engines = live.client, live.engines
        app_engine = engines.writes
        app = live.app
        async with AsyncSession(app_engine) as session:
            # A stored key: its look-up is the request's first query (the admin key has none).
            key = await create_key(session, ["ingest"], "rel-disconnect")
            await session.commit()
        stalled, give_up = asyncio.Event(), asyncio.Event()
        body = json.dumps({"paragraphs": ["Reliant Zeta pledged aid."]}).encode()

        async def receive() -> dict[str, Any]:
            if not stalled.is_set():
                stalled.set()
                return {"type": "http.request", "body": body[:10], "more_body": True}
            await give_up.wait()
            return {"type": "http.disconnect"}

        sent: list[dict[str, Any]] = []

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/v1/articles/bulk",
            "raw_path": b"/v1/articles/bulk",
            "root_path": "",
            "query_string": b"extract=false",
            "headers": [
                (b"content-type", b"application/x-ndjson"),
                (b"authorization", f"Bearer {key}".encode()),
            ],
            "client": ("127.0.0.1", 1234),
            "server": ("test", 80),
            "state": {},
        }
        # 1. A slow upload: the key was checked, the rest of the body never comes.
        upload = asyncio.create_task(app(scope, receive, send))
        await stalled.wait()
        await asyncio.sleep(0.3)
        assert ("idle in transaction",) not in [
            (state,) for state, _ in await _backends(app_engine, engine)
        ]
        give_up.set()  # ... and then the client goes away
        await asyncio.wait_for(upload, ANSWER_WITHIN)
        assert app_engine.pool.checkedout() == 0  # type: ignore[attr-defined]

        # 2. A request cancelled in the middle of a long statement (the server gave up).
        monkeypatch.setattr(repository, "list_articles", _slow_list)
        request = asyncio.create_task(client.get("/v1/articles"))
        for _ in range(100):
            if any(LONG_SLEEP in query for _, query in await _backends(app_engine, engine)):
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the slow statement never started")
        request.cancel()
        with pytest.raises(asyncio.CancelledError):
            await request

        async def settled() -> bool:
            backends = await _backends(app_engine, engine)
            return all(state == "idle" for state, _ in backends) and not any(
                state == "active" and LONG_SLEEP in query for state, query in backends
            )

        for _ in range(100):
            if await settled():
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError(await _backends(app_engine, engine))
        assert engines.reads.pool.checkedout() == 0  # type: ignore[attr-defined]
        assert app_engine.pool.checkedout() == 0  # type: ignore[attr-defined]
