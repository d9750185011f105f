"""Claims: every outlet's report of one pledge or event gathered in one claim.

The stories are small multi-outlet ones with client-supplied facts, so what the
claim gathers depends only on the joining rules, not on the extractor.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.support import PostArticle, assert_citation_anchored, assert_problem


def _pledge(
    url: str,
    paragraphs: list[str],
    quote: str,
    *,
    published_at: str,
    metric: str = "humanitarian aid",
    amount: float | None = 2e9,
    currency: str = "EUR",
    target_year: int | None = 2026,
    paragraph_index: int = 0,
    actor: str = "Germany",
    source: str | None = None,
) -> dict[str, Any]:
    commitment: dict[str, Any] = {
        "actor": {"name": actor, "type": "location"},
        "metric": metric,
        "target_year": target_year,
        "citations": [{"paragraph_index": paragraph_index, "quote": quote}],
    }
    if amount is not None:
        commitment["amount"] = {"value": amount, "currency": currency}
    body: dict[str, Any] = {
        "url": url,
        "published_at": published_at,
        "paragraphs": paragraphs,
        "facts": {"commitments": [commitment]},
    }
    if source is not None:
        body["source"] = source
    return body


# The same pledge told three ways: other words, "€2bn" and "2 billion euros", a
# summary line and a body paragraph, one without the year.
REUTERS = _pledge(
    "https://www.reuters.com/world/germany-aid-1",
    ["Germany pledged €2bn in humanitarian aid for 2026, the foreign ministry said."],
    "Germany pledged €2bn in humanitarian aid for 2026",
    published_at="2025-03-03T09:00:00Z",
)
BBC = _pledge(
    "https://www.bbc.co.uk/news/world-555",
    [
        "Berlin to give 2 billion euros.",
        "The German government promised 2 billion euros of aid for humanitarian relief"
        " next year, officials said on Monday.",
    ],
    "promised 2 billion euros of aid for humanitarian relief",
    published_at="2025-03-03T11:30:00Z",
    metric="aid for humanitarian relief",
    amount=2_000_000_000,
    paragraph_index=1,
)
LEMONDE = _pledge(
    "https://www.lemonde.fr/en/international/article/2025/03/04/germany",
    ["Summary: Germany commits EUR 2 billion in humanitarian assistance."],
    "Germany commits EUR 2 billion in humanitarian assistance",
    published_at="2025-03-04T07:00:00Z",
    metric="humanitarian assistance",
    amount=1.99e9,
    target_year=None,
)
DISPUTING = _pledge(
    "https://apnews.com/article/germany-aid-3bn",
    ["Germany pledged €3bn in humanitarian aid for 2026, according to a draft budget."],
    "Germany pledged €3bn in humanitarian aid for 2026",
    published_at="2025-03-05T08:00:00Z",
    amount=3e9,
)
DELIVERED = _pledge(
    "https://www.dw.com/en/germany-delivers-aid/a-1",
    ["Germany has delivered the first €200m of its €2bn humanitarian aid pledge for 2026."],
    "Germany has delivered the first €200m of its €2bn humanitarian aid pledge",
    published_at="2025-04-20T08:00:00Z",
    amount=2e8,
)


async def _claim_of(client: httpx.AsyncClient, article: dict[str, Any]) -> dict[str, Any]:
    (commitment,) = article["facts"]["commitments"]
    assert commitment["claim_id"] is not None
    response = await client.get(f"/v1/claims/{commitment['claim_id']}")
    assert response.status_code == 200, response.text
    claim: dict[str, Any] = response.json()
    return claim


async def test_one_pledge_told_three_ways_is_one_claim_with_three_sources(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    stored = [await post_article(story) for story in (REUTERS, BBC, LEMONDE)]
    claim_ids = {a["facts"]["commitments"][0]["claim_id"] for a in stored}
    assert len(claim_ids) == 1
    claim = await _claim_of(client, stored[0])
    assert claim["kind"] == "commitment"
    assert claim["metric_class"] == "humanitarian"
    assert claim["actor"]["name"] == "Germany"
    assert claim["target_year"] == 2026
    assert claim["amount"] == {"value": 2e9, "currency": "EUR"}
    assert claim["status"] == "committed"  # "commits" in the third report
    assert claim["disputed"] is None
    assert claim["source_count"] == 3
    assert claim["statement_count"] == 3
    assert sorted(s["outlet"] for s in claim["sources"]) == [
        "bbc.co.uk",
        "lemonde.fr",
        "reuters.com",
    ]
    assert claim["first_reported"] == "2025-03-03T09:00:00Z"
    assert claim["last_reported"] == "2025-03-04T07:00:00Z"
    # Each statement is the article's own fact, with its own exact citation.
    assert [s["article_id"] for s in claim["statements"]] == [a["id"] for a in stored]
    for statement in claim["statements"]:
        assert statement["claim_id"] == claim["id"]
        await assert_citation_anchored(client, statement["citations"][0])
    listed = (await client.get("/v1/claims", params={"min_sources": 3})).json()
    assert [c["id"] for c in listed["items"]] == [claim["id"]]
    commitments = (await client.get("/v1/commitments")).json()["items"]
    assert {c["claim_id"] for c in commitments} == {claim["id"]}


async def test_a_different_amount_the_same_week_is_a_disputed_claim(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    stored = [await post_article(story) for story in (REUTERS, BBC, DISPUTING)]
    claim = await _claim_of(client, stored[0])
    assert claim["statement_count"] == 3
    assert claim["disputed"] is not None
    values = {v["amount"]["value"]: v for v in claim["disputed"]["values"]}
    assert set(values) == {2e9, 3e9}
    assert values[2e9]["source_count"] == 2
    assert values[3e9]["statement_ids"] == [stored[2]["facts"]["commitments"][0]["id"]]


async def test_a_later_delivery_extends_the_timeline_with_a_gap(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    pledge = await post_article(REUTERS)
    delivered = await post_article(DELIVERED)
    claim = await _claim_of(client, delivered)
    assert claim["id"] == pledge["facts"]["commitments"][0]["claim_id"]
    assert claim["status"] == "disbursed"
    assert claim["pledged"] == {"value": 2e9, "currency": "EUR"}
    assert claim["disbursed"] == {"value": 2e8, "currency": "EUR"}
    assert claim["gap"] == {"value": 1.8e9, "currency": "EUR"}
    timeline = (await client.get(f"/v1/claims/{claim['id']}/timeline")).json()
    assert timeline["gap"] == {"value": 1.8e9, "currency": "EUR"}
    assert [(s["article_id"], s["status"]) for s in timeline["steps"]] == [
        (pledge["id"], "pledged"),
        (delivered["id"], "disbursed"),
    ]
    assert [s["amount"]["value"] for s in timeline["steps"]] == [2e9, 2e8]


async def test_a_later_raise_is_a_revision_of_the_same_claim(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    first = await post_article(REUTERS)
    raised = await post_article(
        _pledge(
            "https://www.reuters.com/world/germany-aid-2",
            ["Germany raised its humanitarian aid pledge for 2026 to €2.5bn on Tuesday."],
            "Germany raised its humanitarian aid pledge for 2026 to €2.5bn",
            published_at="2025-05-06T09:00:00Z",
            amount=2.5e9,
        )
    )
    claim = await _claim_of(client, raised)
    assert claim["id"] == first["facts"]["commitments"][0]["claim_id"]
    assert claim["status"] == "revised"
    assert claim["disputed"] is None
    assert claim["pledged"] == {"value": 2.5e9, "currency": "EUR"}
    steps = (await client.get(f"/v1/claims/{claim['id']}/timeline")).json()["steps"]
    assert [(s["status"], s["amount"]["value"]) for s in steps] == [
        ("pledged", 2e9),
        ("revised", 2.5e9),
    ]
    # One outlet, two articles: one source.
    assert claim["source_count"] == 1


async def test_deleting_one_source_leaves_two_and_an_emptied_claim_goes(
    client: httpx.AsyncClient, post_article: PostArticle, admin_headers: dict[str, str]
) -> None:
    stored = [await post_article(story) for story in (REUTERS, BBC, LEMONDE)]
    claim_id = stored[0]["facts"]["commitments"][0]["claim_id"]
    response = await client.delete(f"/v1/articles/{stored[1]['id']}", headers=admin_headers)
    assert response.status_code == 204, response.text
    claim = (await client.get(f"/v1/claims/{claim_id}")).json()
    assert claim["source_count"] == 2
    assert sorted(s["outlet"] for s in claim["sources"]) == ["lemonde.fr", "reuters.com"]
    for article in (stored[0], stored[2]):
        await client.delete(f"/v1/articles/{article['id']}", headers=admin_headers)
    assert_problem(await client.get(f"/v1/claims/{claim_id}"), 404)
    assert (await client.get("/v1/claims")).json()["items"] == []


async def test_a_syndicated_copy_is_not_another_source(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    original = await post_article(REUTERS)
    copy = dict(REUTERS, url="https://www.yahoo.com/news/germany-aid", source="Yahoo News")
    copied = await post_article(copy)
    claim = await _claim_of(client, copied)
    assert claim["id"] == original["facts"]["commitments"][0]["claim_id"]
    assert claim["statement_count"] == 2
    assert claim["source_count"] == 1
    (source,) = claim["sources"]
    assert source["outlet"] == "reuters.com"
    assert source["syndicated"] == ["yahoo.com"]


async def test_a_revision_moves_its_statement_to_another_claim(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    reuters = await post_article(REUTERS)
    bbc = await post_article(BBC)
    claim_id = reuters["facts"]["commitments"][0]["claim_id"]
    # The BBC corrects its story: the pledge was for climate finance, not aid.
    corrected = dict(BBC, paragraphs=[*BBC["paragraphs"], "Correction appended."])
    corrected["facts"] = {
        "commitments": [dict(BBC["facts"]["commitments"][0], metric="climate finance")]
    }
    revised = await post_article(corrected)
    assert revised["id"] == bbc["id"]
    new_claim = revised["facts"]["commitments"][0]["claim_id"]
    assert new_claim != claim_id
    old = (await client.get(f"/v1/claims/{claim_id}")).json()
    assert old["statement_count"] == 1
    assert [s["article_id"] for s in old["statements"]] == [reuters["id"]]
    moved = (await client.get(f"/v1/claims/{new_claim}")).json()
    assert moved["metric_class"] == "climate"


async def test_claims_list_filters_and_pages(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    for story in (REUTERS, BBC):
        await post_article(story)
    await post_article(
        _pledge(
            "https://www.ft.com/content/france-defence",
            ["France will spend $4bn more on defence by 2030."],
            "France will spend $4bn more on defence by 2030",
            published_at="2025-06-01T09:00:00Z",
            actor="France",
            metric="defence spending",
            amount=4e9,
            currency="USD",
            target_year=2030,
        )
    )
    everything = (await client.get("/v1/claims")).json()["items"]
    assert len(everything) == 2
    usd = (await client.get("/v1/claims", params={"currency": "USD"})).json()["items"]
    assert [c["metric_class"] for c in usd] == ["defence"]
    year = (await client.get("/v1/claims", params={"target_year": 2026})).json()["items"]
    assert [c["metric_class"] for c in year] == ["humanitarian"]
    actor = usd[0]["actor"]["entity_id"]
    by_actor = (await client.get("/v1/claims", params={"entity_id": actor})).json()["items"]
    assert [c["id"] for c in by_actor] == [usd[0]["id"]]
    two = (await client.get("/v1/claims", params={"min_sources": 2})).json()["items"]
    assert [c["metric_class"] for c in two] == ["humanitarian"]
    late = (await client.get("/v1/claims", params={"since": "2025-05-01T00:00:00Z"})).json()
    assert [c["metric_class"] for c in late["items"]] == ["defence"]
    page = (await client.get("/v1/claims", params={"limit": 1})).json()
    assert page["next_cursor"] is not None
    rest = await client.get("/v1/claims", params={"limit": 1, "cursor": page["next_cursor"]})
    assert [c["id"] for c in page["items"] + rest.json()["items"]] == [c["id"] for c in everything]
    assert_problem(await client.get("/v1/claims", params={"kind": "rumour"}), 422)
    assert_problem(await client.get("/v1/claims/999999999"), 404)
