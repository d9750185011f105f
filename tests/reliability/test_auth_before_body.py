"""A write's key is checked before its body is read, and a long bulk upload checks it
again between batches: a key revoked mid-upload stores nothing more."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app.articles import bulk
from app.core.db import create_sessionmaker
from app.keys.service import create_key, hash_key, revoke_key
from app.models import ApiKey, Article
from tests.api.support import MakeKey, assert_problem
from tests.fixtures.app import MakeApp
from tests.reliability.conftest import URL_PREFIX

CHUNK = b"{" * (1024 * 1024)
CHUNKS = 9  # a malformed 9 MiB body, under the 10 MiB cap


class _Body:
    """A streamed body that counts how much of it the server asked for."""

    def __init__(self) -> None:
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(CHUNKS):
            self.sent += 1
            yield CHUNK


WRITES = [
    ("POST", "/v1/articles", "application/json"),
    ("POST", "/v1/articles/bulk", "application/x-ndjson"),
    ("POST", "/v1/articles/1/extract", "application/json"),
    ("DELETE", "/v1/articles/1", "application/json"),
]


@pytest.mark.parametrize(("method", "path", "media_type"), WRITES)
async def test_a_write_is_refused_before_its_body_is_read(
    client: httpx.AsyncClient, make_key: MakeKey, method: str, path: str, media_type: str
) -> None:
    reader = await make_key("read")
    for headers, status in (
        ({}, 401),
        ({"Authorization": "Bearer fs_not-a-key"}, 401),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
        (reader, 403),
    ):
        body = _Body()
        response = await client.request(
            method, path, content=body, headers={**headers, "Content-Type": media_type}
        )
        assert_problem(response, status)
        # Answered at the first chunk at most: the rest was never taken in or parsed.
        assert body.sent <= 1, (method, path, headers, body.sent)


async def test_a_valid_key_still_gets_its_body_checked(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    response = await client.post(
        "/v1/articles",
        content=b"{not json",
        headers={**admin_headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 422)


async def test_a_key_revoked_during_a_bulk_upload_stores_no_more(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with make_app(commits=True) as live:
        client, engines = live.client, live.engines
        sessionmaker = create_sessionmaker(engines.writes)
        async with sessionmaker() as session, session.begin():
            key = await create_key(session, ["ingest", "read"], "rel-revoked-mid-bulk")
            key_id = await session.scalar(select(ApiKey.id).where(ApiKey.key_hash == hash_key(key)))
        assert key_id is not None
        monkeypatch.setattr(bulk, "BATCH_LINES", 3)
        real_look_up = bulk._look_up
        calls = 0

        async def look_up_then_revoke(*args: Any) -> None:
            nonlocal calls
            calls += 1
            if calls == 2:  # the owner revokes the key while batch 2 is on its way
                async with sessionmaker() as session, session.begin():
                    assert await revoke_key(session, key_id)
            await real_look_up(*args)

        monkeypatch.setattr(bulk, "_look_up", look_up_then_revoke)
        lines = [
            json.dumps(
                {"url": f"{URL_PREFIX}revoked-{n}", "paragraphs": [f"Reliant {n} pledged aid."]}
            )
            for n in range(1, 8)
        ]
        response = await client.post(
            "/v1/articles/bulk?extract=false",
            content="\n".join(lines).encode(),
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/x-ndjson"},
        )
        assert response.status_code == 200, response.text
        results = [json.loads(line) for line in response.text.splitlines()]
        assert [r["line"] for r in results] == list(range(1, 8))  # one answer a line, in order
        assert [r["status"] for r in results] == [201, 201, 201, 401, 401, 401, 401]
        assert "revoked" in results[3]["problem"]["detail"]
        async with sessionmaker() as session:
            stored = await session.scalars(
                select(Article.url).where(Article.url.like(f"{URL_PREFIX}revoked-%"))
            )
            assert sorted(stored.all()) == [f"{URL_PREFIX}revoked-{n}" for n in (1, 2, 3)]
