"""The job queue (procrastinate, in our own Postgres) and the ingestion task.

`POST /v1/articles?wait=false` defers `ingest_article` with the request body;
`factstore worker` runs it: the same `ingest_article` as a synchronous post, plus
an `ingest_job_results` row (status, article id or problem) written in the same
transaction, which `GET /v1/jobs/{id}` reads beside procrastinate's own status.
Any number of workers, on any number of machines, may take jobs from one queue.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from procrastinate import App, JobContext, PsycopgConnector
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.articles import service
from app.articles.schemas import ArticleIn
from app.core.config import Settings
from app.core.errors import FactstoreError
from app.models import IngestJobResult

QUEUE = "ingest"
TASK = "factstore.ingest_article"


def libpq_url(url: str) -> str:
    """Our `postgresql+asyncpg://` URL in the form libpq (psycopg) reads."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", *parts[1:]))


def make_queue(database_url: str) -> App:
    """A procrastinate app on our database (open it before use)."""
    queue = App(connector=PsycopgConnector(conninfo=libpq_url(database_url)))
    queue.task(name=TASK, queue=QUEUE, pass_context=True)(ingest_article)
    return queue


async def ingest_article(context: JobContext, body: dict[str, Any], extract: bool) -> None:
    sessionmaker: async_sessionmaker[AsyncSession] = context.additional_context["sessionmaker"]
    settings: Settings = context.additional_context["settings"]
    job_id = context.job.id
    assert job_id is not None
    try:
        async with sessionmaker() as session, session.begin():
            outcome = await service.ingest_article(
                session, ArticleIn.model_validate(body), extract=extract, settings=settings
            )
            session.add(
                IngestJobResult(
                    job_id=job_id,
                    status=201 if outcome.created else 200,
                    article_id=outcome.article_id,
                )
            )
    except FactstoreError as exc:
        # The body was checked when the job was deferred; a store that changed since
        # (say, a concurrent revision) can still refuse it.
        async with sessionmaker() as session, session.begin():
            problem = {"status": exc.status_code, "detail": exc.detail, "errors": exc.errors}
            session.add(IngestJobResult(job_id=job_id, status=exc.status_code, problem=problem))


async def defer_ingest(queue: App, payload: ArticleIn, settings: Settings, *, extract: bool) -> int:
    """Check the post as a synchronous one would (422 now, not later), then queue it."""
    service.prepare_article(payload, settings)
    body = payload.model_dump(mode="json", by_alias=True, exclude_unset=True)
    job_id: int = await queue.configure_task(TASK).defer_async(body=body, extract=extract)
    return job_id
