"""Races between real connections: concurrent posts of one story give one story.

These tests commit for real (each request has its own pooled connection, as in
production), each on a scratch database of its own.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.db import create_sessionmaker
from app.models import Article, Entity
from tests.fixtures.app import MakeApp, Served

pytestmark = pytest.mark.slow  # dozens of racing requests on real pools

CONCURRENT_POSTS = 50


@pytest.fixture
async def live(make_app: MakeApp) -> AsyncIterator[Served]:
    async with make_app(
        commits=True, raise_app_exceptions=True, db_pool_size=20, db_max_overflow=40
    ) as served:
        yield served


@pytest.fixture
def live_client(live: Served) -> httpx.AsyncClient:
    return live.client


@pytest.fixture
def real_sessionmaker(live: Served) -> async_sessionmaker[AsyncSession]:
    """Sessions on the app's own database, committing for real."""
    return create_sessionmaker(live.engines.writes)


def _story(n: int) -> dict[str, object]:
    return {
        "url": f"https://race.example/story-{n}",
        "paragraphs": [f"Racer {n} pledged $5 million to the fund.", "A second paragraph."],
        "facts": {
            "entities": [
                {
                    "name": f"Racer {n}",
                    "type": "person",
                    "mentions": [{"paragraph_index": 0, "quote": f"Racer {n}"}],
                }
            ]
        },
    }


async def test_concurrent_posts_of_one_story_give_one_article(
    live_client: httpx.AsyncClient,
    real_sessionmaker: async_sessionmaker[AsyncSession],
    admin_headers: dict[str, str],
) -> None:
    responses = await asyncio.gather(
        *(
            live_client.post("/v1/articles?extract=false", json=_story(1), headers=admin_headers)
            for _ in range(CONCURRENT_POSTS)
        )
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 1, statuses
    assert statuses.count(200) == CONCURRENT_POSTS - 1, statuses
    assert len({r.json()["id"] for r in responses}) == 1
    async with real_sessionmaker() as session:
        articles = await session.scalar(
            select(func.count()).where(Article.url == "https://race.example/story-1")
        )
        entity = (await session.scalars(select(Entity).where(Entity.name == "Racer 1"))).one()
    assert articles == 1
    # The story's one mention counted once, not once per racing post.
    assert (entity.mention_count, entity.article_count) == (1, 1)


async def test_posts_ready_at_once_are_each_answered_with_their_own_article(
    live_client: httpx.AsyncClient,
    real_sessionmaker: async_sessionmaker[AsyncSession],
    admin_headers: dict[str, str],
) -> None:
    """Posts written together (new stories, and one story posted several times among
    them) still give one article a story, each answer its own article and facts."""
    bodies = [_story(n) for n in range(10, 20)] + [_story(99)] * 5
    responses = await asyncio.gather(
        *(
            live_client.post("/v1/articles?extract=false", json=body, headers=admin_headers)
            for body in bodies
        )
    )
    statuses = [r.status_code for r in responses]
    assert statuses[:10] == [201] * 10, statuses
    assert sorted(statuses[10:]) == [200, 200, 200, 200, 201], statuses
    for body, response in zip(bodies, responses, strict=True):
        answer = response.json()
        assert answer["url"] == body["url"]
        assert response.headers["location"] == f"/v1/articles/{answer['id']}"
        assert [e["name"] for e in answer["facts"]["entities"]] == [
            body["facts"]["entities"][0]["name"]  # type: ignore[index]
        ]
    assert len({r.json()["id"] for r in responses[10:]}) == 1
    async with real_sessionmaker() as session:
        stored = await session.scalar(
            select(func.count()).where(Article.url.like("https://race.example/story-%"))
        )
    assert stored == 11


async def test_concurrent_posts_sharing_entities_keep_counts(
    live_client: httpx.AsyncClient,
    real_sessionmaker: async_sessionmaker[AsyncSession],
    admin_headers: dict[str, str],
) -> None:
    """Different stories naming the same entity at once: no deadlock, no lost count."""

    def story(n: int) -> dict[str, object]:
        body = _story(n)
        body["paragraphs"] = [f"Racer Shared met Racer Other in round {n}."]
        body["facts"] = {
            "entities": [
                {
                    "name": name,
                    "type": "person",
                    "mentions": [{"paragraph_index": 0, "quote": name}],
                }
                for name in (
                    ("Racer Shared", "Racer Other") if n % 2 else ("Racer Other", "Racer Shared")
                )
            ]
        }
        return body

    responses = await asyncio.gather(
        *(
            live_client.post("/v1/articles?extract=false", json=story(n), headers=admin_headers)
            for n in range(20)
        )
    )
    assert [r.status_code for r in responses] == [201] * 20
    async with real_sessionmaker() as session:
        counts = {
            e.name: (e.mention_count, e.article_count)
            for e in (
                await session.scalars(
                    select(Entity).where(Entity.name.in_(["Racer Shared", "Racer Other"]))
                )
            ).all()
        }
    assert counts == {"Racer Shared": (20, 20), "Racer Other": (20, 20)}


async def test_concurrent_bulk_posts_of_the_same_stories_give_one_each(
    live_client: httpx.AsyncClient,
    real_sessionmaker: async_sessionmaker[AsyncSession],
    admin_headers: dict[str, str],
) -> None:
    """Retried bulk bodies racing each other: every story stored once, by one of the
    posts; the others answer its article (a batch whose stories another post stored
    since its look-up breaks the unique story key and falls back to line by line)."""
    body = "\n".join(json.dumps(_story(n)) for n in range(100, 110)).encode()
    responses = await asyncio.gather(
        *(
            live_client.post(
                "/v1/articles/bulk?extract=false",
                content=body,
                headers={**admin_headers, "Content-Type": "application/x-ndjson"},
            )
            for _ in range(5)
        )
    )
    assert [r.status_code for r in responses] == [200] * 5
    posts = [[json.loads(line) for line in r.text.splitlines()] for r in responses]
    for line in range(10):
        results = [post[line] for post in posts]
        assert sorted(r["status"] for r in results) == [200, 200, 200, 200, 201], results
        assert len({r["article_id"] for r in results}) == 1
    async with real_sessionmaker() as session:
        stored = (
            await session.execute(
                select(Article.url, func.count())
                .where(Article.url.like("https://race.example/story-1__"))
                .group_by(Article.url)
            )
        ).all()
        counts = {
            e.name: (e.mention_count, e.article_count)
            for e in await session.scalars(select(Entity).where(Entity.name.like("Racer 1__")))
        }
    assert sorted(stored) == [(f"https://race.example/story-{n}", 1) for n in range(100, 110)]
    assert counts == {f"Racer {n}": (1, 1) for n in range(100, 110)}
