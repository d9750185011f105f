"""Lists as CSV and NDJSON, the Link header, and citations as Web Annotations."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx

from app.core.config import DEFAULT_BASE_URL
from tests.api.support import PostArticle
from tests.users.conftest import unique_article

PARAGRAPH = 'Leaders said, "Canada will raise defense spending to 2% of GDP by 2030", in Ottawa.'
QUOTE = "raise defense spending to 2% of GDP"


async def _corpus(post_article: PostArticle) -> dict[str, Any]:
    return await post_article(
        unique_article(
            paragraphs=[PARAGRAPH, "Mark Carney met Mark Rutte in Ottawa."],
            facts={
                "entities": [
                    {
                        "name": name,
                        "type": "person",
                        "mentions": [{"paragraph_index": 1, "quote": name}],
                    }
                    for name in ("Mark Carney", "Mark Rutte")
                ],
                "events": [
                    {
                        "type": "meeting",
                        "summary": "Carney met Rutte",
                        "participants": [{"name": "Mark Carney", "role": "host"}],
                        "citations": [
                            {"paragraph_index": 1, "quote": "Mark Carney met Mark Rutte"}
                        ],
                    }
                ],
                "commitments": [
                    {
                        "actor": {"name": "Canada"},
                        "metric": "defense spending",
                        "share_of_gdp": {"to": 2},
                        "target_year": 2030,
                        "citations": [
                            {"paragraph_index": 0, "quote": QUOTE},
                            {"paragraph_index": 1, "quote": "Ottawa"},
                        ],
                    }
                ],
            },
        )
    )


async def test_csv_by_accept_header(client: httpx.AsyncClient, post_article: PostArticle) -> None:
    await _corpus(post_article)
    response = await client.get("/v1/commitments", headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["metric"] == "defense spending"
    assert rows[0]["actor.name"] == "Canada"
    assert float(rows[0]["share_of_gdp.to"]) == 2
    assert rows[0]["share_of_gdp.from"] == ""
    assert rows[0]["target_year"] == "2030"
    # The quote holds a comma and double quotes: CSV quoting keeps it whole.
    assert json.loads(rows[0]["citations"])[0]["quote"] == QUOTE


async def test_ndjson_by_format_parameter(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    await _corpus(post_article)
    response = await client.get("/v1/entities", params={"format": "ndjson", "q": "mark"})
    assert response.headers["content-type"].startswith("application/x-ndjson")
    names = {json.loads(line)["name"] for line in response.text.splitlines()}
    assert names == {"Mark Carney", "Mark Rutte"}


async def test_format_parameter_wins_and_is_validated(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/v1/events", params={"format": "json"}, headers={"Accept": "text/csv"}
    )
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"items": [], "next_cursor": None}
    bad = await client.get("/v1/events", params={"format": "xml"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["query", "format"]


async def test_empty_csv_still_has_its_header(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/events", params={"format": "csv", "type": "nothing"})
    assert response.text.splitlines() == [
        "id,type,summary,date.value,date.precision,participants,article_id,citations,"
        "confidence,provenance.origin,provenance.extractor,provenance.extractor_version,"
        "claim_id"
    ]


async def test_link_header_pages_through_every_format(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    await _corpus(post_article)
    seen: list[str] = []
    url: str | None = "/v1/entities?q=mark&limit=1&format=csv"
    while url is not None:
        response = await client.get(url)
        rows = list(csv.DictReader(io.StringIO(response.text)))
        seen += [row["name"] for row in rows]
        url = response.links.get("next", {}).get("url")
    assert sorted(seen) == ["Mark Carney", "Mark Rutte"]

    json_page = await client.get("/v1/entities", params={"q": "mark", "limit": 1})
    link = json_page.links["next"]["url"]
    assert f"cursor={json_page.json()['next_cursor']}" in link
    assert "q=mark" in link and "limit=1" in link

    # A later page's link replaces the cursor it was asked with.
    second = await client.get((await client.get("/v1/entities?limit=1")).links["next"]["url"])
    third = second.links["next"]["url"]
    assert third.count("cursor=") == 1
    assert f"cursor={second.json()['next_cursor']}" in third and "limit=1" in third


async def test_openapi_documents_the_list_formats(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    operation = spec["paths"]["/v1/commitments"]["get"]
    content = operation["responses"]["200"]["content"]
    assert {"application/json", "text/csv", "application/x-ndjson"} <= set(content)
    assert "Link" in operation["responses"]["200"]["headers"]
    assert "format" in {p["name"] for p in operation["parameters"]}
    single = spec["paths"]["/v1/commitments/{commitment_id}"]["get"]["responses"]["200"]
    assert set(single["content"]) == {"application/json"}


async def test_commitment_as_web_annotations(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    article = await _corpus(post_article)
    commitment = article["facts"]["commitments"][0]
    response = await client.get(f"/v1/commitments/{commitment['id']}/annotations")
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    )
    body = response.json()
    assert body["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert body["type"] == "AnnotationCollection"
    assert body["total"] == 2
    first = body["first"]["items"][0]
    citation = commitment["citations"][0]
    assert first["type"] == "Annotation"
    source = f"{DEFAULT_BASE_URL}/v1/paragraphs/{citation['paragraph_id']}"
    assert first["target"]["source"] == source
    assert first["target"]["scope"] == article["url"]
    quote, position = first["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": QUOTE,
        "prefix": citation["prefix"],
        "suffix": citation["suffix"],
    }
    start = PARAGRAPH.index(QUOTE)
    assert position == {"type": "TextPositionSelector", "start": start, "end": start + len(QUOTE)}


async def test_event_and_mention_annotations(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    article = await _corpus(post_article)
    event = article["facts"]["events"][0]
    body = (await client.get(f"/v1/events/{event['id']}/annotations")).json()
    (item,) = body["first"]["items"]
    assert item["body"]["value"] == "Carney met Rutte"
    assert item["target"]["selector"][0]["exact"] == "Mark Carney met Mark Rutte"

    entity = next(e for e in article["facts"]["entities"] if e["name"] == "Mark Rutte")
    mention = (await client.get(f"/v1/entities/{entity['id']}/mentions")).json()["items"][0]
    one = (await client.get(f"/v1/mentions/{mention['id']}/annotation")).json()
    assert one["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert one["motivation"] == "identifying"
    assert one["body"] == f"{DEFAULT_BASE_URL}/v1/entities/{entity['id']}"
    assert one["target"]["selector"][1] == {
        "type": "TextPositionSelector",
        "start": mention["start"],
        "end": mention["end"],
    }
    missing = await client.get("/v1/mentions/999999999/annotation")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


async def test_csv_cells_that_look_like_formulas_stay_text(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    """A spreadsheet must not run a cell as a formula; NDJSON keeps the value as it is."""
    formula = '=HYPERLINK("http://evil.example","click")'
    await post_article(
        unique_article(
            paragraphs=["The committee pledged money for roads."],
            facts={
                "commitments": [
                    {
                        "metric": formula,
                        "period": "-2 years",
                        "citations": [{"paragraph_index": 0, "quote": "pledged money for roads"}],
                    }
                ]
            },
        )
    )
    response = await client.get("/v1/commitments", params={"format": "csv"})
    row = next(r for r in csv.DictReader(io.StringIO(response.text)) if "HYPERLINK" in r["metric"])
    assert row["metric"] == "'" + formula
    assert row["period"] == "'-2 years"
    assert row["target_year"] == ""  # empty cells are left alone
    ndjson = await client.get("/v1/commitments", params={"format": "ndjson"})
    items = [json.loads(line) for line in ndjson.text.splitlines()]
    assert any(item["metric"] == formula for item in items)
