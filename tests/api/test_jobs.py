"""`POST /v1/articles?wait=false`: 202 with a job, done by a worker run in process.

The queue and the worker commit for real (procrastinate uses its own connections),
so these tests do not run in the rolled-back transaction of the others, but on a
scratch database each.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text

from app.core.db import create_sessionmaker
from app.jobs.queue import make_queue, remove_jobs_ended_before
from app.jobs.worker import run_worker
from tests.api.support import assert_problem
from tests.fixtures.app import MakeApp, Served

URL = "https://jobs.example/async-post"
BODY: dict[str, Any] = {
    "url": URL,
    "paragraphs": ["Ministers agreed to spend 2 billion euros on rail by 2030."],
    "facts": {
        "entities": [
            {"name": "Ministers", "type": "group", "mentions": [
                {"paragraph_index": 0, "quote": "Ministers"}]}
        ]
    },
}  # fmt: skip


@pytest.fixture
async def live(make_app: MakeApp) -> AsyncIterator[Served]:
    """An app, its queue and the worker committing for real, on a scratch database."""
    async with make_app(commits=True, queue=True, raise_app_exceptions=True) as served:
        yield served


async def test_async_post_is_queued_then_done_by_a_worker(
    live: Served, admin_headers: dict[str, str]
) -> None:
    client, settings = live.client, live.settings
    posted = await client.post(
        "/v1/articles",
        params={"wait": "false", "extract": "true"},
        json=BODY,
        headers=admin_headers,
    )
    assert posted.status_code == 202, posted.text
    job = posted.json()
    assert posted.headers["Location"] == job["url"] == f"/v1/jobs/{job['id']}"
    assert job["status"] == "queued"
    queued = (await client.get(job["url"], headers=admin_headers)).json()
    assert queued["status"] == "queued" and queued["article_id"] is None

    assert settings.database_url is not None
    await run_worker(settings, settings.database_url, concurrency=1, wait=False)

    done = (await client.get(job["url"], headers=admin_headers)).json()
    assert done["status"] == "done", done
    assert done["created"] is True
    assert done["article_url"] == f"/v1/articles/{done['article_id']}"
    article = (await client.get(done["article_url"])).json()
    assert article["url"] == URL
    facts = (await client.get(f"/v1/articles/{done['article_id']}/facts")).json()
    assert "ministers" in {e["name"].casefold() for e in facts["entities"]}

    # The same post again is a job too, done as "unchanged" (200) with the same article.
    again = await client.post(
        "/v1/articles",
        params={"wait": "false", "extract": "false"},
        json=BODY,
        headers=admin_headers,
    )
    await run_worker(settings, settings.database_url, concurrency=1, wait=False)
    repeat = (await client.get(again.json()["url"], headers=admin_headers)).json()
    assert (repeat["status"], repeat["created"]) == ("done", False)
    assert repeat["article_id"] == done["article_id"]


async def test_async_post_is_checked_before_it_is_queued(
    live: Served, admin_headers: dict[str, str]
) -> None:
    client = live.client
    bad = {**BODY, "facts": {"entities": [{"name": "X", "type": "other", "mentions": [
        {"paragraph_index": 0, "quote": "absent"}]}]}}  # fmt: skip
    response = await client.post(
        "/v1/articles", params={"wait": "false"}, json=bad, headers=admin_headers
    )
    assert_problem(response, 422)
    assert_problem(await client.get("/v1/jobs/999999999", headers=admin_headers), 404)
    assert_problem(await client.get("/v1/jobs/1"), 401)


async def test_ended_jobs_are_forgotten_after_the_retention_time(
    live: Served, admin_headers: dict[str, str]
) -> None:
    client, settings = live.client, live.settings
    sessionmaker = create_sessionmaker(live.engines.writes)
    assert settings.database_url is not None
    posted = await client.post(
        "/v1/articles",
        params={"wait": "false", "extract": "false"},
        json=BODY,
        headers=admin_headers,
    )
    job = posted.json()
    await run_worker(settings, settings.database_url, concurrency=1, wait=False)
    done = (await client.get(job["url"], headers=admin_headers)).json()
    assert done["status"] == "done"

    queue = make_queue(settings.database_url)
    async with queue.open_async():
        await remove_jobs_ended_before(queue, sessionmaker, hours=1)
        kept = await client.get(job["url"], headers=admin_headers)
        assert kept.status_code == 200  # ended just now: kept

        async with sessionmaker() as session, session.begin():
            internal_id = await session.scalar(
                text("SELECT id FROM ingest_jobs WHERE public_id = :public_id"),
                {"public_id": uuid.UUID(job["id"])},
            )
            for sql in (
                "UPDATE procrastinate_events SET at = at - interval '2 hours' WHERE job_id = :id",
                "UPDATE ingest_job_results SET finished_at = finished_at - interval '2 hours'"
                " WHERE job_id = :id",
            ):
                await session.execute(text(sql), {"id": internal_id})
        await remove_jobs_ended_before(queue, sessionmaker, hours=1)

    assert_problem(await client.get(job["url"], headers=admin_headers), 404)
    async with sessionmaker() as session:
        left = await session.scalar(
            text("SELECT count(*) FROM ingest_job_results WHERE job_id = :id"), {"id": internal_id}
        )
        public = await session.scalar(
            text("SELECT count(*) FROM ingest_jobs WHERE id = :id"), {"id": internal_id}
        )
    assert left == 0 and public == 0
    article = await client.get(f"/v1/articles/{done['article_id']}")
    assert article.status_code == 200  # the article stays
