"""Ingesting the fixture article (written like a scraped news page): front matter,
paragraphs, duplicates, story identity."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.support import assert_problem

URL = "https://news.example.com/world/rutte-nato?utm_source=feed"
HEADLINE = "NATO Allies Sign Up to a Five Percent Goal"


def _commitment(paragraph_index: int, quote: str) -> dict[str, Any]:
    return {
        "actor": {"name": "NATO member states", "type": "group"},
        "metric": "defense spending",
        "share_of_gdp": {"from": 2, "to": 5},
        "target_year": 2035,
        "citations": [{"paragraph_index": paragraph_index, "quote": quote}],
    }


async def test_sample_front_matter_and_paragraphs(
    client: httpx.AsyncClient, admin_headers: dict[str, str], sample_text: str
) -> None:
    response = await client.post(
        "/v1/articles?extract=false", json={"text": sample_text}, headers=admin_headers
    )
    assert response.status_code == 201, response.text
    article = response.json()
    assert response.headers["location"] == f"/v1/articles/{article['id']}"

    # The headline appears twice in bold: it is the title; the other bold lines lead.
    assert article["title"] == HEADLINE
    standfirst = article["standfirst"]
    assert "Allies leave Brussels with a far steeper spending target" in standfirst
    assert "The secretary general kept Washington on side" in standfirst
    assert HEADLINE not in standfirst
    assert "**" not in standfirst

    paragraphs = article["paragraphs"]
    assert article["paragraph_count"] == 7
    assert [p["index"] for p in paragraphs] == list(range(7))
    assert paragraphs[0]["text"].startswith("Leaders of the North Atlantic Treaty Organization")
    assert all(p["kind"] == "body" for p in paragraphs)
    assert all("**" not in p["text"] for p in paragraphs)
    first_three = [p["duplicate_of"] for p in paragraphs[:4]]
    assert first_three == [None, None, None, None]
    # Paragraphs 4, 5, 6 repeat 1, 2, 3.
    assert [p["duplicate_of"] for p in paragraphs[4:]] == [p["id"] for p in paragraphs[1:4]]
    for repeat, original in zip(paragraphs[4:], paragraphs[1:4], strict=True):
        assert repeat["text"] == original["text"]

    # The stored article reads back the same.
    stored = (await client.get(response.headers["location"])).json()
    assert stored["paragraphs"] == paragraphs
    assert stored["title"] == HEADLINE


async def test_repost_same_text_is_200_with_same_article(
    client: httpx.AsyncClient, admin_headers: dict[str, str], sample_text: str
) -> None:
    first = await client.post(
        "/v1/articles?extract=false", json={"text": sample_text}, headers=admin_headers
    )
    assert first.status_code == 201
    # No url: identity is the text, and whitespace differences do not make it new.
    again = await client.post(
        "/v1/articles?extract=false",
        json={"text": sample_text.replace("\n", "\r\n") + "\n\n"},
        headers=admin_headers,
    )
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["revision"] == 1
    listing = (await client.get("/v1/articles")).json()
    assert [a["id"] for a in listing["items"]] == [first.json()["id"]]


async def test_different_text_without_url_is_a_new_article(
    client: httpx.AsyncClient, admin_headers: dict[str, str], sample_text: str
) -> None:
    first = await client.post(
        "/v1/articles?extract=false", json={"text": sample_text}, headers=admin_headers
    )
    other = await client.post(
        "/v1/articles?extract=false",
        json={"text": sample_text + "\nA new closing paragraph."},
        headers=admin_headers,
    )
    assert first.status_code == other.status_code == 201
    assert other.json()["id"] != first.json()["id"]


async def test_same_url_same_text_is_200(
    client: httpx.AsyncClient, admin_headers: dict[str, str], sample_text: str
) -> None:
    body = {"url": URL, "text": sample_text}
    first = await client.post("/v1/articles?extract=false", json=body, headers=admin_headers)
    assert first.status_code == 201
    # The same story under a spelling of its URL that differs only in case and tracking.
    same = {"url": "HTTPS://News.Example.com/world/rutte-nato", "text": sample_text}
    again = await client.post("/v1/articles?extract=false", json=same, headers=admin_headers)
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["revision"] == 1


async def test_same_url_changed_text_is_a_new_revision(
    client: httpx.AsyncClient, admin_headers: dict[str, str], sample_text: str
) -> None:
    quote_v1 = "increase defense spending from 2% to 5% of GDP by 2035"
    v1 = {
        "url": URL,
        "text": sample_text,
        "facts": {
            "entities": [
                {
                    "name": "Ukraine",
                    "type": "location",
                    "mentions": [{"paragraph_index": 3, "quote": "Ukraine"}],
                }
            ],
            "commitments": [_commitment(1, quote_v1)],
        },
    }
    first = await client.post("/v1/articles?extract=false", json=v1, headers=admin_headers)
    assert first.status_code == 201, first.text
    article_id = first.json()["id"]
    old_commitment = first.json()["facts"]["commitments"][0]
    old_paragraph_ids = [p["id"] for p in first.json()["paragraphs"]]
    (ukraine,) = [e for e in first.json()["facts"]["entities"] if e["name"] == "Ukraine"]
    assert ukraine["article_count"] == 1

    new_text = sample_text.replace("from 2% to 5% of GDP by 2035", "from 2% to 3.5% of GDP by 2030")
    assert new_text != sample_text
    v2 = {
        "url": URL,
        "text": new_text,
        "facts": {
            "commitments": [
                {
                    **_commitment(1, "increase defense spending from 2% to 3.5% of GDP by 2030"),
                    "share_of_gdp": {"from": 2, "to": 3.5},
                    "target_year": 2030,
                }
            ]
        },
    }
    second = await client.post("/v1/articles?extract=false", json=v2, headers=admin_headers)
    assert second.status_code == 201, second.text
    assert second.headers["location"] == f"/v1/articles/{article_id}"
    body = second.json()
    assert body["id"] == article_id
    assert body["revision"] == 2
    assert "3.5% of GDP by 2030" in body["paragraphs"][1]["text"]
    assert body["paragraphs"][4]["duplicate_of"] == body["paragraphs"][1]["id"]

    # Reads serve the new revision only.
    detail = (await client.get(f"/v1/articles/{article_id}")).json()
    assert detail["revision"] == 2
    assert [p["id"] for p in detail["paragraphs"]] == [p["id"] for p in body["paragraphs"]]
    assert not set(old_paragraph_ids) & {p["id"] for p in detail["paragraphs"]}

    commitments = (await client.get("/v1/commitments")).json()["items"]
    assert [c["target_year"] for c in commitments] == [2030]
    assert commitments[0]["share_of_gdp"] == {"from": 2.0, "to": 3.5}
    assert commitments[0]["citations"][0]["paragraph_id"] == body["paragraphs"][1]["id"]
    gone = await client.get(f"/v1/commitments/{old_commitment['id']}")
    assert_problem(gone, 404)
    assert (await client.get("/v1/commitments", params={"target_year": 2035})).json()["items"] == []

    facts = (await client.get(f"/v1/articles/{article_id}/facts")).json()
    assert [c["target_year"] for c in facts["commitments"]] == [2030]
    assert all(e["name"] != "Ukraine" for e in facts["entities"])

    # The entity only the old revision mentioned no longer counts that article.
    entity = (await client.get(f"/v1/entities/{ukraine['id']}")).json()
    assert entity["mention_count"] == 0
    assert entity["article_count"] == 0
    mentions = (await client.get(f"/v1/entities/{ukraine['id']}/mentions")).json()
    assert mentions["items"] == []
    by_entity = await client.get("/v1/articles", params={"entity_id": ukraine["id"]})
    assert by_entity.json()["items"] == []

    # Re-posting the first version again is a change, so it makes revision 3.
    third = await client.post("/v1/articles?extract=false", json=v1, headers=admin_headers)
    assert third.status_code == 201
    assert third.json()["revision"] == 3
    assert (await client.get(f"/v1/entities/{ukraine['id']}")).json()["article_count"] == 1


async def test_paragraphs_body_and_bad_bodies(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    response = await client.post(
        "/v1/articles?extract=false",
        json={"title": "Given title", "paragraphs": ["One.", "  Two.  ", "One."]},
        headers=admin_headers,
    )
    assert response.status_code == 201, response.text
    article = response.json()
    assert article["title"] == "Given title"
    assert [p["text"] for p in article["paragraphs"]] == ["One.", "Two.", "One."]
    assert article["paragraphs"][2]["duplicate_of"] == article["paragraphs"][0]["id"]

    blank = await client.post(
        "/v1/articles?extract=false",
        json={"paragraphs": ["One.", "   "]},
        headers=admin_headers,
    )
    assert_problem(blank, 422)
    empty = await client.post(
        "/v1/articles?extract=false", json={"text": "---\n\n"}, headers=admin_headers
    )
    assert_problem(empty, 422)
