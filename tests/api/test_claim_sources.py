"""A claim's sources, kept as tallies while statements come and go.

Each step checks what the detail lists against explicit expectations, and the
stored tallies against the sources counted afresh from the claim's current
statements with the rule they follow (a statement's source is the outlet that
first carried the paragraph it cites).
"""

from __future__ import annotations

import json
import random
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims import repository
from app.claims.schemas import IDS_SHOWN
from tests.api.support import PostArticle, assert_problem, post_bulk

_WIRE = "Sweden pledged 900 million euros of climate finance for 2030, the government said."


def _story(
    url: str, paragraph: str, published_at: str, *, metric: str = "climate finance"
) -> dict[str, Any]:
    quote = paragraph.split(",")[0]
    return {
        "url": url,
        "published_at": published_at,
        "paragraphs": [paragraph],
        "facts": {
            "commitments": [
                {
                    "actor": {"name": "Sweden", "type": "location"},
                    "metric": metric,
                    "amount": {"value": 9e8, "currency": "EUR"},
                    "target_year": 2030,
                    "citations": [{"paragraph_index": 0, "quote": quote}],
                }
            ]
        },
    }


# The wire story, a copy of it on another site published later, and two outlets'
# own words.
WIRE = _story("https://www.reuters.com/sweden-climate", _WIRE, "2025-05-02T08:00:00Z")
COPY = _story("https://www.yahoo.com/news/sweden-climate", _WIRE, "2025-05-02T09:00:00Z")
OWN = _story(
    "https://www.svt.se/nyheter/klimat-1",
    "Stockholm will put 900 million euros into climate finance by 2030, ministers said.",
    "2025-05-03T10:00:00Z",
)
OTHER = _story(
    "https://www.dn.se/ekonomi/klimat-2",
    "Sweden pledged 900 million euros for climate funding by 2030, a minister confirmed.",
    "2025-05-04T10:00:00Z",
)

WIRE_EARLIER = "2025-05-01T08:00:00Z"

# Each source as the rule counts it from the claim's current statements.
_BY_RULE = """
WITH s AS (
  SELECT id, article_id, reported_at, outlet COLLATE "C" AS outlet,
    first_value(outlet COLLATE "C") OVER (
      PARTITION BY coalesce(text_hash, '@' || outlet) COLLATE "C"
      ORDER BY reported_at, outlet COLLATE "C", id) AS origin
  FROM {table} WHERE claim_id = :id AND is_current
), a AS (
  SELECT *, row_number() OVER (PARTITION BY origin, article_id ORDER BY reported_at, id) AS nth
  FROM s
)
SELECT origin,
  coalesce(array_agg(DISTINCT outlet ORDER BY outlet) FILTER (WHERE outlet <> origin), '{{}}')
    AS syndicated,
  count(*) FILTER (WHERE nth = 1) AS article_count, count(*) AS statement_count,
  (array_agg(article_id ORDER BY reported_at, id) FILTER (WHERE nth = 1))[1:20] AS article_ids,
  (array_agg(id ORDER BY reported_at, id))[1:20] AS statement_ids,
  min(reported_at) AS first_reported
FROM a GROUP BY origin ORDER BY first_reported, origin
"""


async def _sources(
    client: httpx.AsyncClient, session: AsyncSession, claim_id: int, table: str = "commitments"
) -> list[dict[str, Any]]:
    """The detail's sources, after checking them against the rule and the claim's count."""
    response = await client.get(f"/v1/claims/{claim_id}")
    assert response.status_code == 200, response.text
    claim = response.json()
    expected = [
        {
            "outlet": r.origin,
            "syndicated": list(r.syndicated),
            "article_count": r.article_count,
            "statement_count": r.statement_count,
            "article_ids": list(r.article_ids),
            "statement_ids": list(r.statement_ids),
            "first_reported": r.first_reported,
        }
        for r in await session.execute(text(_BY_RULE.format(table=table)), {"id": claim_id})
    ]
    listed = [
        {**s, "first_reported": s["first_reported"].replace("Z", "+00:00")}
        for s in claim["sources"]
    ]
    assert listed == [{**s, "first_reported": s["first_reported"].isoformat()} for s in expected]
    assert claim["source_count"] == len(expected)
    sources: list[dict[str, Any]] = claim["sources"]
    return sources


def _claim_id(article: dict[str, Any]) -> int:
    claim_id: int = article["facts"]["commitments"][0]["claim_id"]
    return claim_id


def _shape(sources: list[dict[str, Any]]) -> list[tuple[str, list[str], int, int]]:
    return [
        (s["outlet"], s["syndicated"], s["statement_count"], s["article_count"]) for s in sources
    ]


async def test_sources_are_counted_as_statements_join(
    client: httpx.AsyncClient, post_article: PostArticle, session: AsyncSession
) -> None:
    wire, copy, own, other = [await post_article(s) for s in (WIRE, COPY, OWN, OTHER)]
    claim_id = _claim_id(wire)
    assert {_claim_id(a) for a in (copy, own, other)} == {claim_id}
    sources = await _sources(client, session, claim_id)
    assert _shape(sources) == [
        ("reuters.com", ["yahoo.com"], 2, 2),
        ("svt.se", [], 1, 1),
        ("dn.se", [], 1, 1),
    ]
    assert sources[0]["article_ids"] == [wire["id"], copy["id"]]
    assert sources[0]["statement_ids"] == [
        wire["facts"]["commitments"][0]["id"],
        copy["facts"]["commitments"][0]["id"],
    ]


async def test_a_copy_found_to_be_first_takes_the_source_over(
    client: httpx.AsyncClient, post_article: PostArticle, session: AsyncSession
) -> None:
    # The copy arrives after the wire story but was published before it: the
    # paragraph's first carrier is then the copying site.
    early = dict(COPY, published_at="2025-05-02T07:00:00Z")
    wire = await post_article(WIRE)
    await post_article(OWN)
    await post_article(early)
    sources = await _sources(client, session, _claim_id(wire))
    assert _shape(sources) == [("yahoo.com", ["reuters.com"], 2, 2), ("svt.se", [], 1, 1)]


async def test_a_source_losing_its_first_paragraph_to_a_copy_keeps_the_rest(
    client: httpx.AsyncClient, post_article: PostArticle, session: AsyncSession
) -> None:
    # Reuters carried two paragraphs first; a copy of the earlier one turns out to
    # have been published before it: that paragraph's statements (Reuters' own and
    # another site's copy) move to the copy's outlet, and Reuters' source keeps the
    # later paragraph, from its later report.
    later = "Sweden pledged 900 million euros of climate finance for 2030, officials added."
    wire = await post_article(WIRE)
    await post_article(dict(COPY, url="https://www.yahoo.com/news/sweden-climate-copy"))
    second = await post_article(
        _story("https://www.reuters.com/sweden-climate-2", later, "2025-05-05T08:00:00Z")
    )
    await post_article(
        _story("https://www.afp.com/sweden-climate-2", later, "2025-05-06T08:00:00Z")
    )
    await post_article(dict(WIRE, url="https://www.dw.com/sweden", published_at=WIRE_EARLIER))
    sources = await _sources(client, session, _claim_id(wire))
    assert _shape(sources) == [
        ("dw.com", ["reuters.com", "yahoo.com"], 3, 3),
        ("reuters.com", ["afp.com"], 2, 2),
    ]
    assert sources[1]["article_ids"][0] == second["id"]
    assert sources[1]["first_reported"].startswith("2025-05-05T08:00:00")


async def test_sources_follow_revisions_reextraction_and_deletes(
    client: httpx.AsyncClient,
    post_article: PostArticle,
    session: AsyncSession,
    admin_headers: dict[str, str],
) -> None:
    wire, copy, own, other = [await post_article(s) for s in (WIRE, COPY, OWN, OTHER)]
    claim_id = _claim_id(wire)
    # A revision: the other outlet's pledge was for defence, another claim.
    corrected = _story(
        OTHER["url"],
        OTHER["paragraphs"][0] + " Corrected.",
        OTHER["published_at"],
        metric="defence spending",
    )
    revised = await post_article(corrected)
    assert revised["id"] == other["id"] and _claim_id(revised) != claim_id
    assert _shape(await _sources(client, session, claim_id)) == [
        ("reuters.com", ["yahoo.com"], 2, 2),
        ("svt.se", [], 1, 1),
    ]
    assert _shape(await _sources(client, session, _claim_id(revised))) == [("dn.se", [], 1, 1)]
    # Re-extraction keeps the client's statement and its source.
    again = await client.post(f"/v1/articles/{own['id']}/extract", headers=admin_headers)
    assert again.status_code == 200, again.text
    assert _shape(await _sources(client, session, claim_id)) == [
        ("reuters.com", ["yahoo.com"], 2, 2),
        ("svt.se", [], 1, 1),
    ]
    # Deleting the wire story leaves its copy as the paragraph's first carrier.
    deleted = await client.delete(f"/v1/articles/{wire['id']}", headers=admin_headers)
    assert deleted.status_code == 204, deleted.text
    sources = await _sources(client, session, claim_id)
    assert _shape(sources) == [("yahoo.com", [], 1, 1), ("svt.se", [], 1, 1)]
    assert sources[0]["article_ids"] == [copy["id"]]
    # An emptied claim goes, and its tallies with it.
    for article in (copy, own):
        await client.delete(f"/v1/articles/{article['id']}", headers=admin_headers)
    assert_problem(await client.get(f"/v1/claims/{claim_id}"), 404)
    for table in ("claim_sources", "claim_texts", "claim_buckets"):
        left = await session.scalar(
            text(f"SELECT count(*) FROM {table} WHERE claim_id = :id"), {"id": claim_id}
        )
        assert left == 0, table


@pytest.mark.parametrize("tied", [False, True])
async def test_a_source_keeps_its_first_ids_and_full_counts(
    tied: bool, client: httpx.AsyncClient, session: AsyncSession, admin_headers: dict[str, str]
) -> None:
    # More reports from one outlet than the detail lists, in bulk batches and out of
    # order: the counts are full, the ids the oldest reports'.  Tied: all first
    # reported at one time (a source's first statements are read from its first
    # texts by first report: those tied with the last one read must be read too).
    count = IDS_SHOWN + 7
    stories = [
        _story(
            f"https://www.reuters.com/sweden-climate-{n}",
            f"Sweden pledged 900 million euros of climate finance for 2030, update {n}.",
            "2025-05-02T08:00:00Z" if tied else f"2025-05-{2 + n % 20:02d}T{8 + n % 9:02d}:00:00Z",
        )
        for n in range(count)
    ]
    for batch in (stories[10:], stories[:10]):
        await post_bulk(client, admin_headers, batch)
    (claim,) = (await client.get("/v1/claims")).json()["items"]
    (source,) = await _sources(client, session, claim["id"])
    assert (source["statement_count"], source["article_count"]) == (count, count)
    assert len(source["statement_ids"]) == len(source["article_ids"]) == IDS_SHOWN


async def test_an_article_stating_a_pledge_twice_counts_once(
    client: httpx.AsyncClient, post_article: PostArticle, session: AsyncSession
) -> None:
    # Each article states the pledge in its summary and in its body: its source's
    # first statements are then fewer articles than the source has.
    count = IDS_SHOWN - 5
    stored = []
    for n in range(count):
        story = _story(
            f"https://www.reuters.com/sweden-climate-twice-{n}",
            f"Sweden pledged 900 million euros of climate finance for 2030, summary {n}.",
            f"2025-05-{2 + n:02d}T08:00:00Z",
        )
        story["paragraphs"].append(
            f"Sweden pledged 900 million euros of climate finance for 2030, body {n}."
        )
        (first,) = story["facts"]["commitments"]
        second = dict(first, citations=[{"paragraph_index": 1, "quote": "Sweden pledged"}])
        story["facts"]["commitments"].append(second)
        stored.append(await post_article(story))
    (source,) = await _sources(client, session, _claim_id(stored[0]))
    assert (source["statement_count"], source["article_count"]) == (2 * count, count)
    assert source["article_ids"] == [a["id"] for a in stored]
    assert len(source["statement_ids"]) == IDS_SHOWN


async def test_a_batchs_outlets_are_the_databases_whoever_computes_them(
    client: httpx.AsyncClient, session: AsyncSession, admin_headers: dict[str, str]
) -> None:
    # One bulk batch: outlets the write path computes itself, and outlets only the
    # database is sure of (a source that is not ASCII, a URL with a user part),
    # which joining reads back from the stored articles.
    stories = [
        WIRE,
        dict(COPY, source="Süddeutsche Zeitung", published_at="2025-05-02T07:00:00Z"),
        dict(OWN, url="http://editor@www.SVT.se/nyheter/klimat-1"),
        OTHER,
    ]
    await post_bulk(client, admin_headers, stories)
    mismatched = await session.scalar(
        text(
            "SELECT count(*) FROM commitments c JOIN articles a ON a.id = c.article_id"
            " WHERE c.outlet IS DISTINCT FROM claim_outlet(a.url, a.source, a.id)"
        )
    )
    assert mismatched == 0
    (claim,) = (await client.get("/v1/claims")).json()["items"]
    assert _shape(await _sources(client, session, claim["id"])) == [
        ("yahoo.com", ["reuters.com"], 2, 2),
        ("svt.se", [], 1, 1),
        ("dn.se", [], 1, 1),
    ]


class _CountingSession:
    """A session that counts the rows its reads return."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.rows = 0

    async def execute(self, statement: Any, params: Any = None) -> _Rows:
        rows = (await self.session.execute(statement, params)).all()
        self.rows += len(rows)
        return _Rows(rows)

    async def connection(self) -> _CountingSession:
        return self


class _Rows:
    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def all(self) -> list[Any]:
        return self.rows

    def scalars(self) -> list[Any]:
        return [row[0] for row in self.rows]


async def test_a_sources_first_articles_are_read_from_its_first_statements(
    client: httpx.AsyncClient, session: AsyncSession, admin_headers: dict[str, str]
) -> None:
    # Every article states the pledge three times, in paragraphs of its own: the
    # source's first statements are a third as many articles, and the detail reads
    # on, through the first articles' statements only.
    count, per_article = IDS_SHOWN + 30, 3
    stories = []
    for n in range(count):
        paragraphs = [
            f"Sweden pledged 900 million euros of climate finance for 2030, part {p} of {n}."
            for p in range(per_article)
        ]
        story = _story(
            f"https://www.reuters.com/sweden-climate-thrice-{n}",
            paragraphs[0],
            f"2025-05-{1 + n // 24:02d}T{n % 24:02d}:00:00Z",
        )
        story["paragraphs"] = paragraphs
        (first,) = story["facts"]["commitments"]
        story["facts"]["commitments"] = [
            dict(first, citations=[{"paragraph_index": p, "quote": "Sweden pledged"}])
            for p in range(per_article)
        ]
        stories.append(story)
    response = await post_bulk(client, admin_headers, stories[::-1])
    ids = [json.loads(line)["article_id"] for line in response.text.splitlines()][::-1]
    (claim,) = (await client.get("/v1/claims")).json()["items"]
    (source,) = await _sources(client, session, claim["id"])
    assert (source["statement_count"], source["article_count"]) == (per_article * count, count)
    assert source["article_ids"] == ids[:IDS_SHOWN]
    counting = _CountingSession(session)
    found = await repository.source_articles(
        counting,  # type: ignore[arg-type]
        claim["id"],
        "commitment",
        "reuters.com",
    )
    assert found == ids[:IDS_SHOWN]
    # The first articles' statements, and at most a chunk more: not the whole source.
    assert counting.rows <= per_article * IDS_SHOWN + repository.ARTICLES_CHUNK
    assert counting.rows < per_article * count


async def test_sources_stay_as_the_rule_counts_them_whatever_the_order(
    client: httpx.AsyncClient, session: AsyncSession, admin_headers: dict[str, str]
) -> None:
    # Paragraphs carried by several outlets (copies), published at times that tie,
    # articles citing one or two of them, pledges and meetings, posted in bulk in a
    # random order: texts keep finding earlier first carriers, and their statements
    # move between sources, which must stay as counted afresh from the statements.
    rng = random.Random(6)
    outlets = ["reuters.com", "apnews.com", "bbc.co.uk", "dw.com", "yahoo.com", "afp.com"]
    times = [f"2025-05-0{d}T{h:02d}:00:00Z" for d in (2, 3) for h in (8, 9, 10, 11)]
    pledges = [
        f"Sweden pledged 900 million euros of climate finance for 2030, version {n}."
        for n in range(5)
    ]
    meetings = [f"Kristersson and Frederiksen met in Malmo, account {n}." for n in range(3)]
    stories = []
    for n in range(70):
        cited = rng.sample(range(len(pledges)), rng.choice([1, 1, 2]))
        story = _story(
            f"https://www.{rng.choice(outlets)}/sweden-{n}", pledges[0], rng.choice(times)
        )
        story["paragraphs"] = [pledges[c] for c in cited]
        (first,) = story["facts"]["commitments"]
        story["facts"]["commitments"] = [
            dict(first, citations=[{"paragraph_index": i, "quote": "Sweden pledged"}])
            for i in range(len(cited))
        ]
        if rng.random() < 0.5:
            meeting = rng.choice(meetings)
            story["paragraphs"].append(meeting)
            story["facts"]["events"] = [
                {
                    "type": "meeting",
                    "summary": meeting,
                    "date": {"value": "2025-05-02"},
                    "participants": [
                        {"name": name, "type": "person", "role": "participant"}
                        for name in ("Ulf Kristersson", "Mette Frederiksen")
                    ],
                    "citations": [{"paragraph_index": len(cited), "quote": meeting}],
                }
            ]
        stories.append(story)
    for start in range(0, len(stories), 9):
        lines = "\n".join(
            httpx.Request("POST", "/", json=s).content.decode() for s in stories[start : start + 9]
        )
        response = await client.post(
            "/v1/articles/bulk",
            params={"extract": "false"},
            content=lines.encode(),
            headers={**admin_headers, "Content-Type": "application/x-ndjson"},
        )
        assert response.status_code == 200, response.text
        assert {json.loads(line)["status"] for line in response.text.splitlines()} == {201}
    claims = (await client.get("/v1/claims", params={"limit": 200})).json()["items"]
    assert sorted(c["kind"] for c in claims) == ["commitment", "event"]
    for claim in claims:
        table = "commitments" if claim["kind"] == "commitment" else "events"
        found = await _sources(client, session, claim["id"], table)
        assert len(found) > 1
        assert any(s["syndicated"] for s in found)


async def _tally_rows(session: AsyncSession, claim_id: int) -> dict[str, int]:
    return {
        table: await session.scalar(
            text(f"SELECT count(*) FROM {table} WHERE claim_id = :id"), {"id": claim_id}
        )
        for table in ("claim_buckets", "claim_texts", "claim_sources")
    }


async def test_a_claim_of_one_report_keeps_no_tallies_until_a_second_joins(
    client: httpx.AsyncClient,
    post_article: PostArticle,
    session: AsyncSession,
    admin_headers: dict[str, str],
) -> None:
    # The copy is posted first, so the wire story, published before it, takes the
    # paragraph over when it joins: the stored statement's source must move.
    copy = await post_article(COPY)
    claim_id = _claim_id(copy)
    none = {"claim_buckets": 0, "claim_texts": 0, "claim_sources": 0}
    assert await _tally_rows(session, claim_id) == none
    assert _shape(await _sources(client, session, claim_id)) == [("yahoo.com", [], 1, 1)]
    timeline = await client.get(f"/v1/claims/{claim_id}/timeline")
    assert timeline.status_code == 200, timeline.text
    assert [s["status"] for s in timeline.json()["steps"]] == ["pledged"]
    assert timeline.json()["status"] == "pledged"

    wire = await post_article(WIRE)
    assert _claim_id(wire) == claim_id
    assert _shape(await _sources(client, session, claim_id)) == [
        ("reuters.com", ["yahoo.com"], 2, 2)
    ]
    assert await _tally_rows(session, claim_id) == {
        "claim_buckets": 1,
        "claim_texts": 1,
        "claim_sources": 1,
    }

    # Back to one statement: the tallies go, and the copy is its own source again.
    deleted = await client.delete(f"/v1/articles/{wire['id']}", headers=admin_headers)
    assert deleted.status_code == 204, deleted.text
    assert await _tally_rows(session, claim_id) == none
    assert _shape(await _sources(client, session, claim_id)) == [("yahoo.com", [], 1, 1)]
    detail = (await client.get(f"/v1/claims/{claim_id}")).json()
    assert (detail["statement_count"], detail["source_count"]) == (1, 1)
    assert detail["amount"] == {"value": 9e8, "currency": "EUR"}
