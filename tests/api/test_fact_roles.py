"""Who takes part in a fact: a named participant or actor is an entity with a mention
of its own; a described one ("protesters", "the prime minister") keeps its text on
the fact and is no entity."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.support import PostArticle, assert_citation_anchored


async def _entity(client: httpx.AsyncClient, q: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = (await client.get("/v1/entities", params={"q": q})).json()[
        "items"
    ]
    return items


async def test_described_actor_keeps_its_text_and_makes_no_entity(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    text = "The prime minister pledged to spend 3% of GDP on defence by 2030."
    article = await post_article(
        {
            "paragraphs": [text],
            "facts": {
                "commitments": [
                    {
                        "actor": {"name": "prime minister"},
                        "metric": "defence spending",
                        "share_of_gdp": {"to": 3},
                        "target_year": 2030,
                        "citations": [{"paragraph_index": 0, "quote": text[:-1]}],
                    }
                ]
            },
        }
    )
    (commitment,) = article["facts"]["commitments"]
    assert commitment["actor"] == {"entity_id": None, "name": "prime minister"}
    assert await _entity(client, "prime minister") == []


async def test_described_participant_has_no_entity(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    text = "Protesters marched on the parliament of Vellmark on Sunday."
    article = await post_article(
        {
            "paragraphs": [text],
            "facts": {
                "events": [
                    {
                        "type": "other",
                        "summary": "Protesters marched on the parliament",
                        "participants": [
                            {"name": "protesters", "role": "agent"},
                            {"name": "Vellmark", "type": "location", "role": "location"},
                        ],
                        "citations": [{"paragraph_index": 0, "quote": text[:-1]}],
                    }
                ]
            },
        }
    )
    (event,) = article["facts"]["events"]
    described, place = event["participants"]
    assert described == {"entity_id": None, "name": "protesters", "role": "agent"}
    assert isinstance(place["entity_id"], int)
    assert await _entity(client, "protesters") == []
    listed = (await client.get("/v1/events", params={"entity_id": place["entity_id"]})).json()
    assert [e["id"] for e in listed["items"]] == [event["id"]]
    # The article's facts list the named participant's entity, and only it.
    facts = (await client.get(f"/v1/articles/{article['id']}/facts")).json()
    assert [e["name"] for e in facts["entities"]] == ["Vellmark"]


async def test_participant_only_entity_is_counted_with_an_exact_mention(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    text = "On Tuesday the envoy Oriane Castell arrived in the capital for talks."
    await post_article(
        {
            "paragraphs": ["Talks resume.", text],
            "facts": {
                "events": [
                    {
                        "type": "visit",
                        "summary": "Oriane Castell arrived for talks",
                        "participants": [{"name": "Oriane Castell", "role": "agent"}],
                        "citations": [{"paragraph_index": 1, "quote": "arrived in the capital"}],
                    }
                ]
            },
        }
    )
    (entity,) = await _entity(client, "castell")
    assert (entity["name"], entity["article_count"], entity["mention_count"]) == (
        "Oriane Castell",
        1,
        1,
    )
    (mention,) = (await client.get(f"/v1/entities/{entity['id']}/mentions")).json()["items"]
    assert mention["quote"] == "Oriane Castell"
    assert mention["paragraph_index"] == 1
    assert await assert_citation_anchored(client, mention) == text


async def test_actor_not_written_in_its_paragraph_is_mentioned_by_the_citation(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    # The office speaks for the country; the country's name is not in the sentence.
    text = "The finance ministry will spend 40 million euros on flood defences by 2028."
    quote = "will spend 40 million euros on flood defences by 2028"
    await post_article(
        {
            "paragraphs": [text],
            "facts": {
                "commitments": [
                    {
                        "actor": {"name": "Ostravia", "type": "location"},
                        "metric": "flood defences",
                        "amount": {"value": 40_000_000, "currency": "EUR"},
                        "target_year": 2028,
                        "citations": [{"paragraph_index": 0, "quote": quote}],
                    }
                ]
            },
        }
    )
    (entity,) = await _entity(client, "ostravia")
    assert (entity["article_count"], entity["mention_count"]) == (1, 1)
    (mention,) = (await client.get(f"/v1/entities/{entity['id']}/mentions")).json()["items"]
    assert mention["quote"] == quote
    await assert_citation_anchored(client, mention)


async def test_roles_and_mentions_in_one_article_count_it_once(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    first = "Delmora signed the accord in Ravenna."
    second = "Delmora will give 2 million euros to the fund by 2027."
    await post_article(
        {
            "paragraphs": [first, second],
            "facts": {
                "entities": [
                    {
                        "name": "Delmora",
                        "type": "location",
                        "mentions": [{"paragraph_index": 0, "quote": "Delmora"}],
                    }
                ],
                "events": [
                    {
                        "type": "agreement",
                        "summary": "Delmora signed the accord",
                        "participants": [{"name": "Delmora", "role": "agent"}],
                        "citations": [{"paragraph_index": 0, "quote": first}],
                    }
                ],
                "commitments": [
                    {
                        "actor": {"name": "Delmora"},
                        "metric": "fund",
                        "amount": {"value": 2_000_000, "currency": "EUR"},
                        "citations": [{"paragraph_index": 1, "quote": second}],
                    }
                ],
            },
        }
    )
    (entity,) = await _entity(client, "delmora")
    # Paragraph 0's mention serves the entity and the event; the pledge adds paragraph 1's.
    assert (entity["article_count"], entity["mention_count"]) == (1, 2)
    mentions = (await client.get(f"/v1/entities/{entity['id']}/mentions")).json()["items"]
    assert sorted((m["paragraph_index"], m["quote"]) for m in mentions) == [
        (0, "Delmora"),
        (1, "Delmora"),
    ]


async def test_described_participants_do_not_join_events_into_one_claim(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    for n, town in enumerate(["Harlow Bay", "Kestrel Point"]):
        text = f"Protesters blocked the port of {town} on Monday."
        await post_article(
            {
                "url": f"https://example.com/ports/{n}",
                "published_at": "2025-03-03T10:00:00Z",
                "paragraphs": [text],
                "facts": {
                    "events": [
                        {
                            "type": "other",
                            "summary": f"Protesters blocked the port of {town}",
                            "date": {"value": "2025-03-03"},
                            "participants": [{"name": "protesters", "role": "agent"}],
                            "citations": [{"paragraph_index": 0, "quote": text[:-1]}],
                        }
                    ]
                },
            }
        )
    claims = (await client.get("/v1/claims", params={"kind": "event"})).json()["items"]
    assert len(claims) == 2
    assert all(c["participants"] == [] for c in claims)


async def test_reextraction_beside_client_mentions_of_the_same_spans(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    text = "Germany pledged 5 billion euros in military aid to Ukraine on Monday."
    body = {
        "paragraphs": [text],
        "facts": {
            "entities": [
                {
                    "name": "Germany",
                    "type": "location",
                    "mentions": [{"paragraph_index": 0, "quote": "Germany"}],
                },
                {
                    "name": "Ukraine",
                    "type": "location",
                    "mentions": [{"paragraph_index": 0, "quote": "Ukraine"}],
                },
            ],
            "events": [
                {
                    "type": "aid",
                    "summary": "Germany pledged aid to Ukraine",
                    "participants": [{"name": "Germany", "role": "agent"}],
                    "citations": [{"paragraph_index": 0, "quote": "Germany pledged"}],
                }
            ],
        },
    }
    created = await client.post("/v1/articles", json=body, headers=admin_headers)
    assert created.status_code == 201, created.text
    article_id = created.json()["id"]

    async def counts() -> dict[str, tuple[int, int]]:
        found = (await client.get("/v1/entities", params={"limit": 100})).json()["items"]
        return {e["name"]: (e["article_count"], e["mention_count"]) for e in found}

    before = await counts()
    assert before["Germany"] == (1, 1)
    assert before["Ukraine"] == (1, 1)
    for _ in range(2):
        again = await client.post(f"/v1/articles/{article_id}/extract", headers=admin_headers)
        assert again.status_code == 200, again.text
        assert await counts() == before


async def test_extracted_article_lists_only_named_entities_with_mentions(
    client: httpx.AsyncClient, admin_headers: dict[str, str], sample_text: str
) -> None:
    response = await client.post(
        "/v1/articles",
        json={"text": sample_text, "published_at": "2025-07-01T08:00:00Z"},
        headers=admin_headers,
    )
    assert response.status_code == 201, response.text
    facts = response.json()["facts"]
    assert facts["events"] and facts["commitments"]
    entities = (await client.get("/v1/entities", params={"limit": 200})).json()["items"]
    assert entities
    for entity in entities:
        assert entity["mention_count"] >= 1, entity
        assert entity["article_count"] == 1, entity
        assert any(ch.isupper() for ch in entity["name"]), entity
    ids = {e["id"] for e in entities}
    roles = [p["entity_id"] for e in facts["events"] for p in e["participants"]]
    roles += [c["actor"]["entity_id"] for c in facts["commitments"] if c["actor"]]
    assert {r for r in roles if r is not None} <= ids
