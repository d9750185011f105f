"""Idempotency-Key beyond the replay basics (in tests/api/test_errors_auth.py):
a retry while the first request still runs gets 409; keys expire after 24 hours."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.articles import service
from app.extract.types import Facts
from tests.api.support import assert_problem
from tests.fixtures.app import MakeApp
from tests.reliability.conftest import URL_PREFIX

BODY = {"url": URL_PREFIX + "idempotent", "paragraphs": ["Reliant Beta pledged aid."]}


async def test_retry_while_the_first_request_runs_is_409(
    make_app: MakeApp, admin_headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    entered, release = asyncio.Event(), asyncio.Event()

    async def held_extractor(parsed: Any, settings: Any) -> Any:
        entered.set()
        await release.wait()
        return Facts(), service.CLIENT

    monkeypatch.setattr(service, "extract_facts", held_extractor)
    headers = {**admin_headers, "Idempotency-Key": "rel-in-flight"}
    async with make_app(commits=True) as live:
        client = live.client
        first = asyncio.create_task(
            client.post("/v1/articles?extract=true", json=BODY, headers=headers)
        )
        await asyncio.wait_for(entered.wait(), 10)

        retry = await client.post("/v1/articles?extract=true", json=BODY, headers=headers)
        problem = assert_problem(retry, 409)
        assert problem["type"].endswith("idempotency-in-progress")
        # Another body under the same key is still a different request: 422, not 409.
        other = {**BODY, "paragraphs": ["Something else."]}
        assert_problem(
            await client.post("/v1/articles?extract=true", json=other, headers=headers), 422
        )

        release.set()
        done = await asyncio.wait_for(first, 10)
        assert done.status_code == 201, done.text
        replay = await client.post("/v1/articles?extract=true", json=BODY, headers=headers)
        assert (replay.status_code, replay.json()) == (201, done.json())
        listed = await client.get("/v1/articles", params={"q": "Reliant Beta"})
        assert [a["id"] for a in listed.json()["items"]] == [done.json()["id"]]


async def test_keys_expire_after_24_hours(
    client: httpx.AsyncClient, admin_headers: dict[str, str], session: AsyncSession
) -> None:
    headers = {**admin_headers, "Idempotency-Key": "rel-ageing"}
    first = await client.post("/v1/articles?extract=false", json=BODY, headers=headers)
    assert first.status_code == 201, first.text
    other = {"paragraphs": ["Reliant Gamma opened a school."]}
    # Within a day the key is bound to the first body ...
    assert_problem(
        await client.post("/v1/articles?extract=false", json=other, headers=headers), 422
    )

    await session.execute(
        text(
            "UPDATE idempotency_records SET created_at = now() - interval '25 hours',"
            " expires_at = now() - interval '1 hour' WHERE key = 'rel-ageing'"
        )
    )
    await session.commit()
    # ... after it, the key is free again: the other body is processed, not refused.
    fresh = await client.post("/v1/articles?extract=false", json=other, headers=headers)
    assert fresh.status_code == 201, fresh.text
    assert fresh.json()["id"] != first.json()["id"]
    # The key now belongs to the second request: the first body under it is refused.
    repeat = await client.post("/v1/articles?extract=false", json=BODY, headers=headers)
    assert_problem(repeat, 422)


async def test_expired_answers_are_forgotten_as_keys_are_used(
    client: httpx.AsyncClient, admin_headers: dict[str, str], session: AsyncSession
) -> None:
    """An ingest script sends a new key with every post: the records of keys never
    used again go once they expire, so the store does not keep every answer."""
    for n in range(3):
        headers = {**admin_headers, "Idempotency-Key": f"rel-once-{n}"}
        body = {"url": f"{URL_PREFIX}once-{n}", "paragraphs": [f"Reliant Delta report {n}."]}
        posted = await client.post("/v1/articles?extract=false", json=body, headers=headers)
        assert posted.status_code == 201, posted.text
    # Yesterday's keys (as if used a day ago: 40 of them), and one still live.
    await session.execute(
        text(
            "UPDATE idempotency_records SET created_at = now() - interval '25 hours',"
            " expires_at = now() - interval '1 hour' WHERE key LIKE 'rel-once-%'"
        )
    )
    await session.execute(
        text(
            "INSERT INTO idempotency_records (principal, key, request_hash, response_status,"
            " expires_at, created_at) SELECT 'someone', 'rel-old-' || n, 'x', 201,"
            " now() - interval '1 hour' - n * interval '1 second', now() - interval '25 hours'"
            " FROM generate_series(1, 37) AS n"
        )
    )
    await session.commit()
    live_headers = {**admin_headers, "Idempotency-Key": "rel-live"}
    live = {"url": URL_PREFIX + "live", "paragraphs": ["Reliant Epsilon report."]}
    first = await client.post("/v1/articles?extract=false", json=live, headers=live_headers)
    assert first.status_code == 201, first.text

    expired = text("SELECT count(*) FROM idempotency_records WHERE expires_at < now()")
    left = [await session.scalar(expired)]
    for n in range(3):
        headers = {**admin_headers, "Idempotency-Key": f"rel-next-{n}"}
        body = {"url": f"{URL_PREFIX}next-{n}", "paragraphs": [f"Reliant Zeta report {n}."]}
        posted = await client.post("/v1/articles?extract=false", json=body, headers=headers)
        assert posted.status_code == 201, posted.text
        left.append(await session.scalar(expired))
    # Each keyed request took some of the 40 with it, until none was left.
    assert left[0] < 40
    assert left == sorted(left, reverse=True)
    assert left[-1] == 0
    # What has not expired stays, and is replayed.
    replay = await client.post("/v1/articles?extract=false", json=live, headers=live_headers)
    assert (replay.status_code, replay.json()) == (201, first.json())
