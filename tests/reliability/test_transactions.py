"""Who holds a connection while the extractor runs: nobody.

A post is looked up, then extracted, then written; the extractor is the slow part.
These tests hold the extractor on an event and, meanwhile, ask PostgreSQL from
another connection (`pg_stat_activity`) what the app's connections are doing:
none may sit `idle in transaction`, and the app's write pool has none checked out.
They commit for real (the app's own pools, or the job worker's), as production does, each
on a scratch database of its own.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from app.articles import service
from app.extract.types import Facts
from app.jobs.worker import run_worker
from app.keys.service import create_key
from tests.fixtures.app import MakeApp
from tests.reliability.conftest import URL_PREFIX

WITHIN = 20.0  # seconds: a bound for "it got there", far above what it takes


class HeldExtractor:
    """Stands in for `extract_facts`: it blocks until released, as a long parse would."""

    def __init__(self) -> None:
        self.entered = asyncio.Event()
        self.release = asyncio.Event()
        self.calls = 0

    async def __call__(self, parsed: Any, settings: Any) -> Any:
        self.calls += 1
        self.entered.set()
        await self.release.wait()
        return Facts(), service.CLIENT


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> HeldExtractor:
    extractor = HeldExtractor()
    monkeypatch.setattr(service, "extract_facts", extractor)
    return extractor


async def _states(database_url: str, application_name: str) -> list[str]:
    """The state of each server connection of the given application to the database
    of `database_url`, asked from a connection of our own."""
    observer = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with observer.connect() as conn:
            rows = await conn.execute(
                text(
                    "SELECT state FROM pg_stat_activity WHERE application_name = :name"
                    " AND datname = current_database() AND pid <> pg_backend_pid()"
                ),
                {"name": application_name},
            )
            return [row.state for row in rows]
    finally:
        await observer.dispose()


async def test_no_connection_is_idle_in_transaction_while_a_post_is_extracted(
    make_app: MakeApp, held: HeldExtractor
) -> None:
    body = {"url": URL_PREFIX + "held-post", "paragraphs": ["Reliant Kappa pledged aid."]}
    async with make_app(commits=True) as live:
        client, engines = live.client, live.engines
        async with AsyncSession(engines.writes) as session:
            # A stored key and an Idempotency-Key: the key's look-up and the claim are
            # real statements of this request before the extractor runs.
            key = await create_key(session, ["ingest"], "rel-held-post")
            await session.commit()
        headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": "rel-held-post"}
        name = engines.writes.sync_engine.application_name  # type: ignore[attr-defined]

        post = asyncio.create_task(
            client.post("/v1/articles?extract=true", json=body, headers=headers)
        )
        await asyncio.wait_for(held.entered.wait(), WITHIN)
        states = await _states(live.database_url, name)
        assert "idle in transaction" not in states
        # The look-ups ran on the app's pool, whose connections now wait there, idle.
        assert "idle" in states
        assert engines.writes.pool.checkedout() == 0  # type: ignore[attr-defined]

        held.release.set()
        response = await asyncio.wait_for(post, WITHIN)
        assert response.status_code == 201, response.text
        assert "idle in transaction" not in await _states(live.database_url, name)


async def test_no_connection_is_idle_in_transaction_while_an_article_is_re_extracted(
    make_app: MakeApp, held: HeldExtractor, admin_headers: dict[str, str]
) -> None:
    body = {"url": URL_PREFIX + "held-reextract", "paragraphs": ["Reliant Nu pledged aid."]}
    async with make_app(commits=True) as live:
        client, engines = live.client, live.engines
        stored = await client.post("/v1/articles?extract=false", json=body, headers=admin_headers)
        assert stored.status_code == 201, stored.text
        name = engines.writes.sync_engine.application_name  # type: ignore[attr-defined]

        again = asyncio.create_task(
            client.post(f"/v1/articles/{stored.json()['id']}/extract", headers=admin_headers)
        )
        await asyncio.wait_for(held.entered.wait(), WITHIN)
        assert "idle in transaction" not in await _states(live.database_url, name)
        assert engines.writes.pool.checkedout() == 0  # type: ignore[attr-defined]

        held.release.set()
        response = await asyncio.wait_for(again, WITHIN)
        assert response.status_code == 200, response.text
        assert response.json()["id"] == stored.json()["id"]


async def test_a_story_stored_during_the_extraction_is_still_one_story(
    make_app: MakeApp, held: HeldExtractor, admin_headers: dict[str, str]
) -> None:
    """The look-up before extraction saw no story; a concurrent post stored it while
    the extractor ran; the write finds it and answers with it instead of a second one."""
    body = {"url": URL_PREFIX + "stored-meanwhile", "paragraphs": ["Reliant Lambda pledged aid."]}
    async with make_app(commits=True) as live:
        client = live.client
        slow = asyncio.create_task(
            client.post("/v1/articles?extract=true", json=body, headers=admin_headers)
        )
        await asyncio.wait_for(held.entered.wait(), WITHIN)
        fast = await client.post("/v1/articles?extract=false", json=body, headers=admin_headers)
        assert fast.status_code == 201, fast.text

        held.release.set()
        late = await asyncio.wait_for(slow, WITHIN)
        assert late.status_code == 200, late.text  # the same content, already stored
        assert late.json()["id"] == fast.json()["id"]
        listed = await client.get("/v1/articles", params={"q": "Reliant Lambda"})
        assert [a["id"] for a in listed.json()["items"]] == [fast.json()["id"]]


async def test_no_connection_is_idle_in_transaction_while_a_job_is_extracted(
    make_app: MakeApp, held: HeldExtractor, admin_headers: dict[str, str]
) -> None:
    body = {"url": URL_PREFIX + "held-job", "paragraphs": ["Reliant Mu pledged aid."]}
    async with make_app(commits=True, queue=True) as live:
        client = live.client
        posted = await client.post(
            "/v1/articles?extract=true&wait=false", json=body, headers=admin_headers
        )
        assert posted.status_code == 202, posted.text
        job = posted.json()

        worker = asyncio.create_task(
            run_worker(live.settings, live.database_url, concurrency=1, wait=False)
        )
        await asyncio.wait_for(held.entered.wait(), WITHIN)
        # The worker's engine names its connections "factstore" (`core.db.create_engine`).
        states = await _states(live.database_url, "factstore")
        assert "idle in transaction" not in states
        assert "idle" in states  # its look-up ran, and gave the connection back

        held.release.set()
        await asyncio.wait_for(worker, WITHIN)
        done = (await client.get(job["url"], headers=admin_headers)).json()
        assert (done["status"], done["created"]) == ("done", True), done
        article = (await client.get(done["article_url"])).json()
        assert article["url"] == body["url"]
