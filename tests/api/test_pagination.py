"""Keyset pagination: to the end of every list, and refusal of bad cursors."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from tests.api.support import PostArticle, assert_problem


async def _walk(client: httpx.AsyncClient, path: str, **params: Any) -> list[Any]:
    """Follow next_cursor to the end; return every item id in the order served."""
    seen: list[Any] = []
    cursor: str | None = None
    for _ in range(100):
        query = dict(params)
        if cursor is not None:
            query["cursor"] = cursor
        response = await client.get(path, params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= params.get("limit", 50)
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
        assert page["items"], "a page with a next cursor must not be empty"
    raise AssertionError("pagination did not end")


@pytest.fixture
async def seven_articles(post_article: PostArticle) -> list[int]:
    """Seven articles; three share a publication time, two have none (ingestion time)."""
    dates = [
        "2025-01-01T00:00:00Z",
        "2025-02-01T00:00:00Z",
        "2025-02-01T00:00:00Z",
        "2025-02-01T00:00:00Z",
        "2025-03-01T00:00:00+01:00",
        None,
        None,
    ]
    created = []
    for n, published in enumerate(dates):
        body: dict[str, Any] = {
            "paragraphs": [f"Article number {n} about Ruritania."],
            "facts": {
                "entities": [
                    {
                        "name": f"Person {n}",
                        "type": "person",
                        "mentions": [{"paragraph_index": 0, "quote": f"number {n}"}],
                    },
                    {
                        "name": "Ruritania",
                        "type": "location",
                        "mentions": [{"paragraph_index": 0, "quote": "Ruritania"}],
                    },
                ],
                "events": [
                    {
                        "type": "statement",
                        "summary": f"Statement {n}",
                        "citations": [{"paragraph_index": 0, "quote": "about"}],
                    }
                ],
                "commitments": [
                    {
                        "actor": {"name": "Ruritania"},
                        "metric": "aid",
                        "citations": [{"paragraph_index": 0, "quote": "Ruritania"}],
                    }
                ],
            },
        }
        if published:
            body["published_at"] = published
        created.append((await post_article(body))["id"])
    return created


async def test_articles_page_to_the_end_in_order(
    client: httpx.AsyncClient, seven_articles: list[int]
) -> None:
    a = seven_articles
    # Undated ones (ingested now, later than 2025) first, newest first; ties by id, descending.
    expected = [a[6], a[5], a[4], a[3], a[2], a[1], a[0]]
    everything = (await client.get("/v1/articles")).json()
    assert [item["id"] for item in everything["items"]] == expected
    assert everything["next_cursor"] is None
    for limit in (1, 2, 3, 6, 7):
        seen = await _walk(client, "/v1/articles", limit=limit)
        assert seen == expected, limit
    # Filters hold across pages.
    filtered = await _walk(client, "/v1/articles", limit=2, until="2025-02-15T00:00:00Z")
    assert filtered == [a[3], a[2], a[1], a[0]]


async def test_fact_lists_page_to_the_end(
    client: httpx.AsyncClient, seven_articles: list[int]
) -> None:
    entities = (await client.get("/v1/entities", params={"limit": 200})).json()["items"]
    assert len(entities) == 8
    assert await _walk(client, "/v1/entities", limit=3) == [e["id"] for e in entities]

    ruritania = next(e["id"] for e in entities if e["name"] == "Ruritania")
    mentions = await _walk(client, f"/v1/entities/{ruritania}/mentions", limit=2)
    assert len(mentions) == len(set(mentions)) == 7
    assert mentions == sorted(mentions, reverse=True)

    events = await _walk(client, "/v1/events", limit=2)
    assert len(events) == len(set(events)) == 7
    assert events == sorted(events, reverse=True)

    commitments = await _walk(client, "/v1/commitments", limit=4)
    assert len(commitments) == 7
    assert commitments == sorted(commitments, reverse=True)
    assert await _walk(client, f"/v1/entities/{ruritania}/commitments", limit=3) == commitments


async def test_limits(client: httpx.AsyncClient, seven_articles: list[int]) -> None:
    for bad in ("0", "201", "-1", "ten"):
        problem = assert_problem(await client.get("/v1/articles", params={"limit": bad}), 422)
        assert problem["errors"][0]["loc"] == ["query", "limit"]
    page = (await client.get("/v1/articles", params={"limit": 200})).json()
    assert len(page["items"]) == 7
    page = (await client.get("/v1/articles", params={"limit": 7})).json()
    assert page["next_cursor"] is None


def _forge(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "!!!",
        "eyJhIjox",  # base64 of a truncated JSON object
        _forge(["articles", [{"t": "yesterday"}, 1]]),
        _forge(["articles", [{"t": "2025-01-01T00:00:00+00:00"}, "1; DROP TABLE articles"]]),
        _forge(["articles", [{"t": "2025-01-01T00:00:00+00:00"}, 99999999999999999999]]),
        _forge(["articles", [1, 2, 3]]),
        _forge({"articles": 1}),
        "x" * 512,
    ],
)
async def test_bad_cursor_is_400(
    client: httpx.AsyncClient, seven_articles: list[int], cursor: str
) -> None:
    problem = assert_problem(await client.get("/v1/articles", params={"cursor": cursor}), 400)
    assert "cursor" in problem["detail"]


async def test_too_long_cursor_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/articles", params={"cursor": "x" * 10_000})
    assert response.status_code in (400, 422)
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_cursor_from_another_list_is_400(
    client: httpx.AsyncClient, seven_articles: list[int]
) -> None:
    articles_cursor = (await client.get("/v1/articles", params={"limit": 2})).json()["next_cursor"]
    entities_cursor = (await client.get("/v1/entities", params={"limit": 2})).json()["next_cursor"]
    events_cursor = (await client.get("/v1/events", params={"limit": 2})).json()["next_cursor"]
    assert articles_cursor
    assert entities_cursor
    assert events_cursor
    for path, cursor in (
        ("/v1/entities", articles_cursor),
        ("/v1/articles", entities_cursor),
        ("/v1/events", entities_cursor),
        ("/v1/commitments", events_cursor),
        ("/v1/search", entities_cursor),
    ):
        params = (
            {"cursor": cursor, "q": "Ruritania"} if path == "/v1/search" else {"cursor": cursor}
        )
        assert_problem(await client.get(path, params=params), 400)


async def test_an_entitys_articles_page_to_the_end_once_each(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    """Articles naming an entity twice are listed once, in the list's own order."""
    dates = ["2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z", "2025-02-01T00:00:00Z", None]
    ids = []
    for n, published in enumerate(dates):
        body: dict[str, Any] = {
            "source": "Odd" if n % 2 else "Even",
            "paragraphs": [f"Zenda voted yes on bill {n}.", f"Later Zenda voted no on {n}."],
            "facts": {
                "entities": [
                    {
                        "name": "Zenda",
                        "type": "location",
                        "mentions": [
                            {"paragraph_index": 0, "quote": "Zenda"},
                            {"paragraph_index": 1, "quote": "Zenda"},
                        ],
                    }
                ]
            },
        }
        if published:
            body["published_at"] = published
        ids.append((await post_article(body))["id"])
    (zenda,) = (await client.get("/v1/entities", params={"q": "Zenda"})).json()["items"]
    expected = [ids[3], ids[2], ids[1], ids[0]]
    for limit in (1, 2, 3, 4, 50):
        assert await _walk(client, "/v1/articles", entity_id=zenda["id"], limit=limit) == expected
    # The other filters hold across pages too.
    by_source = await _walk(client, "/v1/articles", entity_id=zenda["id"], source="Even", limit=1)
    assert by_source == [ids[2], ids[0]]
    until = await _walk(
        client, "/v1/articles", entity_id=zenda["id"], until="2025-02-01T00:00:00Z", limit=1
    )
    assert until == [ids[0]]
    since = await _walk(
        client, "/v1/articles", entity_id=zenda["id"], since="2025-02-01T00:00:00Z", limit=1
    )
    assert since == [ids[3], ids[2], ids[1]]
    worded = await _walk(client, "/v1/articles", entity_id=zenda["id"], q="bill 1", limit=1)
    assert worded == [ids[1]]


async def test_an_entitys_events_page_to_the_end_once_each(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    """An event naming the entity in two roles is listed once; an event of an older
    revision of an article is not listed; the type filter holds across pages."""

    def article(n: int, types: list[str], text: str = "Zora met Zora's envoy") -> dict[str, Any]:
        return {
            "url": f"https://news.example/zora-{n}",
            "paragraphs": [f"{text}, story {n}."],
            "facts": {
                "events": [
                    {
                        "type": kind,
                        "summary": f"{kind} {n}",
                        "participants": [
                            {"name": "Zora", "type": "person", "role": "host"},
                            {"name": "Zora", "type": "person", "role": "attendee"},
                        ],
                        "citations": [{"paragraph_index": 0, "quote": "Zora met"}],
                    }
                    for kind in types
                ]
            },
        }

    posted = [await post_article(article(n, ["meeting", "statement"])) for n in range(3)]
    # A new revision of the first story replaces its two events with one.
    revised = await post_article(article(0, ["sanction"], "Zora met the envoy again"))
    assert revised["revision"] == 2
    current = [e["id"] for a in (revised, *posted[1:]) for e in a["facts"]["events"]]
    expected = sorted(current, reverse=True)
    assert len(expected) == 5
    (zora,) = (await client.get("/v1/entities", params={"q": "Zora"})).json()["items"]
    for limit in (1, 2, 3, 50):
        assert await _walk(client, f"/v1/entities/{zora['id']}/events", limit=limit) == expected
        assert await _walk(client, "/v1/events", entity_id=zora["id"], limit=limit) == expected
    meetings = await _walk(client, "/v1/events", entity_id=zora["id"], type="meeting", limit=1)
    assert meetings == sorted(
        (e["id"] for a in posted[1:] for e in a["facts"]["events"] if e["type"] == "meeting"),
        reverse=True,
    )
