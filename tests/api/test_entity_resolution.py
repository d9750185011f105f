"""Cross-article resolution of names the gazetteer knows, and of extracted vs. client facts."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.support import PostArticle


def _mention(name: str, kind: str, text: str) -> dict[str, Any]:
    return {"name": name, "type": kind, "mentions": [{"paragraph_index": 0, "quote": name}]}


async def test_known_country_spellings_meet_on_one_entity(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    spellings = ["the United States", "USA", "United States of America"]
    for n, name in enumerate(spellings):
        text = f"Officials in {name} confirmed the plan on day {n}."
        await post_article(
            {"paragraphs": [text], "facts": {"entities": [_mention(name, "location", text)]}}
        )
    found = (await client.get("/v1/entities", params={"type": "location"})).json()["items"]
    assert len(found) == 1
    assert found[0]["article_count"] == 3
    assert found[0]["mention_count"] == 3


async def test_known_organisation_and_its_acronym_meet(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    for name in ("North Atlantic Treaty Organization", "NATO"):
        text = f"{name} ministers met on Tuesday."
        await post_article(
            {"paragraphs": [text], "facts": {"entities": [_mention(name, "organization", text)]}}
        )
    found = (await client.get("/v1/entities", params={"q": "nato"})).json()["items"]
    assert len(found) == 1
    assert found[0]["article_count"] == 2
    # The second spelling was seen in text, so it is recorded as an alias.
    assert {found[0]["name"], *found[0]["aliases"]} >= {
        "North Atlantic Treaty Organization",
        "NATO",
    }


async def test_unknown_names_do_not_merge_by_gazetteer(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    for name in ("Acme Widgets", "Acme Gadgets"):
        text = f"{name} announced results."
        await post_article(
            {"paragraphs": [text], "facts": {"entities": [_mention(name, "organization", text)]}}
        )
    found = (await client.get("/v1/entities", params={"q": "acme"})).json()["items"]
    assert sorted(e["name"] for e in found) == ["Acme Gadgets", "Acme Widgets"]


async def test_names_learned_later_are_searchable(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    async def find(q: str) -> list[dict[str, Any]]:
        response = await client.get("/v1/entities", params={"q": q})
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    first = "Orvel Dynamics cut its forecast."
    await post_article(
        {
            "paragraphs": [first],
            "facts": {"entities": [_mention("Orvel Dynamics", "organization", first)]},
        }
    )
    (stored,) = await find("orvel")
    assert await find("odx") == []

    # A later article gives the stored entity an alias: `q` finds it by that too.
    second = "Orvel Dynamics (ODX) raised prices."
    aliased = {**_mention("Orvel Dynamics", "organization", second), "aliases": ["ODX"]}
    await post_article({"paragraphs": [second], "facts": {"entities": [aliased]}})
    assert [e["id"] for e in await find("odx")] == [stored["id"]]

    # A name met only as an event participant is searchable, its role a mention.
    third = "Orvel Dynamics met Kestrel Hobart on Monday."
    event = {
        "type": "meeting",
        "summary": "Orvel Dynamics met Kestrel Hobart",
        "participants": [{"name": "Kestrel Hobart", "role": "guest", "type": "person"}],
        "citations": [{"paragraph_index": 0, "quote": "met Kestrel Hobart"}],
    }
    entity = _mention("Orvel Dynamics", "organization", third)
    await post_article({"paragraphs": [third], "facts": {"entities": [entity], "events": [event]}})
    (guest,) = await find("kestrel")
    assert guest["name"] == "Kestrel Hobart"
    assert (guest["mention_count"], guest["article_count"]) == (1, 1)

    # Articles that add no new name leave the search as it was, counts moving on.
    (orvel,) = await find("odx")
    assert orvel["id"] == stored["id"]
    assert orvel["mention_count"] == 3
    assert orvel["aliases"] == ["ODX"]
