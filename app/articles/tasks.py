"""The ingestion task, run by a worker from the job queue (`jobs/queue.py`).

`POST /v1/articles?wait=false` defers `ingest_article` with the request body;
`factstore worker` runs it: the same `ingest_article` as a synchronous post, plus
an `ingest_job_results` row (status, article id or problem) written in the same
transaction, which `GET /v1/jobs/{id}` reads beside procrastinate's own status.
Any number of workers, on any number of machines, may take jobs from one queue.
"""

from __future__ import annotations

import uuid
from typing import Any

from procrastinate import App, JobContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.articles import service
from app.articles.extraction import check_extraction_budget
from app.articles.schemas import ArticleIn
from app.core.config import Settings
from app.core.errors import FactstoreError
from app.models import IngestJob, IngestJobResult

QUEUE = "ingest"
TASK = "factstore.ingest_article"


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
