"""Facts supplied by the client: quotes located exactly, entities resolved across articles."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.support import PostArticle, assert_citation_anchored, assert_problem


def _cite(index: int, quote: str) -> dict[str, Any]:
    return {"paragraph_index": index, "quote": quote}


def _entity(name: str, kind: str, *cites: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "mentions": list(cites), **extra}


def _by_name(items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    found = [item for item in items if item["name"] == name]
    assert len(found) == 1, (name, items)
    return found[0]


def sample_facts() -> dict[str, Any]:
    return {
        "entities": [
            _entity(
                "Mark Rutte",
                "person",
                _cite(0, "NATO Secretary General Mark Rutte"),
                _cite(1, "Rutte"),
            ),
            _entity(
                "North Atlantic Treaty Organization",
                "organization",
                _cite(0, "North Atlantic Treaty Organization (NATO)"),
                aliases=["NATO"],
            ),
        ],
        "events": [
            {
                "type": "meeting",
                "summary": "NATO summit in Brussels",
                "date": {"value": "2025-06-24"},
                "participants": [
                    {"name": "Mark Rutte", "role": "host"},
                    {"name": "Donald Trump", "type": "person", "role": "attendee"},
                ],
                "citations": [_cite(2, "At NATO's headquarters in Brussels")],
            }
        ],
        "commitments": [
            {
                "actor": {"name": "NATO member states", "type": "group"},
                "metric": "defense spending",
                "amount": {"value": "1500000000", "currency": "EUR"},
                "share_of_gdp": {"from": 2, "to": 5},
                "target_year": 2035,
                "period": "annual",
                "status": "agreed",
                "citations": [
                    # Paragraph 4 repeats paragraph 1: the citation lands on paragraph 1.
                    _cite(4, "increase defense spending from 2% to 5% of GDP by 2035")
                ],
            }
        ],
    }


async def test_facts_are_stored_with_exact_citations(
    client: httpx.AsyncClient, post_article: PostArticle, sample_text: str
) -> None:
    article = await post_article({"text": sample_text, "facts": sample_facts()})
    paragraphs = article["paragraphs"]
    facts = article["facts"]

    (commitment,) = facts["commitments"]
    assert commitment["actor"]["name"] == "NATO member states"
    assert commitment["actor"]["entity_id"] is not None
    assert commitment["metric"] == "defense spending"
    assert commitment["amount"] == {"value": 1.5e9, "currency": "EUR"}
    assert commitment["share_of_gdp"] == {"from": 2.0, "to": 5.0}
    assert commitment["target_year"] == 2035
    assert commitment["period"] == "annual"
    assert commitment["status"] == "agreed"
    assert commitment["article_id"] == article["id"]
    assert commitment["provenance"]["origin"] == "client"
    (citation,) = commitment["citations"]
    assert citation["paragraph_index"] == 1
    assert citation["paragraph_id"] == paragraphs[1]["id"]
    assert citation["quote"] == "increase defense spending from 2% to 5% of GDP by 2035"
    await assert_citation_anchored(client, citation)

    (event,) = facts["events"]
    assert event["type"] == "meeting"
    assert event["summary"] == "NATO summit in Brussels"
    assert event["date"] == {"value": "2025-06-24", "precision": "day"}
    assert [(p["name"], p["role"]) for p in event["participants"]] == [
        ("Mark Rutte", "host"),
        ("Donald Trump", "attendee"),
    ]
    for citation in event["citations"]:
        await assert_citation_anchored(client, citation)
    # The citation starts the paragraph: no prefix.
    assert event["citations"][0]["start"] == 0
    assert event["citations"][0]["prefix"] == ""

    rutte = _by_name(facts["entities"], "Mark Rutte")
    assert rutte["type"] == "person"
    # Two mentions given, and the event's participant: paragraph 2 names him by surname.
    assert rutte["mention_count"] == 3
    assert rutte["article_count"] == 1
    # The participant "Mark Rutte" is the same entity as the mentioned one.
    assert event["participants"][0]["entity_id"] == rutte["id"]
    nato = _by_name(facts["entities"], "North Atlantic Treaty Organization")
    assert nato["aliases"] == ["NATO"]

    mentions = (await client.get(f"/v1/entities/{rutte['id']}/mentions")).json()["items"]
    assert sorted((m["paragraph_index"], m["quote"]) for m in mentions) == [
        (0, "NATO Secretary General Mark Rutte"),
        (1, "Rutte"),
        (2, "Rutte"),
    ]
    for mention in mentions:
        assert mention["entity_id"] == rutte["id"]
        await assert_citation_anchored(client, mention)

    # GET /v1/articles/{id}/facts answers the same facts.
    stored = (await client.get(f"/v1/articles/{article['id']}/facts")).json()
    assert stored == facts


async def test_quote_in_repeated_paragraph_cites_first_occurrence(
    client: httpx.AsyncClient, post_article: PostArticle, sample_text: str
) -> None:
    article = await post_article(
        {
            "text": sample_text,
            "facts": {
                "entities": [
                    _entity("Iran", "location", _cite(5, "Iran"), _cite(2, "Iran")),
                ]
            },
        }
    )
    (iran,) = article["facts"]["entities"]
    # Both cites name the same span of paragraph 2: one mention.
    assert iran["mention_count"] == 1
    (mention,) = (await client.get(f"/v1/entities/{iran['id']}/mentions")).json()["items"]
    assert mention["paragraph_index"] == 2
    assert mention["paragraph_id"] == article["paragraphs"][2]["id"]
    await assert_citation_anchored(client, mention)


async def test_tolerant_matching_stores_the_paragraphs_own_characters(
    client: httpx.AsyncClient, post_article: PostArticle, sample_text: str
) -> None:
    ascii_quote = 'the secretary general\'s "firm but fair" manner'
    spaced_quote = "increase   defense\nspending  from 2%"
    article = await post_article(
        {
            "text": sample_text,
            "facts": {
                "events": [
                    {
                        "type": "statement",
                        "summary": "Trump praises Rutte's manner",
                        "citations": [_cite(2, ascii_quote), _cite(1, spaced_quote)],
                    }
                ]
            },
        }
    )
    (event,) = article["facts"]["events"]
    assert event["date"] is None
    first, second = event["citations"]
    assert first["quote"] == "the secretary general\u2019s \u201cfirm but fair\u201d manner"
    assert second["quote"] == "increase defense spending from 2%"
    for citation in event["citations"]:
        await assert_citation_anchored(client, citation)


async def test_unfindable_quote_is_422_naming_it_and_nothing_is_stored(
    client: httpx.AsyncClient, admin_headers: dict[str, str], sample_text: str
) -> None:
    facts = sample_facts()
    facts["commitments"][0]["citations"].append(_cite(1, "raise taxes to 10% of GDP"))
    response = await client.post(
        "/v1/articles?extract=false",
        json={"text": sample_text, "facts": facts},
        headers=admin_headers,
    )
    problem = assert_problem(response, 422)
    assert "raise taxes to 10% of GDP" in problem["detail"]
    (error,) = problem["errors"]
    assert error["loc"] == ["body", "facts", "commitments", 0, "citations", 1, "quote"]
    assert "raise taxes to 10% of GDP" in error["msg"]

    assert (await client.get("/v1/articles")).json()["items"] == []
    assert (await client.get("/v1/entities")).json()["items"] == []
    assert (await client.get("/v1/commitments")).json()["items"] == []
    assert (await client.get("/v1/events")).json()["items"] == []


async def test_every_bad_quote_and_missing_paragraph_is_named(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    body = {
        "paragraphs": ["Alpha beta.", "Gamma delta."],
        "facts": {
            "entities": [_entity("Alpha", "other", _cite(0, "Alpha"), _cite(1, "Zeta"))],
            "events": [{"type": "other", "summary": "s", "citations": [_cite(7, "Alpha")]}],
        },
    }
    response = await client.post("/v1/articles?extract=false", json=body, headers=admin_headers)
    problem = assert_problem(response, 422)
    locs = [e["loc"] for e in problem["errors"]]
    assert locs == [
        ["body", "facts", "entities", 0, "mentions", 1, "quote"],
        ["body", "facts", "events", 0, "citations", 0, "paragraph_index"],
    ]
    assert (await client.get("/v1/articles")).json()["items"] == []


async def test_facts_validation(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    async def post(facts: dict[str, Any]) -> httpx.Response:
        return await client.post(
            "/v1/articles?extract=false",
            json={"paragraphs": ["Alpha spends 2% by 2030."], "facts": facts},
            headers=admin_headers,
        )

    cite = [_cite(0, "Alpha")]
    bad = [
        {"entities": [{"name": "Alpha", "type": "planet", "mentions": cite}]},
        {"entities": [{"name": "Alpha", "type": "other", "mentions": []}]},
        {"events": [{"type": "other", "summary": "s", "citations": []}]},
        {
            "events": [
                {"type": "other", "summary": "s", "date": {"value": "2025-13"}, "citations": cite}
            ]
        },
        {
            "events": [
                {
                    "type": "other",
                    "summary": "s",
                    "date": {"value": "2025", "precision": "day"},
                    "citations": cite,
                }
            ]
        },
        {
            "commitments": [
                {"metric": "m", "citations": cite, "amount": {"value": 1, "currency": "euro"}}
            ]
        },
        {"commitments": [{"metric": "m", "citations": cite, "target_year": 99999}]},
        {"commitments": [{"metric": "m", "citations": cite, "status": "maybe"}]},
        {"commitments": [{"metric": "m", "citations": cite, "surprise": 1}]},
    ]
    for facts in bad:
        response = await post(facts)
        problem = assert_problem(response, 422)
        assert problem["errors"], facts
    assert (await client.get("/v1/articles")).json()["items"] == []


async def test_entities_resolve_across_articles_by_normalised_name(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    a = await post_article(
        {
            "paragraphs": ["The U.S. said so."],
            "facts": {"entities": [_entity("U.S.", "location", _cite(0, "U.S."))]},
        }
    )
    b = await post_article(
        {
            "paragraphs": ["The US agreed."],
            "facts": {"entities": [_entity("US", "location", _cite(0, "US"))]},
        }
    )
    (us_a,) = a["facts"]["entities"]
    (us_b,) = b["facts"]["entities"]
    assert us_a["id"] == us_b["id"]
    entity = (await client.get(f"/v1/entities/{us_a['id']}")).json()
    assert entity["article_count"] == 2
    assert entity["mention_count"] == 2
    listing = (await client.get("/v1/entities")).json()["items"]
    assert [e["id"] for e in listing] == [us_a["id"]]
    mentions = (await client.get(f"/v1/entities/{us_a['id']}/mentions")).json()["items"]
    assert sorted(m["article_id"] for m in mentions) == sorted([a["id"], b["id"]])


async def test_alias_given_in_one_article_resolves_a_name_in_another(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    a = await post_article(
        {
            "paragraphs": ["The United States spoke."],
            "facts": {
                "entities": [
                    _entity(
                        "United States",
                        "location",
                        _cite(0, "United States"),
                        aliases=["America"],
                    )
                ]
            },
        }
    )
    b = await post_article(
        {
            "paragraphs": ["America answered."],
            "facts": {"entities": [_entity("America", "location", _cite(0, "America"))]},
        }
    )
    (first,) = a["facts"]["entities"]
    (second,) = b["facts"]["entities"]
    assert second["id"] == first["id"]
    assert second["name"] == "United States"
    assert second["article_count"] == 2


async def test_lone_surname_resolves_to_the_one_person_with_that_surname(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    a = await post_article(
        {
            "paragraphs": ["Mark Rutte spoke."],
            "facts": {"entities": [_entity("Mark Rutte", "person", _cite(0, "Mark Rutte"))]},
        }
    )
    b = await post_article(
        {
            "paragraphs": ["Rutte agreed."],
            "facts": {"entities": [_entity("Rutte", "person", _cite(0, "Rutte"))]},
        }
    )
    (mark,) = a["facts"]["entities"]
    (rutte,) = b["facts"]["entities"]
    assert rutte["id"] == mark["id"]
    assert rutte["name"] == "Mark Rutte"
    assert rutte["article_count"] == 2


async def test_lone_surname_does_not_merge_when_two_people_share_it(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    a = await post_article(
        {
            "paragraphs": ["Mark Rutte met Anna Rutte."],
            "facts": {
                "entities": [
                    _entity("Mark Rutte", "person", _cite(0, "Mark Rutte")),
                    _entity("Anna Rutte", "person", _cite(0, "Anna Rutte")),
                ]
            },
        }
    )
    b = await post_article(
        {
            "paragraphs": ["Rutte agreed."],
            "facts": {"entities": [_entity("Rutte", "person", _cite(0, "Rutte"))]},
        }
    )
    first_ids = {e["id"] for e in a["facts"]["entities"]}
    assert len(first_ids) == 2
    (rutte,) = b["facts"]["entities"]
    assert rutte["id"] not in first_ids
    for entity_id in first_ids:
        assert (await client.get(f"/v1/entities/{entity_id}")).json()["article_count"] == 1


async def test_same_name_of_different_types_stays_apart(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    article = await post_article(
        {
            "paragraphs": ["Jordan met Jordan."],
            "facts": {
                "entities": [
                    _entity("Jordan", "person", _cite(0, "Jordan met")),
                    _entity("Jordan", "location", _cite(0, "met Jordan")),
                ]
            },
        }
    )
    entities = article["facts"]["entities"]
    assert sorted(e["type"] for e in entities) == ["location", "person"]
    assert len({e["id"] for e in entities}) == 2
