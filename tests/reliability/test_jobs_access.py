"""Ingestion jobs: polling spends no write tokens, a job is its owner's alone, its id
cannot be guessed, and the OpenAPI document says polling needs `ingest`."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.core.db import create_sessionmaker
from app.keys.service import create_key
from tests.api.support import MakeKey, assert_problem
from tests.fixtures.app import MakeApp

URL = "https://reliability.example/jobs-owner"
BODY: dict[str, Any] = {"url": URL, "paragraphs": ["Reliant Omega pledged 5 million euros."]}


async def test_polling_a_job_spends_no_write_tokens(make_app: MakeApp, make_key: MakeKey) -> None:
    headers = await make_key("ingest", "read")
    async with make_app(write_rate_per_minute=1, write_rate_burst=1) as served:
        client = served.client
        for _ in range(5):
            polled = await client.get(f"/v1/jobs/{uuid.uuid4()}", headers=headers)
            assert_problem(polled, 404)
        posted = await client.post(
            "/v1/articles", params={"extract": "false"}, json=BODY, headers=headers
        )
        assert posted.status_code == 201, posted.text  # the one write token is still there
        again = {**BODY, "url": URL + "-2"}
        limited = await client.post(
            "/v1/articles", params={"extract": "false"}, json=again, headers=headers
        )
        assert_problem(limited, 429)  # and writes are still limited


@pytest.fixture
async def queued_app(
    make_app: MakeApp,
) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, dict[str, str]], AsyncEngine]]:
    """An app committing on a scratch database with the queue open, and two ingest keys."""
    async with make_app(commits=True, queue=True, raise_app_exceptions=True) as served:
        engine = served.engines.writes
        keys: dict[str, dict[str, str]] = {}
        async with create_sessionmaker(engine)() as session, session.begin():
            for name in ("alice", "bob"):
                key = await create_key(session, ["ingest", "read"], f"rel-jobs-{name}")
                keys[name] = {"Authorization": f"Bearer {key}"}
        yield served.client, keys, engine


async def test_a_job_is_shown_to_its_owner_and_admins_only(
    queued_app: tuple[httpx.AsyncClient, dict[str, dict[str, str]], AsyncEngine],
    admin_headers: dict[str, str],
) -> None:
    client, keys, engine = queued_app
    posted = await client.post(
        "/v1/articles", params={"wait": "false", "extract": "false"}, json=BODY,
        headers=keys["alice"],
    )  # fmt: skip
    assert posted.status_code == 202, posted.text
    job = posted.json()
    # A random public id, not the queue's sequential one.
    assert uuid.UUID(job["id"]).version == 4
    assert posted.headers["Location"] == job["url"] == f"/v1/jobs/{job['id']}"

    assert (await client.get(job["url"], headers=keys["alice"])).json()["status"] == "queued"
    assert (await client.get(job["url"], headers=admin_headers)).status_code == 200
    # Another ingest key learns nothing: the job does not exist for it.
    assert_problem(await client.get(job["url"], headers=keys["bob"]), 404)

    # Guessing the queue's ids finds nothing, not even the owner's own job.
    async with engine.connect() as conn:
        internal = await conn.scalar(
            text("SELECT id FROM ingest_jobs WHERE public_id = :p"), {"p": uuid.UUID(job["id"])}
        )
    assert internal is not None
    for guess in (internal, internal - 1, internal + 1):
        assert_problem(await client.get(f"/v1/jobs/{guess}", headers=keys["bob"]), 404)
        assert_problem(await client.get(f"/v1/jobs/{guess}", headers=admin_headers), 404)


async def test_openapi_says_polling_a_job_needs_ingest(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    poll = spec["paths"]["/v1/jobs/{job_id}"]["get"]
    assert {} not in poll["security"]  # not callable anonymously
    assert poll["security"] == [{"HTTPBearer": ["ingest"]}]
    assert spec["components"]["schemas"]["JobOut"]["properties"]["id"]["type"] == "string"
    # Writes name their scope too; open reads keep "no credentials" first.
    assert spec["paths"]["/v1/articles"]["post"]["security"] == [{"HTTPBearer": ["ingest"]}]
    delete_op = spec["paths"]["/v1/articles/{article_id}"]["delete"]
    assert delete_op["security"] == [{"HTTPBearer": ["admin"]}]
    assert spec["paths"]["/v1/articles"]["get"]["security"] == [{}, {"HTTPBearer": ["read"]}]
