"""A commitment's actor that is a description, not a name, is no entity."""

from __future__ import annotations

import httpx

from tests.api.support import PostArticle


async def test_described_actor_keeps_its_text_and_makes_no_entity(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    text = "The prime minister pledged to spend 3% of GDP on defence by 2030."
    article = await post_article(
        {
            "paragraphs": [text],
            "facts": {
                "commitments": [
                    {
                        "actor": {"name": "prime minister"},
                        "metric": "defence spending",
                        "share_of_gdp": {"to": 3},
                        "target_year": 2030,
                        "citations": [{"paragraph_index": 0, "quote": text[:-1]}],
                    }
                ]
            },
        }
    )
    (commitment,) = article["facts"]["commitments"]
    assert commitment["actor"] == {"entity_id": None, "name": "prime minister"}
    found = (await client.get("/v1/entities", params={"q": "prime minister"})).json()["items"]
    assert found == []
