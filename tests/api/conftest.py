"""Helpers for the API tests: the fixture article, posting, and API keys of given scopes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.keys.service import create_key
from tests.api.support import MakeKey, PostArticle

# Written for the tests like a scraped news page (see tests/extract/test_sample.py).
SAMPLE_PATH = Path(__file__).parents[1] / "data" / "alliance_summit.md"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE_PATH.read_text(encoding="utf-8")


@pytest.fixture
def post_article(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> PostArticle:
    """POST an article without the built-in extractor; assert the status; return the body."""

    async def post(body: dict[str, Any], expect: int = 201, **kwargs: Any) -> dict[str, Any]:
        response = await client.post(
            "/v1/articles", params={"extract": "false"}, json=body, headers=admin_headers, **kwargs
        )
        assert response.status_code == expect, response.text
        data: dict[str, Any] = response.json()
        return data

    return post


@pytest.fixture
def make_key(session: AsyncSession) -> MakeKey:
    """Create an API key with `scopes` (committed to the test's savepoint); return its headers."""

    async def make(*scopes: str) -> dict[str, str]:
        key = await create_key(session, list(scopes), None)
        await session.commit()
        return {"Authorization": f"Bearer {key}"}

    return make
