"""Inputs that mean the same as a valid one are taken as such; ambiguous ones are refused:
a decomposed-Unicode quote, a byte order mark before NDJSON, a number as a date, and a
Host header that must not leak into the ids the server hands out."""

from __future__ import annotations

import json
import unicodedata

import httpx
import pytest

from app.core.config import DEFAULT_BASE_URL, Settings
from tests.api.support import PostArticle, assert_problem
from tests.fixtures.app import MakeApp

PARAGRAPH = "José Manuel Albares said Spain would spend 2% of GDP on defence."


async def test_a_quote_in_decomposed_unicode_cites_the_stored_paragraph(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    decomposed = unicodedata.normalize("NFD", "José Manuel Albares")
    assert decomposed != "José Manuel Albares" and "e\u0301" in decomposed
    stored = await post_article(
        {
            "paragraphs": [unicodedata.normalize("NFD", PARAGRAPH)],
            "facts": {
                "entities": [
                    {
                        "name": "José Manuel Albares",
                        "type": "person",
                        "mentions": [{"paragraph_index": 0, "quote": decomposed}],
                    }
                ]
            },
        }
    )
    text = stored["paragraphs"][0]["text"]
    assert text == PARAGRAPH  # stored NFC
    entity_id = stored["facts"]["entities"][0]["id"]
    (mention,) = (await client.get(f"/v1/entities/{entity_id}/mentions")).json()["items"]
    assert text[mention["start"] : mention["end"]] == mention["quote"] == "José Manuel Albares"


@pytest.mark.parametrize("value", ["-0", "0", "1750842000", "1.5e9", 1750842000, 0.0])
async def test_a_number_is_not_a_publication_time(
    client: httpx.AsyncClient, admin_headers: dict[str, str], value: object
) -> None:
    response = await client.post(
        "/v1/articles?extract=false",
        json={"paragraphs": ["Ministers met."], "published_at": value},
        headers=admin_headers,
    )
    problem = assert_problem(response, 422)
    assert problem["errors"][0]["loc"] == ["body", "published_at"]


async def test_dates_and_date_times_are_still_taken(post_article: PostArticle) -> None:
    day = await post_article({"paragraphs": ["Day one."], "published_at": "2025-06-25"})
    assert day["published_at"] == "2025-06-25T00:00:00Z"
    moment = await post_article(
        {"paragraphs": ["Moment two."], "published_at": "2025-06-25T11:00:00+02:00"}
    )
    assert moment["published_at"] == "2025-06-25T09:00:00Z"


async def test_a_byte_order_mark_before_the_first_ndjson_line_is_skipped(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    lines = [json.dumps({"paragraphs": [f"Reliant BOM line {n} pledged aid."]}) for n in (1, 2)]
    response = await client.post(
        "/v1/articles/bulk?extract=false",
        content="\ufeff".encode() + "\n".join(lines).encode(),
        headers={**admin_headers, "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    results = [json.loads(line) for line in response.text.splitlines()]
    assert [(r["line"], r["status"]) for r in results] == [(1, 201), (2, 201)]
    first = (await client.get(f"/v1/articles/{results[0]['article_id']}")).json()
    assert first["paragraphs"][0]["text"] == "Reliant BOM line 1 pledged aid."
    # A mark anywhere else is no byte order mark: that line is refused on its own.
    response = await client.post(
        "/v1/articles/bulk?extract=false",
        content=(lines[0] + "\n\ufeff" + lines[1]).encode(),
        headers={**admin_headers, "Content-Type": "application/x-ndjson"},
    )
    statuses = [json.loads(line)["status"] for line in response.text.splitlines()]
    assert statuses == [200, 422]


async def _mention_annotation(client: httpx.AsyncClient, post_article: PostArticle) -> dict:
    stored = await post_article(
        {
            "paragraphs": ["Reliant Host met the press."],
            "facts": {
                "entities": [
                    {
                        "name": "Reliant Host",
                        "type": "person",
                        "mentions": [{"paragraph_index": 0, "quote": "Reliant Host"}],
                    }
                ]
            },
        }
    )
    entity = stored["facts"]["entities"][0]
    mention = (await client.get(f"/v1/entities/{entity['id']}/mentions")).json()["items"][0]
    response = await client.get(
        f"/v1/mentions/{mention['id']}/annotation", headers={"Host": "evil.example"}
    )
    assert response.status_code == 200, response.text
    return {"entity": entity, "mention": mention, "annotation": response.json()}


async def test_annotation_ids_ignore_the_host_header(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    found = await _mention_annotation(client, post_article)
    annotation, mention = found["annotation"], found["mention"]
    assert "evil.example" not in json.dumps(annotation)
    assert annotation["id"] == f"{DEFAULT_BASE_URL}/v1/mentions/{mention['id']}/annotation"
    assert annotation["target"]["source"] == (
        f"{DEFAULT_BASE_URL}/v1/paragraphs/{mention['paragraph_id']}"
    )


async def test_annotation_ids_use_the_configured_public_base_url(
    make_app: MakeApp, admin_headers: dict[str, str]
) -> None:
    base = "https://facts.example.org/store"
    async with make_app(public_base_url=base) as served:
        client = served.client

        async def post(body: dict, expect: int = 201) -> dict:
            response = await client.post(
                "/v1/articles?extract=false", json=body, headers=admin_headers
            )
            assert response.status_code == expect, response.text
            result: dict = response.json()
            return result

        found = await _mention_annotation(client, post)
    annotation = found["annotation"]
    assert annotation["id"] == f"{base}/v1/mentions/{found['mention']['id']}/annotation"
    assert annotation["body"] == f"{base}/v1/entities/{found['entity']['id']}"


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "ftp://files.example", "https://x.example/?a=1", "nohost"]
)
def test_the_public_base_url_must_be_a_plain_http_url(value: str) -> None:
    with pytest.raises(ValueError, match="FACTSTORE_PUBLIC_BASE_URL"):
        Settings(public_base_url=value)
    assert Settings(public_base_url="https://x.example/").base_url == "https://x.example"
