"""The job queue (procrastinate, in our own Postgres): the app that defers and runs
jobs, with the tasks registered, and the hourly clean-up of ended jobs.

The ingestion task itself lives with the articles (`articles/tasks.py`).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from procrastinate import App, JobContext, PsycopgConnector
from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.articles.tasks import QUEUE, TASK, ingest_article
from app.core.config import Settings
from app.models import IngestJob, IngestJobResult

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
