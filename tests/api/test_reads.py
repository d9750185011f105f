"""Every read endpoint of the contract, with its filters."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.support import PostArticle, assert_problem, ids
from tests.fixtures.app import MakeApp


def _cite(index: int, quote: str) -> list[dict[str, Any]]:
    return [{"paragraph_index": index, "quote": quote}]


@pytest.fixture
async def corpus(post_article: PostArticle) -> dict[str, Any]:
    """Three articles from two sources, with entities, events and commitments."""
    berlin = await post_article(
        {
            "url": "https://a.example/berlin",
            "source": "Alpha Times",
            "published_at": "2025-01-10T08:00:00Z",
            "title": "Germany budget",
            "paragraphs": [
                "Germany pledged 100 billion euros for its armed forces.",
                "Chancellor Olaf Scholz met Mark Rutte in Berlin on 12 January.",
            ],
            "facts": {
                "entities": [
                    {
                        "name": "Germany",
                        "type": "location",
                        "aliases": ["Federal Republic of Germany"],
                        "mentions": _cite(0, "Germany"),
                    },
                    {"name": "Olaf Scholz", "type": "person", "mentions": _cite(1, "Olaf Scholz")},
                    {"name": "Mark Rutte", "type": "person", "mentions": _cite(1, "Mark Rutte")},
                ],
                "events": [
                    {
                        "type": "meeting",
                        "summary": "Scholz meets Rutte",
                        "date": {"value": "2025-01-12"},
                        "participants": [
                            {"name": "Olaf Scholz", "role": "host"},
                            {"name": "Mark Rutte", "role": "guest"},
                        ],
                        "citations": _cite(1, "met Mark Rutte in Berlin on 12 January"),
                    }
                ],
                "commitments": [
                    {
                        "actor": {"name": "Germany"},
                        "metric": "armed forces fund",
                        "amount": {"value": 100e9, "currency": "EUR"},
                        "status": "pledged",
                        "citations": _cite(0, "pledged 100 billion euros"),
                    }
                ],
            },
        }
    )
    london = await post_article(
        {
            "url": "https://b.example/london",
            "source": "Beta Post",
            "published_at": "2025-03-05T12:00:00Z",
            "title": "UK defence",
            "paragraphs": [
                "The United Kingdom will raise defence spending to 2.5% of GDP by 2027.",
                "Keir Starmer announced the sanctions on 4 March.",
            ],
            "facts": {
                "entities": [
                    {
                        "name": "United Kingdom",
                        "type": "location",
                        "aliases": ["UK"],
                        "mentions": _cite(0, "United Kingdom"),
                    },
                    {
                        "name": "Keir Starmer",
                        "type": "person",
                        "mentions": _cite(1, "Keir Starmer"),
                    },
                ],
                "events": [
                    {
                        "type": "sanction",
                        "summary": "UK sanctions",
                        "date": {"value": "2025-03-04"},
                        "participants": [{"name": "Keir Starmer", "role": "announcer"}],
                        "citations": _cite(1, "announced the sanctions"),
                    }
                ],
                "commitments": [
                    {
                        "actor": {"name": "United Kingdom"},
                        "metric": "defence spending",
                        "share_of_gdp": {"to": 2.5},
                        "target_year": 2027,
                        "citations": _cite(0, "raise defence spending to 2.5% of GDP by 2027"),
                    }
                ],
            },
        }
    )
    paris = await post_article(
        {
            "url": "https://a.example/paris",
            "source": "Alpha Times",
            "published_at": "2025-06-01T00:00:00Z",
            "paragraphs": [
                "France and Germany agreed to spend 3 billion dollars on drones by 2027.",
            ],
            "facts": {
                "entities": [
                    {"name": "Germany", "type": "location", "mentions": _cite(0, "Germany")},
                ],
                "commitments": [
                    {
                        "actor": {"name": "France", "type": "location"},
                        "metric": "drone procurement",
                        "amount": {"value": 3e9, "currency": "USD"},
                        "target_year": 2027,
                        "citations": _cite(0, "spend 3 billion dollars on drones by 2027"),
                    }
                ],
            },
        }
    )
    return {"berlin": berlin, "london": london, "paris": paris}


def _entity_id(article: dict[str, Any], name: str) -> int:
    (found,) = [e["id"] for e in article["facts"]["entities"] if e["name"] == name]
    return int(found)


async def _items(client: httpx.AsyncClient, path: str, **params: Any) -> list[dict[str, Any]]:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["next_cursor"] is None
    items: list[dict[str, Any]] = page["items"]
    return items


async def test_list_articles_and_filters(client: httpx.AsyncClient, corpus: dict[str, Any]) -> None:
    berlin, london, paris = corpus["berlin"]["id"], corpus["london"]["id"], corpus["paris"]["id"]
    # Newest (by publication) first.
    assert [a["id"] for a in await _items(client, "/v1/articles")] == [paris, london, berlin]
    listed = (await _items(client, "/v1/articles"))[2]
    assert listed["title"] == "Germany budget"
    assert listed["source"] == "Alpha Times"
    assert listed["paragraph_count"] == 2
    assert "paragraphs" not in listed

    assert [a["id"] for a in await _items(client, "/v1/articles", source="Alpha Times")] == [
        paris,
        berlin,
    ]
    assert await _items(client, "/v1/articles", source="Gamma") == []
    since = await _items(client, "/v1/articles", since="2025-03-05T12:00:00Z")
    assert [a["id"] for a in since] == [paris, london]  # inclusive
    until = await _items(client, "/v1/articles", until="2025-03-05T12:00:00Z")
    assert [a["id"] for a in until] == [berlin]  # exclusive
    window = await _items(
        client, "/v1/articles", since="2025-01-01T00:00:00Z", until="2025-04-01T00:00:00+02:00"
    )
    assert [a["id"] for a in window] == [london, berlin]

    germany = _entity_id(corpus["berlin"], "Germany")
    by_entity = await _items(client, "/v1/articles", entity_id=germany)
    assert [a["id"] for a in by_entity] == [paris, berlin]
    starmer = _entity_id(corpus["london"], "Keir Starmer")
    assert [a["id"] for a in await _items(client, "/v1/articles", entity_id=starmer)] == [london]

    assert [a["id"] for a in await _items(client, "/v1/articles", q="drones")] == [paris]
    # English stemming: "sanction" finds "sanctions".
    assert [a["id"] for a in await _items(client, "/v1/articles", q="sanction")] == [london]
    assert [a["id"] for a in await _items(client, "/v1/articles", q="Germany")] == [paris, berlin]
    assert await _items(client, "/v1/articles", q="submarine") == []
    combined = await _items(
        client, "/v1/articles", q="Germany", source="Alpha Times", until="2025-02-01T00:00:00Z"
    )
    assert [a["id"] for a in combined] == [berlin]


async def test_article_detail_facts_and_paragraph(
    client: httpx.AsyncClient, corpus: dict[str, Any]
) -> None:
    posted = corpus["berlin"]
    detail = (await client.get(f"/v1/articles/{posted['id']}")).json()
    assert detail["url"] == "https://a.example/berlin"
    assert detail["published_at"].startswith("2025-01-10T08:00:00")
    assert [p["text"] for p in detail["paragraphs"]] == [p["text"] for p in posted["paragraphs"]]

    facts = (await client.get(f"/v1/articles/{posted['id']}/facts")).json()
    assert {e["name"] for e in facts["entities"]} >= {"Germany", "Olaf Scholz", "Mark Rutte"}
    assert [e["summary"] for e in facts["events"]] == ["Scholz meets Rutte"]
    assert [c["metric"] for c in facts["commitments"]] == ["armed forces fund"]

    paragraph = detail["paragraphs"][1]
    got = (await client.get(f"/v1/paragraphs/{paragraph['id']}")).json()
    assert got == paragraph
    assert got["article_id"] == posted["id"]
    assert got["index"] == 1

    for path in (
        "/v1/articles/999999",
        "/v1/articles/999999/facts",
        "/v1/paragraphs/999999",
        "/v1/entities/999999",
        "/v1/entities/999999/mentions",
        "/v1/entities/999999/events",
        "/v1/entities/999999/commitments",
        "/v1/events/999999",
        "/v1/commitments/999999",
    ):
        problem = assert_problem(await client.get(path), 404)
        assert problem["instance"] == path


async def test_entities_list_filters_and_subresources(
    client: httpx.AsyncClient, corpus: dict[str, Any]
) -> None:
    berlin = corpus["berlin"]
    germany = _entity_id(berlin, "Germany")
    rutte = _entity_id(berlin, "Mark Rutte")
    scholz = _entity_id(berlin, "Olaf Scholz")

    everything = await _items(client, "/v1/entities")
    assert ids({"items": everything}) == sorted(ids({"items": everything}), reverse=True)
    names = {e["name"] for e in everything}
    assert {"Germany", "Mark Rutte", "Olaf Scholz", "United Kingdom", "Keir Starmer"} <= names

    people = await _items(client, "/v1/entities", type="person")
    assert {e["name"] for e in people} == {"Mark Rutte", "Olaf Scholz", "Keir Starmer"}
    assert {e["type"] for e in await _items(client, "/v1/entities", type="location")} == {
        "location"
    }

    # q: word prefixes of the name or an alias, case-insensitive.
    assert [e["id"] for e in await _items(client, "/v1/entities", q="rut")] == [rutte]
    assert [e["id"] for e in await _items(client, "/v1/entities", q="Mark Rut")] == [rutte]
    assert [e["id"] for e in await _items(client, "/v1/entities", q="ger")] == [germany]
    assert [e["id"] for e in await _items(client, "/v1/entities", q="federal repub")] == [germany]
    uk = _entity_id(corpus["london"], "United Kingdom")
    assert [e["id"] for e in await _items(client, "/v1/entities", q="UK")] == [uk]
    assert await _items(client, "/v1/entities", q="utte") == []  # not a word prefix
    assert await _items(client, "/v1/entities", q="rut", type="location") == []
    assert await _items(client, "/v1/entities", q="?!") == []

    entity = (await client.get(f"/v1/entities/{germany}")).json()
    assert entity["name"] == "Germany"
    assert entity["aliases"] == ["Federal Republic of Germany"]
    assert entity["mention_count"] == 2
    assert entity["article_count"] == 2

    mentions = await _items(client, f"/v1/entities/{germany}/mentions")
    assert sorted(m["article_id"] for m in mentions) == sorted(
        [berlin["id"], corpus["paris"]["id"]]
    )
    assert all(m["quote"] == "Germany" for m in mentions)

    events = await _items(client, f"/v1/entities/{scholz}/events")
    assert [e["summary"] for e in events] == ["Scholz meets Rutte"]
    assert await _items(client, f"/v1/entities/{germany}/events") == []

    commitments = await _items(client, f"/v1/entities/{germany}/commitments")
    assert [c["metric"] for c in commitments] == ["armed forces fund"]
    assert commitments[0]["actor"] == {"entity_id": germany, "name": "Germany"}
    assert await _items(client, f"/v1/entities/{rutte}/commitments") == []

    assert_problem(await client.get("/v1/entities", params={"type": "planet"}), 422)


async def test_events_list_filters_and_detail(
    client: httpx.AsyncClient, corpus: dict[str, Any]
) -> None:
    (meeting,) = corpus["berlin"]["facts"]["events"]
    (sanction,) = corpus["london"]["facts"]["events"]
    assert [e["id"] for e in await _items(client, "/v1/events")] == [sanction["id"], meeting["id"]]

    rutte = _entity_id(corpus["berlin"], "Mark Rutte")
    assert [e["id"] for e in await _items(client, "/v1/events", entity_id=rutte)] == [meeting["id"]]
    assert [e["id"] for e in await _items(client, "/v1/events", type="sanction")] == [
        sanction["id"]
    ]
    assert await _items(client, "/v1/events", type="election") == []
    assert [
        e["id"] for e in await _items(client, "/v1/events", article_id=corpus["berlin"]["id"])
    ] == [meeting["id"]]
    assert await _items(client, "/v1/events", article_id=corpus["paris"]["id"]) == []
    assert [e["id"] for e in await _items(client, "/v1/events", since="2025-03-04")] == [
        sanction["id"]
    ]
    assert [e["id"] for e in await _items(client, "/v1/events", until="2025-03-04")] == [
        meeting["id"]
    ]
    assert await _items(client, "/v1/events", since="2025-01-13", until="2025-03-04") == []

    got = (await client.get(f"/v1/events/{meeting['id']}")).json()
    assert got == meeting
    assert got["date"] == {"value": "2025-01-12", "precision": "day"}
    assert [p["role"] for p in got["participants"]] == ["host", "guest"]
    assert got["participants"][1]["entity_id"] == rutte
    assert got["citations"][0]["quote"] == "met Mark Rutte in Berlin on 12 January"

    assert_problem(await client.get("/v1/events", params={"since": "12 January"}), 422)


async def test_commitments_list_filters_and_detail(
    client: httpx.AsyncClient, corpus: dict[str, Any]
) -> None:
    (fund,) = corpus["berlin"]["facts"]["commitments"]
    (uk,) = corpus["london"]["facts"]["commitments"]
    (drones,) = corpus["paris"]["facts"]["commitments"]
    every = [c["id"] for c in await _items(client, "/v1/commitments")]
    assert every == [drones["id"], uk["id"], fund["id"]]

    async def found(**params: Any) -> list[int]:
        return [c["id"] for c in await _items(client, "/v1/commitments", **params)]

    assert await found(actor_id=fund["actor"]["entity_id"]) == [fund["id"]]
    assert await found(article_id=corpus["london"]["id"]) == [uk["id"]]
    assert await found(currency="EUR") == [fund["id"]]
    assert await found(currency="USD") == [drones["id"]]
    assert await found(currency="GBP") == []
    assert await found(target_year=2027) == [drones["id"], uk["id"]]
    assert await found(target_year=2027, currency="USD") == [drones["id"]]
    assert await found(q="drone") == [drones["id"]]
    assert await found(q="defence spending") == [uk["id"]]
    assert await found(q="Germany") == [fund["id"]]  # the actor's name
    assert await found(q="submarines") == []

    got = (await client.get(f"/v1/commitments/{uk['id']}")).json()
    assert got == uk
    assert got["share_of_gdp"] == {"from": None, "to": 2.5}
    assert got["amount"] is None
    assert got["target_year"] == 2027
    assert got["actor"]["name"] == "United Kingdom"
    assert got["actor"]["entity_id"] == _entity_id(corpus["london"], "United Kingdom")
    assert (await client.get(f"/v1/commitments/{fund['id']}")).json()["amount"] == {
        "value": 100e9,
        "currency": "EUR",
    }

    assert_problem(await client.get("/v1/commitments", params={"currency": "eur"}), 422)
    assert_problem(await client.get("/v1/commitments", params={"target_year": "soon"}), 422)


async def test_search_best_first_with_highlighted_escaped_snippets(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    article = await post_article(
        {
            "paragraphs": [
                "Drones, drones and more drones: the <b>drone</b> budget & its critics.",
                "A paragraph about tanks, with one mention of drones.",
                "Nothing relevant here.",
                "Drones, drones and more drones: the <b>drone</b> budget & its critics.",
            ]
        }
    )
    response = await client.get("/v1/search", params={"q": "drones"})
    assert response.status_code == 200, response.text
    page = response.json()
    hits = page["items"]
    # The repeated paragraph is not a second hit; the unrelated one is no hit.
    assert [h["paragraph"]["index"] for h in hits] == [0, 1]
    assert hits[0]["score"] > hits[1]["score"]
    assert hits[0]["article"]["id"] == article["id"]
    assert hits[0]["paragraph"]["text"] == article["paragraphs"][0]["text"]
    snippet = hits[0]["snippet"]
    assert "<mark>" in snippet
    assert "</mark>" in snippet
    assert "&lt;b&gt;" in snippet
    assert "<b>" not in snippet
    assert "&amp;" in snippet
    # Outside the <mark> tags there is no raw markup.
    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")

    assert (await client.get("/v1/search", params={"q": "submarine"})).json()["items"] == []
    assert_problem(await client.get("/v1/search"), 422)
    assert_problem(await client.get("/v1/search", params={"q": ""}), 422)
    # Web-search syntax never fails on odd input.
    odd = await client.get("/v1/search", params={"q": '"drones -( or &|!:*'})
    assert odd.status_code == 200, odd.text


async def test_search_pages_to_the_end(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    # Several hits of equal rank and several of different ranks.
    texts = [f"Item {n}: drones." for n in range(4)] + [
        "drones drones.",
        "drones drones drones.",
        "drones in passing, among many other words about tanks and ships.",
    ]
    await post_article({"paragraphs": texts})
    first = (await client.get("/v1/search", params={"q": "drones", "limit": 50})).json()
    assert first["next_cursor"] is None
    expected = [h["paragraph"]["id"] for h in first["items"]]
    assert len(expected) == len(texts)
    scores = [h["score"] for h in first["items"]]
    assert scores == sorted(scores, reverse=True)

    assert await _hit_ids_page_by_page(client, "drones", limit=2, pages=20) == expected


async def _hit_ids_page_by_page(
    client: httpx.AsyncClient, q: str, *, limit: int, pages: int
) -> list[int]:
    """The paragraph ids of the hits, following `next_cursor` for up to `pages` pages."""
    seen: list[int] = []
    cursor = None
    for _ in range(pages):
        params: dict[str, Any] = {"q": q, "limit": limit}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/v1/search", params=params)).json()
        seen += [h["paragraph"]["id"] for h in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    return seen


async def test_health(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok"}


async def test_openapi_is_served(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    assert "/v1/articles" in schema["paths"]
    assert "/v1/search" in schema["paths"]


async def test_entities_named_only_as_participant_or_actor_are_found_by_q(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    article = await post_article(
        {
            "paragraphs": ["Sylvania pledged aid; Rufus Firefly hosted the talks."],
            "facts": {
                "events": [
                    {
                        "type": "meeting",
                        "summary": "Talks",
                        "participants": [
                            {"name": "Rufus Firefly", "type": "person", "role": "host"}
                        ],
                        "citations": _cite(0, "hosted the talks"),
                    }
                ],
                "commitments": [
                    {
                        "actor": {"name": "Sylvania", "type": "location"},
                        "metric": "aid",
                        "citations": _cite(0, "Sylvania pledged aid"),
                    }
                ],
            },
        }
    )
    (event,) = article["facts"]["events"]
    (commitment,) = article["facts"]["commitments"]
    firefly = event["participants"][0]["entity_id"]
    sylvania = commitment["actor"]["entity_id"]
    assert [e["id"] for e in await _items(client, "/v1/entities", q="rufus")] == [firefly]
    assert [e["id"] for e in await _items(client, "/v1/entities", q="sylv")] == [sylvania]


async def test_search_ranks_the_window_of_newest_matches(
    client: httpx.AsyncClient, make_app: MakeApp, post_article: PostArticle
) -> None:
    # The oldest match is the best by rank, but falls outside a window of 50.
    texts = ["Drones, drones, drones and drones."] + [f"Drones {n} once." for n in range(59)]
    posted = await post_article({"paragraphs": texts})
    ids_ = [p["id"] for p in posted["paragraphs"]]
    newest = sorted(ids_, reverse=True)[:50]

    async with make_app(search_window=50) as windowed:
        seen = await _hit_ids_page_by_page(windowed.client, "drones", limit=20, pages=10)
    assert sorted(seen, reverse=True) == newest
    assert ids_[0] not in seen

    # The default window (500) holds them all, the best first.
    page = (await client.get("/v1/search", params={"q": "drones", "limit": 200})).json()
    assert page["items"][0]["paragraph"]["id"] == ids_[0]
    assert len(page["items"]) == len(texts)
