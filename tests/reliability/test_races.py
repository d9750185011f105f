"""Concurrent revisions of one story: one current revision, counts that add up."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import text

from tests.fixtures.app import MakeApp
from tests.reliability.conftest import ENTITY_PREFIX, URL_PREFIX

pytestmark = pytest.mark.slow  # dozens of racing requests, ten rounds

REVISIONS = 12
URL = URL_PREFIX + "revised"


def _revision(n: int) -> dict[str, Any]:
    name = f"{ENTITY_PREFIX}Reviser"
    return {
        "url": URL,
        "paragraphs": [f"{name} pledged {n} million.", f"Version {n} of the story."],
        "facts": {
            "entities": [
                {
                    "name": name,
                    "type": "person",
                    "mentions": [{"paragraph_index": 0, "quote": name}],
                }
            ],
            "commitments": [
                {
                    "actor": {"name": name},
                    "metric": f"aid version {n}",
                    "citations": [{"paragraph_index": 0, "quote": f"pledged {n} million"}],
                }
            ],
        },
    }


CONSISTENCY = """
SELECT a.revision,
       (SELECT count(*) FROM article_revisions r WHERE r.article_id = a.id) AS revisions,
       (SELECT count(DISTINCT p.revision_id) FROM paragraphs p
         WHERE p.article_id = a.id AND p.is_current) AS current_revisions,
       (SELECT count(*) FROM paragraphs p WHERE p.article_id = a.id AND p.is_current)
         AS current_paragraphs,
       (SELECT count(*) FROM commitments c WHERE c.article_id = a.id AND c.is_current)
         AS current_commitments,
       (SELECT count(*) FROM mentions m WHERE m.article_id = a.id AND m.is_current)
         AS current_mentions
FROM articles a WHERE a.url = :url
"""


async def test_concurrent_revisions_leave_one_current_revision(
    make_app: MakeApp, admin_headers: dict[str, str]
) -> None:
    async with make_app(commits=True, db_pool_size=20, db_max_overflow=10) as live:
        client, engines = live.client, live.engines
        responses = await asyncio.gather(
            *(
                client.post("/v1/articles?extract=false", json=_revision(n), headers=admin_headers)
                for n in range(REVISIONS)
            )
        )
        # Every text differs from whatever was current when it landed: each is a revision.
        assert [r.status_code for r in responses] == [201] * REVISIONS, [
            r.text for r in responses if r.status_code != 201
        ]
        assert len({r.json()["id"] for r in responses}) == 1
        assert sorted(r.json()["revision"] for r in responses) == list(range(1, REVISIONS + 1))

        async with engines.writes.connect() as conn:
            (row,) = (await conn.execute(text(CONSISTENCY), {"url": URL})).all()
        assert row.revision == row.revisions == REVISIONS
        assert row.current_revisions == 1
        assert (row.current_paragraphs, row.current_commitments, row.current_mentions) == (2, 1, 1)

        # The API serves the last revision, whole: its paragraphs and its own facts.
        article_id = responses[0].json()["id"]
        latest = next(r.json() for r in responses if r.json()["revision"] == REVISIONS)
        article = (await client.get(f"/v1/articles/{article_id}")).json()
        assert [p["text"] for p in article["paragraphs"]] == [
            p["text"] for p in latest["paragraphs"]
        ]
        facts = (await client.get(f"/v1/articles/{article_id}/facts")).json()
        (commitment,) = facts["commitments"]
        version = latest["paragraphs"][1]["text"].split()[1]
        assert commitment["metric"] == f"aid version {version}"
        entities = (await client.get("/v1/entities", params={"q": "Reliant Reviser"})).json()
        (entity,) = entities["items"]
        assert (entity["mention_count"], entity["article_count"]) == (1, 1)


ROUNDS = 10
RACERS = 5


async def test_revisions_racing_deletes_answer_201_200_or_409(
    make_app: MakeApp, admin_headers: dict[str, str]
) -> None:
    """5 revisions and 5 DELETEs of one story at once, 10 rounds: a revision whose story
    is deleted under it was a 500 (the stored row vanished between two statements)."""
    url = URL_PREFIX + "revised-and-deleted"
    posts: list[int] = []
    async with make_app(commits=True, db_pool_size=20, db_max_overflow=10) as live:
        client, engines = live.client, live.engines
        for round_ in range(ROUNDS):
            first = await client.post(
                "/v1/articles?extract=false",
                json={**_revision(round_ * 100), "url": url},
                headers=admin_headers,
            )
            assert first.status_code in (200, 201), first.text
            article_id = first.json()["id"]
            answers = await asyncio.gather(
                *(
                    client.post(
                        "/v1/articles?extract=false",
                        json={**_revision(round_ * 100 + n + 1), "url": url},
                        headers=admin_headers,
                    )
                    for n in range(RACERS)
                ),
                *(
                    client.delete(f"/v1/articles/{article_id}", headers=admin_headers)
                    for _ in range(RACERS)
                ),
            )
            for response in answers[:RACERS]:
                posts.append(response.status_code)
                assert response.status_code in (200, 201, 409), response.text
                if response.status_code == 409:
                    assert response.headers["content-type"].startswith("application/problem")
            deletes = [r.status_code for r in answers[RACERS:]]
            assert set(deletes) <= {204, 404}, deletes
            assert 204 in deletes
            # Whatever won, what is stored is whole: at most one story, one current revision.
            async with engines.writes.connect() as conn:
                rows = (await conn.execute(text(CONSISTENCY), {"url": url})).all()
            assert len(rows) <= 1
            for row in rows:
                assert row.revision == row.revisions
                assert row.current_revisions == 1
                assert (row.current_paragraphs, row.current_commitments) == (2, 1)
    assert posts.count(201) > 0, posts
