"""The explorer's pages as HTML, without a browser: escaping, offsets, misses."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from markupsafe import escape
from sqlalchemy.ext.asyncio import AsyncSession

from app.articles.deletion import delete_article
from app.entities import repository as entity_reads
from tests.api.support import PostArticle
from tests.users.conftest import unique_article


async def test_article_page_escapes_text_and_carries_citation_offsets(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    text = 'Allies <img src=x onerror="alert(1)"> will spend 5% of GDP by 2035.'
    article = await post_article(
        unique_article(
            paragraphs=[text],
            facts={
                "commitments": [
                    {
                        "actor": {"name": "Allies"},
                        "metric": "defense & security",
                        "share_of_gdp": {"to": 5},
                        "target_year": 2035,
                        "citations": [{"paragraph_index": 0, "quote": "spend 5% of GDP"}],
                    }
                ]
            },
        )
    )
    response = await client.get(f"/articles/{article['id']}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page = response.text
    assert "<img" not in page
    assert str(escape(text)) in page  # as Jinja escapes it
    assert "defense &amp; security" in page
    citation = article["facts"]["commitments"][0]["citations"][0]
    assert f'data-start="{citation["start"]}" data-end="{citation["end"]}"' in page


async def test_missing_pages_answer_404_in_html(client: httpx.AsyncClient) -> None:
    response = await client.get("/entities/987654321")
    assert response.status_code == 404
    assert "There is no entity 987654321" in response.text


async def test_article_deleted_between_the_pages_reads_is_404_not_500(
    client: httpx.AsyncClient,
    post_article: PostArticle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reads run in autocommit, a statement each, so a delete can land between the
    article's read and its facts' read."""
    article = await post_article(unique_article(paragraphs=["Allies met in Brussels."]))
    read_mentions = entity_reads.article_mentions

    async def mentions_then_deleted(session: AsyncSession, article_id: int) -> Any:
        found = await read_mentions(session, article_id)
        assert await delete_article(session, article_id)
        return found

    monkeypatch.setattr(entity_reads, "article_mentions", mentions_then_deleted)
    response = await client.get(f"/articles/{article['id']}")
    assert response.status_code == 404
    assert f"There is no article {article['id']}" in response.text


async def test_explorer_pages_are_not_in_the_api_schema(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert "/" not in paths and "/commitments" not in paths and "/metrics" not in paths
