"""The JSON documents Postgres renders have exactly the shape of the response models.

Each read of a fact is served as the database rendered it, without pydantic in
between, so here every kind of document, with each optional part present and
absent, must survive a round trip through its response model unchanged: no key
missing or extra, no value of the wrong type.
"""

from __future__ import annotations

import html
import json
from typing import Any

import httpx
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.articles import repository as articles
from app.articles.documents import article_document_trigger_body
from app.articles.schemas import (
    ArticleDetail,
    ArticleFacts,
    ArticleOut,
    IngestedArticle,
    ParagraphOut,
)
from app.commitments import repository as commitment_reads
from app.commitments.schemas import CommitmentOut
from app.core.pagination import PageParams
from app.entities import repository as entity_reads
from app.entities.schemas import EntityOut, MentionOut
from app.events import repository as event_reads
from app.events.schemas import EventOut
from app.search.endpoints import search_hits
from app.search.schemas import SearchHit
from tests.api.support import PostArticle

ALL = PageParams(limit=200, cursor=None)

ARTICLE: dict[str, Any] = {
    "url": "https://documents.example/1",
    "title": "Pledges and talks",
    "paragraphs": [
        "Freedonia pledged 1.5 billion euros for rail by 2030, said Ana Ruiz of the Treasury.",
        "Sylvania will raise defence spending from 2% to 3.5% of GDP, officials said on Monday.",
        "Ruiz met the Sylvanian delegation in Geneva.",
    ],
    "facts": {
        "entities": [
            {
                "name": "Freedonia",
                "type": "location",
                "aliases": ["Republic of Freedonia"],
                "mentions": [{"paragraph_index": 0, "quote": "Freedonia"}],
            },
            {
                "name": "Ana Ruiz",
                "type": "person",
                "mentions": [
                    {"paragraph_index": 0, "quote": "Ana Ruiz"},
                    {"paragraph_index": 2, "quote": "Ruiz"},
                ],
            },
        ],
        "events": [
            {
                "type": "meeting",
                "summary": "Ruiz met the Sylvanian delegation",
                "date": {"value": "2025-06", "precision": "month"},
                "participants": [
                    {"name": "Ana Ruiz", "role": "agent"},
                    {"name": "Geneva", "role": "location"},
                ],
                "citations": [{"paragraph_index": 2, "quote": "Ruiz met the Sylvanian delegation"}],
            },
            {
                "type": "statement",
                "summary": "Officials spoke",
                "citations": [{"paragraph_index": 1, "quote": "officials said on Monday"}],
            },
        ],
        "commitments": [
            {
                "actor": {"name": "Freedonia"},
                "metric": "rail",
                "amount": {"value": 1.5e9, "currency": "EUR"},
                "target_year": 2030,
                "status": "pledged",
                "citations": [
                    {"paragraph_index": 0, "quote": "pledged 1.5 billion euros for rail"}
                ],
            },
            {
                "actor": {"name": "Sylvania"},
                "metric": "defence spending",
                "share_of_gdp": {"from": 2, "to": 3.5},
                "citations": [{"paragraph_index": 1, "quote": "from 2% to 3.5% of GDP"}],
            },
            {
                "metric": "unnamed pledge",
                "period": "over five years",
                "citations": [{"paragraph_index": 1, "quote": "will raise"}],
            },
        ],
    },
}


def _round_trip(model: type[BaseModel], document: str) -> dict[str, Any]:
    """The document parsed, after asserting its model gives back exactly the same JSON."""
    parsed: dict[str, Any] = json.loads(document)
    assert model.model_validate_json(document).model_dump(mode="json", by_alias=True) == parsed
    return parsed


async def test_every_document_matches_its_response_model(
    post_article: PostArticle, session: AsyncSession
) -> None:
    article = await post_article(ARTICLE)
    article_id = article["id"]

    facts = _round_trip(ArticleFacts, await articles.article_facts(session, article_id) or "")
    assert {e["name"] for e in facts["entities"]} >= {"Freedonia", "Ana Ruiz", "Geneva"}

    events = [_round_trip(EventOut, d) for d in (await event_reads.list_events(session, ALL))[0]]
    ours = [e for e in events if e["article_id"] == article_id]
    assert {e["date"] is None for e in ours} == {True, False}  # dated and undated
    meeting = next(e for e in ours if e["type"] == "meeting")
    assert [p["role"] for p in meeting["participants"]] == ["agent", "location"]
    assert meeting["provenance"] == {
        "origin": "client",
        "extractor": None,
        "extractor_version": None,
    }

    commitments = [
        _round_trip(CommitmentOut, d)
        for d in (await commitment_reads.list_commitments(session, ALL, article_id=article_id))[0]
    ]
    by_metric = {c["metric"]: c for c in commitments}
    assert by_metric["rail"]["amount"] == {"value": 1.5e9, "currency": "EUR"}
    assert by_metric["rail"]["share_of_gdp"] is None
    assert by_metric["defence spending"]["share_of_gdp"] == {"from": 2, "to": 3.5}
    assert by_metric["defence spending"]["amount"] is None
    assert by_metric["unnamed pledge"]["actor"] is None
    assert by_metric["unnamed pledge"]["period"] == "over five years"

    entity_docs = (await entity_reads.list_entities(session, ALL, q=None, type_=None))[0]
    entities = {e["name"]: e for e in (_round_trip(EntityOut, d) for d in entity_docs)}
    assert entities["Freedonia"]["aliases"] == ["Republic of Freedonia"]
    assert entities["Geneva"]["aliases"] == []  # a participant only: no aliases, no mentions

    ruiz = entities["Ana Ruiz"]["id"]
    mentions = (await entity_reads.list_mentions(session, ALL, entity_id=ruiz))[0]
    quotes = sorted(_round_trip(MentionOut, d)["quote"] for d in mentions)
    assert quotes == ["Ana Ruiz", "Ruiz"]
    single = await entity_reads.get_entity(session, ruiz)
    assert single is not None and _round_trip(EntityOut, single) == entities["Ana Ruiz"]


async def test_list_and_detail_answers_are_the_documents(
    post_article: PostArticle, client: httpx.AsyncClient
) -> None:
    """Over HTTP: the page envelope, the next cursor, and a detail equal to its list item."""
    await post_article(ARTICLE)
    first = await client.get("/v1/commitments", params={"limit": 2})
    assert first.headers["content-type"] == "application/json"
    page = first.json()
    assert set(page) == {"items", "next_cursor"} and len(page["items"]) == 2
    assert 'rel="next"' in first.headers["link"]
    rest = await client.get("/v1/commitments", params={"limit": 2, "cursor": page["next_cursor"]})
    assert rest.json()["items"] and rest.json()["items"][0]["id"] < page["items"][-1]["id"]
    one = await client.get(f"/v1/commitments/{page['items'][0]['id']}")
    assert one.headers["content-type"] == "application/json"
    assert one.json() == page["items"][0]


async def test_a_post_answers_the_stored_article_with_its_facts(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    """The answer to a post (and to a re-extraction) is the document PostgreSQL renders:
    the shape of `IngestedArticle`, and what the article's and its facts' reads say."""
    posted = await client.post(
        "/v1/articles",
        json={"url": "https://documents.example/p", "paragraphs": ARTICLE["paragraphs"]},
        headers=admin_headers,
    )
    assert posted.status_code == 201, posted.text
    assert posted.headers["content-type"] == "application/json"
    answer = _round_trip(IngestedArticle, posted.text)
    assert posted.headers["location"] == f"/v1/articles/{answer['id']}"
    detail = (await client.get(f"/v1/articles/{answer['id']}", headers=admin_headers)).json()
    facts_url = f"/v1/articles/{answer['id']}/facts"
    facts = (await client.get(facts_url, headers=admin_headers)).json()
    assert answer == {**detail, "facts": facts}
    assert answer["facts"]["entities"] and answer["facts"]["commitments"]

    again = await client.post(f"/v1/articles/{answer['id']}/extract", headers=admin_headers)
    assert again.status_code == 200, again.text
    redone = _round_trip(IngestedArticle, again.text)
    assert {k: v for k, v in redone.items() if k != "facts"} == detail
    assert redone["facts"] == (await client.get(facts_url, headers=admin_headers)).json()


async def test_article_documents_match_their_response_models(
    post_article: PostArticle, session: AsyncSession
) -> None:
    """Timestamps with and without microseconds, and absent, print as pydantic does."""
    with_micros = await post_article(
        {
            "url": "https://documents.example/a",
            "title": 'Quotes " and \\ and <tags> & "more"',
            "published_at": "2025-06-24T09:15:00.250+02:00",
            "paragraphs": ["Drones & budgets: the <b>drone</b> plan.", "A second paragraph."],
        }
    )
    whole = await post_article(
        {
            "url": "https://documents.example/b",
            "published_at": "2025-06-24T07:15:00Z",
            "paragraphs": ['Drones again, in whole seconds: "quoted", a \\ and naïve — 🚀.'],
        }
    )
    undated = await post_article({"paragraphs": ["An undated note about drones."]})

    items, _ = await articles.list_articles(
        session, ALL, source=None, since=None, until=None, entity_id=None, q=None
    )
    listed = {a["id"]: a for a in (_round_trip(ArticleOut, d) for d in items)}
    assert listed[with_micros["id"]]["published_at"] == "2025-06-24T07:15:00.250000Z"
    assert listed[whole["id"]]["published_at"] == "2025-06-24T07:15:00Z"
    assert listed[undated["id"]]["published_at"] is None
    assert listed[with_micros["id"]]["title"] == with_micros["title"]

    for posted in (with_micros, whole, undated):
        detail = await articles.article_detail(session, posted["id"])
        assert detail is not None
        parsed = _round_trip(ArticleDetail, detail)
        assert parsed == {k: v for k, v in posted.items() if k != "facts"}
        for paragraph in posted["paragraphs"]:
            one = await articles.paragraph(session, paragraph["id"])
            assert one is not None and _round_trip(ParagraphOut, one) == paragraph

    hits, _ = await search_hits(session, ALL, "drones", window=500)
    parsed_hits = [_round_trip(SearchHit, hit) for hit in hits]
    assert {h["article"]["id"] for h in parsed_hits} == {
        with_micros["id"],
        whole["id"],
        undated["id"],
    }
    # Each hit's paragraph is the stored one, character for character.
    posted = {p["id"]: p for a in (with_micros, whole, undated) for p in a["paragraphs"]}
    assert all(h["paragraph"] == posted[h["paragraph"]["id"]] for h in parsed_hits)
    snippet = next(h["snippet"] for h in parsed_hits if h["article"]["id"] == with_micros["id"])
    assert snippet.replace("<mark>", "").replace("</mark>", "") == html.escape(
        with_micros["paragraphs"][0]["text"]
    )


async def test_stored_article_documents_follow_every_write(
    post_article: PostArticle,
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    session: AsyncSession,
) -> None:
    """The list's and the hits' article is the detail's, after a revision too, whether
    the article came one by one or in bulk."""
    single = await post_article(
        {"url": "https://documents.example/rev", "paragraphs": ["Drones, one paragraph."]}
    )
    revised = await post_article(
        {
            "url": "https://documents.example/rev",
            "title": "Now with a title",
            "paragraphs": ["Drones, first of two.", "And a second."],
        }
    )
    assert revised["revision"] == 2
    lines = [
        {"url": "https://documents.example/bulk", "paragraphs": ["Drones in bulk."]},
        {"url": "https://documents.example/bulk", "paragraphs": ["Drones in bulk, revised."]},
    ]
    body = "\n".join(json.dumps(line) for line in lines) + "\n"
    response = await client.post(
        "/v1/articles/bulk",
        params={"extract": "false"},
        content=body,
        headers={**admin_headers, "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    results = [json.loads(line) for line in response.text.splitlines()]
    assert [r["revision"] for r in results] == [1, 2]
    bulk_id = results[-1]["article_id"]

    items, _ = await articles.list_articles(
        session, ALL, source=None, since=None, until=None, entity_id=None, q=None
    )
    listed = {a["id"]: a for a in (_round_trip(ArticleOut, d) for d in items)}
    hits, _ = await search_hits(session, ALL, "drones", window=500)
    in_hits = {h["article"]["id"]: h["article"] for h in (json.loads(d) for d in hits)}
    for article_id in (single["id"], bulk_id):
        detail = (await client.get(f"/v1/articles/{article_id}")).json()
        expected = {k: v for k, v in detail.items() if k != "paragraphs"}
        assert listed[article_id] == expected
        assert in_hits[article_id] == expected
    assert listed[single["id"]]["title"] == "Now with a title"
    assert listed[single["id"]]["paragraph_count"] == 2
    assert listed[bulk_id]["revision"] == 2


async def test_the_installed_trigger_renders_the_article_model(session: AsyncSession) -> None:
    """The migrations leave `articles_document()` with the body rendered from
    `ArticleOut` now; a model changed without a migration fails here."""
    installed = await session.scalar(
        text("SELECT prosrc FROM pg_proc WHERE proname = 'articles_document'")
    )
    body = article_document_trigger_body()
    assert installed == body, (
        "ArticleOut and the stored article document's trigger have parted: add a migration"
        " whose upgrade runs\n"
        "CREATE OR REPLACE FUNCTION articles_document() RETURNS trigger LANGUAGE plpgsql"
        f" AS $${body}$$\n"
        "with that body as text, then `UPDATE articles SET document = NULL` (the trigger"
        " renders every stored document again)."
    )
