"""SIGKILL in the middle of a bulk post: nothing half-stored, and a re-send completes it.

A real `factstore serve` process on a scratch database; the ingest script's view:
post 300 articles, lose the server mid-stream, restart it, send the same file again.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from app.core.config import Settings
from tests.fixtures.database import ScratchDatabases
from tests.reliability.conftest import ENTITY_PREFIX, URL_PREFIX
from tests.reliability.processes import Server

pytestmark = pytest.mark.slow  # a server in a subprocess, killed mid-upload

ARTICLES = 300
KEY = "sigkill-admin-key-0123456789abcdef"


def _article(n: int) -> dict[str, Any]:
    actor = f"{ENTITY_PREFIX}Ministry {n % 7}"
    return {
        "url": f"{URL_PREFIX}kill/{n}",
        "title": f"Story {n}",
        "paragraphs": [
            f"{actor} pledged {n + 1} million euros for the harbour.",
            f"The harbour plan number {n} was agreed on Monday.",
            f"Work on plan {n} starts next year.",
        ],
        "facts": {
            "entities": [
                {
                    "name": actor,
                    "type": "organization",
                    "mentions": [{"paragraph_index": 0, "quote": actor}],
                }
            ],
            "commitments": [
                {
                    "actor": {"name": actor},
                    "metric": "harbour",
                    "amount": {"value": (n + 1) * 1_000_000, "currency": "EUR"},
                    "citations": [
                        {"paragraph_index": 0, "quote": f"pledged {n + 1} million euros"}
                    ],
                }
            ],
        },
    }


STORED = """
SELECT a.url, a.revision,
       (SELECT array_agg(p.text ORDER BY p.index) FROM paragraphs p
         WHERE p.article_id = a.id AND p.is_current) AS paragraphs,
       (SELECT count(*) FROM paragraphs p WHERE p.article_id = a.id) AS all_paragraphs,
       (SELECT count(*) FROM mentions m WHERE m.article_id = a.id AND m.is_current) AS mentions,
       (SELECT count(*) FROM commitments c WHERE c.article_id = a.id AND c.is_current)
         AS commitments,
       (SELECT count(*) FROM citations c WHERE c.article_id = a.id) AS citations
FROM articles a
"""


def _stored(database_url: str) -> list[Any]:
    async def query() -> list[Any]:
        url = Settings(database_url=database_url).database_url
        assert url is not None
        engine = create_async_engine(url)
        async with engine.connect() as conn:
            rows = list((await conn.execute(text(STORED))).all())
        await engine.dispose()
        return rows

    return asyncio.run(query())


def _assert_each_article_whole(rows: list[Any], sent: dict[str, dict[str, Any]]) -> None:
    for row in rows:
        article = sent[row.url]
        assert row.paragraphs == article["paragraphs"], row.url
        assert row.all_paragraphs == len(article["paragraphs"]), row.url
        assert (row.revision, row.mentions, row.commitments, row.citations) == (1, 1, 1, 1)


def _post_bulk(server: Server, body: bytes, stop_after_lines: int | None) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    with httpx.stream(
        "POST",
        server.url + "/v1/articles/bulk?extract=false",
        content=body,
        headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/x-ndjson"},
        timeout=120,
    ) as response:
        assert response.status_code == 200
        for line in response.iter_lines():
            results.append(json.loads(line))
            if stop_after_lines is not None and len(results) >= stop_after_lines:
                server.kill()
                break
    return results


def test_sigkill_mid_bulk_loses_nothing_and_a_resend_completes(
    scratch_database: ScratchDatabases, tmp_path: Path
) -> None:
    database_url = scratch_database.make()
    articles = [_article(n) for n in range(ARTICLES)]
    sent = {a["url"]: a for a in articles}
    body = "\n".join(json.dumps(a) for a in articles).encode()
    server = Server(
        database_url, tmp_path / "serve.log", FACTSTORE_ADMIN_KEY=KEY, FACTSTORE_EXTRACT_DEFAULT="0"
    )
    try:
        server.start()
        before_kill = _post_bulk(server, body, stop_after_lines=1)
        assert server.process is not None and server.process.returncode == -9
        assert len(before_kill) < ARTICLES

        rows = _stored(database_url)
        # Whatever got in is whole: every paragraph, mention, commitment and citation.
        _assert_each_article_whole(rows, sent)

        started = time.monotonic()
        ready_after = server.start()
        restart_seconds = time.monotonic() - started
        print(f"\nrestart after SIGKILL: ready in {restart_seconds:.2f} s ({ready_after:.2f} s)")
        print(f"articles stored before the kill: {len(rows)} of {ARTICLES}")

        results = _post_bulk(server, body, stop_after_lines=None)
        assert [r["line"] for r in results] == list(range(1, ARTICLES + 1))
        assert {r["status"] for r in results} <= {200, 201}, results
        assert sum(r["status"] == 200 for r in results) == len(rows)

        rows = _stored(database_url)
        assert len(rows) == ARTICLES
        assert len({row.url for row in rows}) == ARTICLES
        _assert_each_article_whole(rows, sent)
    finally:
        server.stop()
