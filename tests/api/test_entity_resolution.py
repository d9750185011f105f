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
