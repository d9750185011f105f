"""The job queue (procrastinate, in our own Postgres) and the ingestion task.

`POST /v1/articles?wait=false` defers `ingest_article` with the request body;
`factstore worker` runs it: the same `ingest_article` as a synchronous post, plus
an `ingest_job_results` row (status, article id or problem) written in the same
transaction, which `GET /v1/jobs/{id}` reads beside procrastinate's own status.
Any number of workers, on any number of machines, may take jobs from one queue.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from procrastinate import App, JobContext, PsycopgConnector
from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.articles import service
from app.articles.extraction import check_extraction_budget
from app.articles.schemas import ArticleIn
from app.core.config import Settings
from app.core.errors import FactstoreError
from app.models import IngestJob, IngestJobResult

QUEUE = "ingest"
TASK = "factstore.ingest_article"
CLEANUP_TASK = "factstore.remove_ended_jobs"


def libpq_url(url: str) -> str:
    """Our `postgresql+asyncpg://` URL in the form libpq (psycopg) reads."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", *parts[1:]))


def make_queue(database_url: str) -> App:
    """A procrastinate app on our database (open it before use)."""
    queue = App(connector=PsycopgConnector(conninfo=libpq_url(database_url)))
    queue.task(name=TASK, queue=QUEUE, pass_context=True)(ingest_article)
    cleanup = queue.task(name=CLEANUP_TASK, queue=QUEUE, pass_context=True)(remove_ended_jobs)
    queue.periodic(cron="17 * * * *", periodic_id=CLEANUP_TASK)(cleanup)
    return queue


async def ingest_article(context: JobContext, body: dict[str, Any], extract: bool) -> None:
    sessionmaker: async_sessionmaker[AsyncSession] = context.additional_context["sessionmaker"]
    settings: Settings = context.additional_context["settings"]
    job_id = context.job.id
    assert job_id is not None
    try:
        # One transaction, the article's and its result's, committed here; it begins at
        # the write, after the extractor ran (see `service.ingest_article`).
        async with sessionmaker() as session:
            outcome = await service.ingest_article(
                session,
                ArticleIn.model_validate(body),
                extract=extract,
                settings=settings,
                look_up=sessionmaker,
            )
            session.add(
                IngestJobResult(
                    job_id=job_id,
                    status=201 if outcome.created else 200,
                    article_id=outcome.article_id,
                )
            )
            await session.commit()
    except FactstoreError as exc:
        # The body was checked when the job was deferred; a store that changed since
        # (say, a concurrent revision) can still refuse it.
        async with sessionmaker() as session, session.begin():
            problem = {"status": exc.status_code, "detail": exc.detail, "errors": exc.errors}
            session.add(IngestJobResult(job_id=job_id, status=exc.status_code, problem=problem))


async def remove_ended_jobs(context: JobContext, timestamp: int) -> None:
    """Hourly (run by whichever worker takes it): forget ingestion jobs that ended more
    than `FACTSTORE_JOB_RETENTION_HOURS` ago, and their results; their articles stay."""
    sessionmaker: async_sessionmaker[AsyncSession] = context.additional_context["sessionmaker"]
    settings: Settings = context.additional_context["settings"]
    await remove_jobs_ended_before(context.app, sessionmaker, settings.job_retention_hours)


async def remove_jobs_ended_before(
    queue: App, sessionmaker: async_sessionmaker[AsyncSession], hours: int
) -> None:
    await queue.job_manager.delete_old_jobs(
        nb_hours=hours,
        queue=QUEUE,
        include_failed=True,
        include_cancelled=True,
        include_aborted=True,
    )
    async with sessionmaker() as session, session.begin():
        await session.execute(
            delete(IngestJobResult).where(
                IngestJobResult.finished_at < func.now() - timedelta(hours=hours)
            )
        )
        # The public ids of jobs the queue no longer has.
        queued = (
            select(text("1"))
            .select_from(text("procrastinate_jobs p"))
            .where(text("p.id = ingest_jobs.id"))
        )
        await session.execute(delete(IngestJob).where(~queued.exists()))


async def defer_ingest(
    queue: App,
    session: AsyncSession,
    payload: ArticleIn,
    settings: Settings,
    *,
    extract: bool,
    owner: str,
) -> uuid.UUID:
    """Check the post as a synchronous one would (422 or 413 now, not later), queue
    it, and note its owner under a new random public id (in `session`, committed
    with the answer); that id is the one the caller sees."""
    prepared = await service.prepare_article_off_loop(payload, settings)
    if extract:
        check_extraction_budget(prepared.parsed, settings)
    body = payload.model_dump(mode="json", by_alias=True, exclude_unset=True)
    job_id: int = await queue.configure_task(TASK).defer_async(body=body, extract=extract)
    public_id = uuid.uuid4()
    session.add(IngestJob(id=job_id, public_id=public_id, owner=owner))
    await session.flush()
    return public_id
