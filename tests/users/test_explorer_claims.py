"""The explorer's claim page, and the mark of how many sources back each fact."""

from __future__ import annotations

import httpx

from tests.api.support import PostArticle
from tests.api.test_claims import BBC, DELIVERED, REUTERS


async def test_a_claim_page_shows_sources_timeline_and_citations(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    stored = [await post_article(story) for story in (REUTERS, BBC, DELIVERED)]
    claim_id = stored[0]["facts"]["commitments"][0]["claim_id"]
    response = await client.get(f"/claims/{claim_id}")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page = response.text
    assert "3 sources" in page
    for outlet in ("reuters.com", "bbc.co.uk", "dw.com"):
        assert outlet in page
    assert '<span class="status">disbursed</span>' in page
    assert "Pledged EUR 2 billion, disbursed EUR 200 million, gap EUR 1.8 billion" in page
    for article in stored:
        quote = article["facts"]["commitments"][0]["citations"][0]["quote"]
        assert f"“{quote}”" in page
        assert f'href="/articles/{article["id"]}"' in page


async def test_each_fact_is_marked_with_its_sources(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    reuters = await post_article(REUTERS)
    await post_article(BBC)
    claim_id = reuters["facts"]["commitments"][0]["claim_id"]
    mark = (
        f'<a class="sources" href="/claims/{claim_id}" title="Outlets that report it">2 sources</a>'
    )
    assert mark in (await client.get("/commitments")).text
    assert mark in (await client.get(f"/articles/{reuters['id']}")).text


async def test_a_missing_claim_page_is_a_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/claims/987654321")
    assert response.status_code == 404
    assert "There is no claim 987654321" in response.text
