"""A client of the local store: the app itself, in this process, over ASGI.

Without `--api` the commands run the very code the server runs (validation,
ingestion, exports) on the configured or embedded database.  The admin key of
this in-process app is random and never leaves the process.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from app.client import AsyncFactstoreClient
from app.core.config import Settings

LOCAL_BASE_URL = "http://factstore.local"


@asynccontextmanager
async def local_client(
    settings: Settings, database_url: str
) -> AsyncIterator[AsyncFactstoreClient]:
    from app.main import create_app

    key = secrets.token_urlsafe(32)
    app = create_app(settings.model_copy(update={"admin_key": key}), database_url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with AsyncFactstoreClient(LOCAL_BASE_URL, key, transport=transport) as client:
            yield client
