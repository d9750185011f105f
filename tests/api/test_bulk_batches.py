"""The batched bulk write path stores exactly what one-by-one posts store."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from app.articles import bulk
from bench.harness import fact_article
from tests.api.support import PostArticle, assert_citation_anchored

pytestmark = pytest.mark.asyncio
IGNORED = {"created_at", "mention_count", "article_count"}


async def _bulk(
    client: httpx.AsyncClient, headers: dict[str, str], lines: list[str]
) -> list[dict[str, Any]]:
    response = await client.post(
        "/v1/articles/bulk?extract=false",
        content="\n".join(lines).encode(),
        headers={**headers, "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    return [json.loads(line) for line in response.text.splitlines()]


def _comparable(facts: dict[str, Any]) -> dict[str, Any]:
    """An article's facts without ids, article ids or timestamps."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: strip(v) for k, v in value.items() if not k.endswith("id") and k not in IGNORED
            }
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(facts)  # type: ignore[no-any-return]


async def test_batch_stores_what_single_posts_store(
    client: httpx.AsyncClient, admin_headers: dict[str, str], post_article: PostArticle
) -> None:
    import random

    rng = random.Random(3)
    articles = [fact_article(n, rng) for n in range(6)]
    singles = [await post_article({**a, "url": a["url"] + "/single"}) for a in articles[:3]]
    results = await _bulk(client, admin_headers, [json.dumps(a) for a in articles])
    assert [(r["line"], r["status"], r["revision"]) for r in results] == [
        (n, 201, 1) for n in range(1, 7)
    ]
    for single, result in zip(singles, results, strict=False):
        batched = (await client.get(f"/v1/articles/{result['article_id']}/facts")).json()
        assert _comparable(batched) == _comparable(single["facts"])
        for fact in batched["events"] + batched["commitments"]:
            for citation in fact["citations"]:
                assert citation["article_id"] == result["article_id"]
                await assert_citation_anchored(client, citation)
    # One entity per name across the batch and the single posts: counters add up.
    org = articles[0]["facts"]["entities"][1]["name"]
    found = (await client.get("/v1/entities", params={"q": org})).json()["items"]
    named = [(e["name"], e["article_count"], e["mention_count"]) for e in found if e["name"] == org]
    assert named == [(org, 2, 4)]


async def test_batch_mixes_new_repeated_revised_and_bad_lines(
    client: httpx.AsyncClient, admin_headers: dict[str, str], post_article: PostArticle
) -> None:
    stored = await post_article({"url": "https://x.example/a", "paragraphs": ["Old text."]})
    lines = [
        json.dumps({"url": "https://x.example/b", "paragraphs": ["New story."]}),
        json.dumps({"url": "https://x.example/a", "paragraphs": ["Changed text."]}),
        json.dumps({"url": "https://x.example/b", "paragraphs": ["New story."]}),
        json.dumps({"url": "https://x.example/b", "paragraphs": ["New story, revised."]}),
        json.dumps(
            {
                "paragraphs": ["Bad quote."],
                "facts": {
                    "entities": [
                        {
                            "name": "X",
                            "type": "other",
                            "mentions": [{"paragraph_index": 0, "quote": "absent"}],
                        }
                    ]
                },
            }
        ),
    ]
    results = await _bulk(client, admin_headers, lines)
    assert [(r["status"], r.get("revision")) for r in results] == [
        (201, 1),
        (201, 2),
        (200, 1),
        (201, 2),
        (422, None),
    ]
    assert results[1]["article_id"] == stored["id"]
    assert results[0]["article_id"] == results[2]["article_id"] == results[3]["article_id"]
    article = (await client.get(f"/v1/articles/{results[0]['article_id']}")).json()
    assert [p["text"] for p in article["paragraphs"]] == ["New story, revised."]


async def test_failed_batch_falls_back_to_one_transaction_per_line(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A database error in the batch loses no line: each is written on its own."""
    calls = 0

    async def failing(session: Any, lines: Any) -> list[Any]:
        nonlocal calls
        calls += 1
        await session.execute(text("SELECT 1/0"))
        raise AssertionError("unreachable")

    monkeypatch.setattr(bulk, "_write_batch", failing)
    lines = [json.dumps({"paragraphs": [f"Line {n}."]}) for n in range(3)]
    results = await _bulk(client, admin_headers, lines)
    assert calls == 1
    assert [r["status"] for r in results] == [201, 201, 201]
    texts = {
        (await client.get(f"/v1/articles/{r['article_id']}")).json()["paragraphs"][0]["text"]
        for r in results
    }
    assert texts == {"Line 0.", "Line 1.", "Line 2."}
