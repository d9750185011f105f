"""Regression tests for what Schemathesis (.ci/fuzz) found.  Others live where they
belong: NUL in query strings and numbers read as dates (test_limits.py), the 405
`Allow` header (test_hygiene.py), an empty bulk body (test_bulk.py)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.articles import service
from app.articles.deletion import delete_article
from app.articles.extraction import PROVENANCE
from app.core.errors import PROBLEM_MEDIA_TYPE
from app.core.types import NO_CONTROL_CHARACTERS
from app.extract.types import Facts
from tests.api.support import PostArticle, assert_problem

BODY = {"paragraphs": ["Reliant Theta pledged aid."]}


async def test_reextract_of_an_article_deleted_meanwhile_is_404_not_500(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    post_article: PostArticle,
    sessionmaker: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found as a 500 (a foreign-key violation): a DELETE landed while the extractor ran."""
    article = await post_article(BODY)

    async def extractor_meanwhile_deleted(parsed: Any, settings: Any) -> Any:
        async with sessionmaker() as other:
            assert await delete_article(other, article["id"])
            await other.commit()
        return Facts(), PROVENANCE

    monkeypatch.setattr(service, "extract_facts", extractor_meanwhile_deleted)
    response = await client.post(f"/v1/articles/{article['id']}/extract", headers=admin_headers)
    assert_problem(response, 404)


async def test_reextract_of_an_article_revised_meanwhile_is_409(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    post_article: PostArticle,
    sessionmaker: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article = await post_article(BODY)

    async def extractor_meanwhile_revised(parsed: Any, settings: Any) -> Any:
        async with sessionmaker() as other:
            await other.execute(
                text("UPDATE articles SET revision = revision + 1 WHERE id = :id"),
                {"id": article["id"]},
            )
            await other.commit()
        return Facts(), PROVENANCE

    monkeypatch.setattr(service, "extract_facts", extractor_meanwhile_revised)
    response = await client.post(f"/v1/articles/{article['id']}/extract", headers=admin_headers)
    assert_problem(response, 409)


async def test_openapi_says_what_the_server_enforces(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            # Reads are open (a key is optional); writes need one, and so does a read
            # that needs a scope of its own (polling a job needs `ingest`).
            security = operation.get("security")
            if method == "get" and security and "x-required-scope" not in operation:
                assert {} in security, (method, path)
            if "x-required-scope" in operation:
                assert security == [{"HTTPBearer": [operation["x-required-scope"]]}], path
            if method in ("post", "delete"):
                assert security and {} not in security, (method, path)
                # ...checked before the body is read (`ScopedRoute` marks the operation).
                assert "x-required-scope" in operation, (method, path)
            # Every error is a problem, whatever the route's own media type.
            for status, response in operation["responses"].items():
                if status[0] in "45" and "content" in response:
                    assert list(response["content"]) == [PROBLEM_MEDIA_TYPE], (path, status)
    # Text parameters say that control characters are refused.
    (q,) = [p for p in schema["paths"]["/v1/search"]["get"]["parameters"] if p["name"] == "q"]
    assert q["schema"]["pattern"] == NO_CONTROL_CHARACTERS
