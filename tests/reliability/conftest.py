"""Fixtures for the reliability tests: apps over a real, committing pool; scratch databases.

The `client` fixture of the suite runs everything on one rolled-back connection,
which cannot show races, timeouts or a pool running dry.  These fixtures give an
app its own engine (as in production) and clean up what it committed.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import partial
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, event
from sqlalchemy.ext.asyncio import AsyncEngine

from app.core.config import Settings
from app.core.db import Engines
from app.core.migrate import upgrade
from app.main import create_app
from app.models import ApiKey, Article, Entity, IdempotencyRecord
from tests.api.conftest import make_key, post_article
from tests.databases import drop_database, recreate_database

__all__ = ["make_key", "post_article"]  # the API tests' fixtures, shared

# Everything these tests commit carries this URL prefix or entity name prefix.
URL_PREFIX = "https://reliability.example/"
ENTITY_PREFIX = "Reliant "

LiveApp = Callable[..., AbstractAsyncContextManager[tuple[httpx.AsyncClient, Engines]]]


def _name_connection(name: str, dbapi_connection: Any, record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"SET application_name = '{name}'")
    cursor.close()


async def _clean(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(delete(Article).where(Article.url.like(URL_PREFIX + "%")))
        await conn.execute(delete(Entity).where(Entity.name.like(ENTITY_PREFIX + "%")))
        await conn.execute(delete(IdempotencyRecord).where(IdempotencyRecord.key.like("rel-%")))
        await conn.execute(delete(ApiKey).where(ApiKey.name.like("rel-%")))


@pytest.fixture
def live_app(settings: Settings) -> LiveApp:
    """`async with live_app(**setting_overrides) as (client, engines)`: an app with its own
    pools that commit for real; what it stored under `URL_PREFIX` is deleted afterwards."""

    @asynccontextmanager
    async def make(**overrides: Any) -> AsyncIterator[tuple[httpx.AsyncClient, Engines]]:
        assert settings.database_url is not None
        live = settings.model_copy(update=overrides)
        engines = Engines.open(live, settings.database_url)
        # A name of its own, so pg_stat_activity shows this app's connections only.
        name = f"factstore-test-{uuid.uuid4().hex[:12]}"
        for engine in (engines.writes, engines.reads):
            event.listen(engine.sync_engine, "connect", partial(_name_connection, name))
            engine.sync_engine.application_name = name  # type: ignore[attr-defined]
        app = create_app(live)
        engines.install(app.state)
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                yield client, engines
        finally:
            await _clean(engines.writes)
            await engines.dispose()

    return make


@pytest.fixture
def scratch_database(database_url: str) -> Iterator[Callable[[str], str]]:
    """`scratch_database(name)`: a fresh, migrated database on the suite's server; its URL.
    Dropped at the end of the test."""
    made: list[str] = []

    def make(name: str) -> str:
        url = recreate_database(database_url, name)
        made.append(name)
        upgrade(url)
        return url

    yield make
    for name in made:
        drop_database(database_url, name)
