"""The FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app import __version__
from app.annotations.endpoints import router as annotations_router
from app.articles.endpoints import router as articles_router
from app.articles.extraction import get_pool, shutdown_pools
from app.claims import joining
from app.claims.endpoints import router as claims_router
from app.commitments.endpoints import entity_router as entity_commitments_router
from app.commitments.endpoints import router as commitments_router
from app.core.body_limit import BodySizeLimitMiddleware
from app.core.config import Settings, get_settings
from app.core.db import Engines, SessionMiddleware
from app.core.errors import Problem, install_problem_handlers
from app.core.head import HeadAsGetMiddleware
from app.core.heap import freeze_startup_objects
from app.core.openapi import install_openapi
from app.core.rate_limit import TokenBuckets
from app.core.security_headers import install_security_headers
from app.entities.endpoints import router as entities_router
from app.events.endpoints import entity_router as entity_events_router
from app.events.endpoints import router as events_router
from app.health.endpoints import router as health_router
from app.jobs.endpoints import router as jobs_router
from app.jobs.queue import make_queue
from app.observability.endpoints import router as metrics_router
from app.observability.middleware import ObservabilityMiddleware
from app.search.endpoints import router as search_router
from app.web.claim_pages import router as claim_pages_router
from app.web.docs import MetricsAccess, install_docs
from app.web.views import install_explorer

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
    413: {"model": Problem, "description": "The request body is too large."},
    422: {"model": Problem, "description": "Validation error; `errors` lists each bad field."},
    429: {"model": Problem, "description": "Writes too fast for this key; see Retry-After."},
    503: {"model": Problem, "description": "The database is unavailable; retry later."},
}


def create_app(settings: Settings | None = None, database_url: str | None = None) -> FastAPI:
    """Build the app; the engines are made at start-up from `database_url` (or settings)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        url = database_url or settings.database_url
        if url is None:
            raise RuntimeError("no database URL: `factstore serve` provides one")
        engines = Engines.open(settings, url)
        engines.install(app.state)
        if settings.extract_default:
            get_pool(settings).warm_up()
        app.state.queue = make_queue(url)
        freeze_startup_objects()
        try:
            async with app.state.queue.open_async():
                yield
        finally:
            shutdown_pools()
            await engines.dispose()

    app = FastAPI(
        title="factstore",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        responses=COMMON_ERRORS,
        # Served by `install_docs`, open or behind the read key as configured.
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    joining.ENABLED = settings.join_claims
    app.state.write_limiter = TokenBuckets(
        settings.write_rate_per_minute, settings.write_rate_burst
    )
    install_problem_handlers(app)
    app.add_middleware(SessionMiddleware)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        )
    app.add_middleware(HeadAsGetMiddleware)
    # Outermost: it times and logs the whole answer and tags it with a request id.
    app.add_middleware(ObservabilityMiddleware)
    for router in (
        health_router,
        articles_router,
        entities_router,
        entity_events_router,
        entity_commitments_router,
        events_router,
        commitments_router,
        claims_router,
        search_router,
        jobs_router,
        annotations_router,
    ):
        app.include_router(router)
    app.include_router(metrics_router, dependencies=[MetricsAccess])
    install_docs(app)
    install_explorer(app)
    app.include_router(claim_pages_router)
    install_openapi(app)
    install_security_headers(app)
    return app
