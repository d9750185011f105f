"""The built-in extractor through the API: the fixture article's key facts, exactly cited."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


@pytest.fixture
async def ingested(
    client: httpx.AsyncClient, admin_headers: dict[str, str], sample_text: str
) -> dict[str, Any]:
    response = await client.post(
        "/v1/articles",
        json={"text": sample_text, "published_at": "2025-07-01T08:00:00Z"},
        headers=admin_headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _citations(facts: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for kind in ("events", "commitments") for f in facts[kind] for c in f["citations"]]


async def test_every_citation_is_exact(client: httpx.AsyncClient, ingested: dict[str, Any]) -> None:
    paragraphs = {p["id"]: p for p in ingested["paragraphs"]}
    citations = _citations(ingested["facts"])
    entity_id = ingested["facts"]["entities"][0]["id"]
    mentions = (await client.get(f"/v1/entities/{entity_id}/mentions")).json()["items"]
    assert citations
    assert mentions
    for citation in citations + mentions:
        text = paragraphs[citation["paragraph_id"]]["text"]
        assert text[citation["start"] : citation["end"]] == citation["quote"]
        assert text[: citation["start"]].endswith(citation["prefix"])
        assert text[citation["end"] :].startswith(citation["suffix"])
        # Facts cite the first copy of a repeated paragraph.
        assert paragraphs[citation["paragraph_id"]]["duplicate_of"] is None


async def test_fixture_entities(ingested: dict[str, Any]) -> None:
    entities = {e["name"]: e for e in ingested["facts"]["entities"]}
    assert entities["Mark Rutte"]["type"] == "person"
    nato = [e for e in entities.values() if "NATO" in [e["name"], *e["aliases"]]]
    assert len(nato) == 1
    assert "North Atlantic Treaty Organization" in [nato[0]["name"], *nato[0]["aliases"]]
    assert nato[0]["type"] == "organization"


async def test_fixture_commitment(client: httpx.AsyncClient, ingested: dict[str, Any]) -> None:
    found = (await client.get("/v1/commitments", params={"target_year": 2035})).json()["items"]
    assert len(found) == 1
    commitment = found[0]
    assert commitment["share_of_gdp"] == {"from": 2.0, "to": 5.0}
    assert "spending" in commitment["metric"]
    assert commitment["provenance"]["origin"] == "extractor"
    (citation,) = commitment["citations"]
    assert citation["paragraph_index"] == 1
    assert "from 2% to 5% of GDP by 2035" in citation["quote"]


async def test_headings_are_not_cited_as_paragraphs(ingested: dict[str, Any]) -> None:
    """The bold lead block is title and standfirst, not paragraphs; facts cite paragraphs."""
    assert ingested["title"] == "NATO Allies Sign Up to a Five Percent Goal"
    lead = {ingested["title"], *ingested["standfirst"].split("\n")}
    assert len(lead) == 3
    assert [p["kind"] for p in ingested["paragraphs"]] == ["body"] * 7
    assert not lead & {p["text"] for p in ingested["paragraphs"]}
    cited = {c["paragraph_id"] for c in _citations(ingested["facts"])}
    assert cited <= {p["id"] for p in ingested["paragraphs"]}


async def test_reextract_replaces_only_extracted_facts(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    body = {
        "paragraphs": ["Germany pledged 5 billion euros in military aid to Ukraine on Monday."],
        "facts": {
            "events": [
                {
                    "type": "aid",
                    "summary": "Germany pledged aid to Ukraine",
                    "participants": [{"name": "Germany", "role": "agent"}],
                    "citations": [{"paragraph_index": 0, "quote": "Germany pledged"}],
                }
            ]
        },
    }
    created = (await client.post("/v1/articles", json=body, headers=admin_headers)).json()
    before = created["facts"]
    again = await client.post(f"/v1/articles/{created['id']}/extract", headers=admin_headers)
    assert again.status_code == 200
    after = again.json()["facts"]
    origins = lambda facts: sorted(  # noqa: E731
        f["provenance"]["origin"] for kind in ("events", "commitments") for f in facts[kind]
    )
    assert origins(after) == origins(before)
    assert origins(after).count("client") == 1
    assert [c["amount"] for c in after["commitments"]] == [
        c["amount"] for c in before["commitments"]
    ]
    unknown = await client.post("/v1/articles/999999/extract", headers=admin_headers)
    assert unknown.status_code == 404
