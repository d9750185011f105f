"""The explorer's claim page, and the mark of how many sources back each fact."""

from __future__ import annotations

import html
import json
import re

import httpx

from tests.api import test_claim_pages as claim_pages
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


def _more(page: str, label: str) -> str | None:
    """The page's "more" link of `label`, as a path to follow."""
    found = re.search(rf'<a class="more" href="([^"]+)">{label}</a>', page)
    return html.unescape(found.group(1)) if found else None


async def test_a_long_claim_page_pages_its_timeline_and_citations(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    stories = claim_pages.stories()
    lines = "\n".join(json.dumps(story) for story in stories)
    response = await client.post(
        "/v1/articles/bulk",
        params={"extract": "false"},
        content=lines.encode(),
        headers={**admin_headers, "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    (claim,) = (await client.get("/v1/claims")).json()["items"]
    first = (await client.get(f"/claims/{claim['id']}")).text
    # The citations: the detail's first 20, then pages of the statements list.
    shown, pages, path = first.count('<li class="fact">'), 1, _more(first, "more citations")
    while path is not None:
        page = (await client.get(path)).text
        shown += page.count('<li class="fact">')
        pages += 1
        path = _more(page, "more citations")
    assert (shown, pages) == (len(stories), 3)  # 20, 50 and the rest
    # The timeline: 50 steps a page.
    rows = first.count('<td class="num">') // 2
    later = _more(first, "more of the timeline")
    assert rows == 50 and later is not None
    rest = (await client.get(later)).text
    assert rest.count('<td class="num">') // 2 == len(stories) - 50
    assert _more(rest, "more of the timeline") is None
