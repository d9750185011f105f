"""The FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app import __version__
from app.articles.endpoints import router as articles_router
from app.commitments.endpoints import router as commitments_router
from app.core.config import Settings, get_settings
from app.core.db import SessionMiddleware, create_engine, create_sessionmaker
from app.core.errors import Problem, install_problem_handlers
from app.core.openapi import install_openapi
from app.entities.endpoints import router as entities_router
from app.events.endpoints import router as events_router
from app.health.endpoints import router as health_router
from app.search.endpoints import router as search_router

DESCRIPTION = """
A news fact store: post articles; query the **entities**, **events** and **spending
commitments** they state, each with citations to the exact paragraph and span.

Errors are RFC 9457 problem details. Lists are keyset-paged: pass `next_cursor`
back as `cursor`.
"""

COMMON_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": Problem, "description": "Bad request (e.g. a malformed cursor)."},
    401: {"model": Problem, "description": "Missing or unknown API key."},
    403: {"model": Problem, "description": "The API key lacks the needed scope."},
    422: {"model": Problem, "description": "Validation error; `errors` lists each bad field."},
    503: {"model": Problem, "description": "The database is unavailable; retry later."},
}


def create_app(settings: Settings | None = None, database_url: str | None = None) -> FastAPI:
    """Build the app; the engine is made at start-up from `database_url` (or settings)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        url = database_url or settings.database_url
        if url is None:
            raise RuntimeError("no database URL: `factstore serve` provides one")
        engine = create_engine(settings, url)
        app.state.sessionmaker = create_sessionmaker(engine)
        try:
            yield
        finally:
            await engine.dispose()

    app = FastAPI(
        title="factstore",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        responses=COMMON_ERRORS,
    )
    app.state.settings = settings
    install_problem_handlers(app)
    app.add_middleware(SessionMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        )
    for router in (
        health_router,
        articles_router,
        entities_router,
        events_router,
        commitments_router,
        search_router,
    ):
        app.include_router(router)
    install_openapi(app)
    return app
