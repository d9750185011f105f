"""DELETE /v1/articles/{id}: the article and the facts only it supports go."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.support import PostArticle, assert_problem


def _cite(quote: str) -> list[dict[str, Any]]:
    return [{"paragraph_index": 0, "quote": quote}]


async def test_delete_removes_article_and_facts_only_it_supports(
    client: httpx.AsyncClient, admin_headers: dict[str, str], post_article: PostArticle
) -> None:
    doomed = await post_article(
        {
            "url": "https://example.com/doomed",
            "paragraphs": ["Ruritania and Freedonia met in Paris.", "Ruritania and Freedonia met."],
            "facts": {
                "entities": [
                    {"name": "Ruritania", "type": "location", "mentions": _cite("Ruritania")},
                    {"name": "Freedonia", "type": "location", "mentions": _cite("Freedonia")},
                ],
                "events": [
                    {
                        "type": "meeting",
                        "summary": "They met",
                        "participants": [
                            {"name": "Freedonia", "role": "guest"},
                            {"name": "Rufus T. Firefly", "type": "person", "role": "host"},
                        ],
                        "citations": _cite("met in Paris"),
                    }
                ],
                "commitments": [
                    {
                        "actor": {"name": "Sylvania", "type": "location"},
                        "metric": "aid",
                        "citations": _cite("Ruritania and Freedonia"),
                    }
                ],
            },
        }
    )
    survivor = await post_article(
        {
            "paragraphs": ["Freedonia stays."],
            "facts": {
                "entities": [
                    {"name": "Freedonia", "type": "location", "mentions": _cite("Freedonia")}
                ]
            },
        }
    )
    entities = {e["name"]: e for e in doomed["facts"]["entities"]}
    ruritania, freedonia = entities["Ruritania"], entities["Freedonia"]
    (event,) = doomed["facts"]["events"]
    (commitment,) = doomed["facts"]["commitments"]
    firefly = event["participants"][1]["entity_id"]
    sylvania = commitment["actor"]["entity_id"]
    assert (await client.get(f"/v1/entities/{freedonia['id']}")).json()["article_count"] == 2
    for entity_id in (firefly, sylvania):
        assert (await client.get(f"/v1/entities/{entity_id}")).status_code == 200

    response = await client.delete(f"/v1/articles/{doomed['id']}", headers=admin_headers)
    assert response.status_code == 204
    assert response.content == b""

    assert_problem(await client.get(f"/v1/articles/{doomed['id']}"), 404)
    assert_problem(await client.get(f"/v1/articles/{doomed['id']}/facts"), 404)
    for paragraph in doomed["paragraphs"]:
        assert_problem(await client.get(f"/v1/paragraphs/{paragraph['id']}"), 404)
    assert_problem(await client.get(f"/v1/events/{event['id']}"), 404)
    assert_problem(await client.get(f"/v1/commitments/{commitment['id']}"), 404)
    # Entities only the deleted article named are gone: mentioned, participant, actor.
    for entity_id in (ruritania["id"], firefly, sylvania):
        assert_problem(await client.get(f"/v1/entities/{entity_id}"), 404)

    # The shared entity stays, with its counts down to the surviving article.
    kept = (await client.get(f"/v1/entities/{freedonia['id']}")).json()
    assert kept["mention_count"] == 1
    assert kept["article_count"] == 1
    mentions = (await client.get(f"/v1/entities/{freedonia['id']}/mentions")).json()["items"]
    assert [m["article_id"] for m in mentions] == [survivor["id"]]

    assert [a["id"] for a in (await client.get("/v1/articles")).json()["items"]] == [survivor["id"]]
    assert (await client.get("/v1/events")).json()["items"] == []
    assert (await client.get("/v1/commitments")).json()["items"] == []
    hits = (await client.get("/v1/search", params={"q": "Paris"})).json()["items"]
    assert hits == []
    names = {e["name"] for e in (await client.get("/v1/entities")).json()["items"]}
    assert names == {"Freedonia"}

    # Deleting again: 404.  The story can be posted afresh.
    again = await client.delete(f"/v1/articles/{doomed['id']}", headers=admin_headers)
    assert_problem(again, 404)
    reposted = await post_article({"url": "https://example.com/doomed", "paragraphs": ["New."]})
    assert reposted["revision"] == 1
    assert reposted["id"] != doomed["id"]


async def test_delete_of_a_revised_article(
    client: httpx.AsyncClient, admin_headers: dict[str, str], post_article: PostArticle
) -> None:
    url = "https://example.com/revised"
    first = await post_article(
        {
            "url": url,
            "paragraphs": ["Old text about Atlantis."],
            "facts": {
                "entities": [
                    {"name": "Atlantis", "type": "location", "mentions": _cite("Atlantis")}
                ]
            },
        }
    )
    second = await post_article({"url": url, "paragraphs": ["New text."]})
    assert second["revision"] == 2
    atlantis = first["facts"]["entities"][0]["id"]
    response = await client.delete(f"/v1/articles/{first['id']}", headers=admin_headers)
    assert response.status_code == 204
    assert_problem(await client.get(f"/v1/paragraphs/{first['paragraphs'][0]['id']}"), 404)
    assert_problem(await client.get(f"/v1/paragraphs/{second['paragraphs'][0]['id']}"), 404)
    assert_problem(await client.get(f"/v1/entities/{atlantis}"), 404)
