"""Fixtures: a migrated real PostgreSQL database, each test rolled back.

With `DATABASE_URL` set, the tests create a database `factstore_test` on that
server; otherwise they start the embedded PostgreSQL in a temporary directory.
Each test runs inside a transaction that is rolled back at its end; the code
under test commits to savepoints (`join_transaction_mode="create_savepoint"`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from app.core.config import Settings
from app.core.migrate import upgrade
from app.main import create_app
from tests.databases import recreate_database

ADMIN_KEY = "test-admin-key-0123456789abcdef"
TEST_DATABASE = "factstore_test"


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    server_url = os.environ.get("DATABASE_URL")
    if server_url:
        async_url = Settings(database_url=server_url).database_url or ""
        url = recreate_database(async_url, TEST_DATABASE)
        upgrade(url)
        yield url
        return
    from app.core.embedded import start_embedded

    with tempfile.TemporaryDirectory(prefix="factstore-test-") as data_dir:
        url = start_embedded(Path(data_dir), database=TEST_DATABASE)
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    # Extraction in a thread of the test process: one model load for the whole run.
    return Settings(
        database_url=database_url,
        admin_key=ADMIN_KEY,
        data_dir=Path("/nonexistent"),
        extract_workers=0,
    )


@pytest.fixture(scope="session")
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    assert settings.database_url is not None
    engine = create_async_engine(settings.database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as conn:
        transaction = await conn.begin()
        yield conn
        await transaction.rollback()


@pytest.fixture
def sessionmaker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        bind=connection,
        expire_on_commit=False,
        autoflush=False,
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
async def session(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


@pytest.fixture
async def client(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    app.state.sessionmaker = sessionmaker
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.fixture
def admin_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_KEY}"}
