"""HEAD is answered wherever GET is; the explorer's errors are pages for a browser
while the API's stay problem details."""

from __future__ import annotations

import httpx
import pytest

from tests.api.support import PostArticle, assert_problem

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.fixture
async def article_id(post_article: PostArticle) -> int:
    stored = await post_article({"paragraphs": ["Reliant Head pledged 3 billion euros."]})
    article: int = stored["id"]
    return article


GET_PATHS = (
    "/v1/articles",
    "/v1/articles?format=csv",
    "/v1/entities",
    "/v1/events",
    "/v1/commitments",
    "/v1/search?q=pledged",
    "/v1/articles/{id}",
    "/v1/articles/{id}/facts",
    "/healthz",
    "/readyz",
    "/metrics",
    "/openapi.json",
    "/",
    "/commitments",
    "/articles/{id}",
    "/static/explorer.js",
)


@pytest.mark.parametrize("template", GET_PATHS)
async def test_head_answers_as_get_without_a_body(
    client: httpx.AsyncClient, article_id: int, template: str
) -> None:
    path = template.format(id=article_id)
    get = await client.get(path)
    head = await client.head(path)
    assert get.status_code == 200, get.text
    assert head.status_code == 200, (path, head.status_code)
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    if "content-length" in head.headers and template != "/metrics":  # metrics move on
        assert int(head.headers["content-length"]) == len(get.content)


async def test_head_keeps_errors_and_the_allow_header(client: httpx.AsyncClient) -> None:
    missing = await client.head("/v1/articles/999999999")
    assert missing.status_code == 404 and missing.content == b""
    assert missing.headers["content-type"].startswith("application/problem+json")
    refused = await client.request("PUT", "/v1/entities")
    assert_problem(refused, 405)
    assert refused.headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/articles/not-a-number", 422),
        ("/articles/999999999", 404),
        ("/entities/0", 422),
        ("/commitments?cursor=not-a-cursor", 400),
        ("/no-such-page", 404),
    ],
)
async def test_explorer_errors_are_pages_for_a_browser(
    client: httpx.AsyncClient, path: str, status: int
) -> None:
    page = await client.get(path, headers=HTML)
    assert page.status_code == status, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>" in page.text and "Traceback" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    # A client that does not ask for HTML still gets problem details (a missing
    # article or entity has always been the explorer's own "not found" page).
    if path != "/articles/999999999":
        assert_problem(await client.get(path), status)


async def test_api_errors_stay_problems_even_for_a_browser(client: httpx.AsyncClient) -> None:
    for path, status in (("/v1/articles/not-a-number", 422), ("/v1/articles/999999999", 404)):
        assert_problem(await client.get(path, headers=HTML), status)
