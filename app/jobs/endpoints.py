"""`GET /v1/jobs/{id}`: the state of an asynchronous ingestion and, once done, its article."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path
from sqlalchemy import text

from app.api.deps import IngestReader, SessionDep
from app.api.routing import ScopedRoute
from app.articles.schemas import JobOut, JobState, job_out
from app.articles.tasks import TASK
from app.core.errors import NotFound, Problem

router = APIRouter(prefix="/v1/jobs", tags=["jobs"], route_class=ScopedRoute)

_STATES: dict[str, JobState] = {
    "todo": "queued",
    "doing": "running",
    "succeeded": "done",
    "failed": "failed",
    "cancelled": "failed",
    "aborting": "running",
    "aborted": "failed",
}


JobId = Annotated[str, Path(max_length=64, description="The `id` the post answered with.")]


@router.get("/{job_id}", response_model=JobOut, responses={404: {"model": Problem}})
async def get_job(job_id: JobId, session: SessionDep, principal: IngestReader) -> JobOut:
    """Poll until `status` is `done` (then `article_url`) or `failed` (then `problem`).

    A job is shown only to the key that queued it (and to admins); to any other it
    does not exist, so its existence says nothing either."""
    try:
        public_id = uuid.UUID(job_id)
    except ValueError:
        raise NotFound(f"job {job_id} does not exist") from None
    row = (
        await session.execute(
            text(
                "SELECT j.status::text AS state, r.status, r.article_id, r.problem"
                " FROM ingest_jobs k JOIN procrastinate_jobs j ON j.id = k.id"
                " LEFT JOIN ingest_job_results r ON r.job_id = k.id"
                " WHERE k.public_id = :public_id AND j.task_name = :task"
                " AND (k.owner = :owner OR :admin)"
            ),
            {
                "public_id": public_id,
                "task": TASK,
                "owner": principal.id,
                "admin": principal.has("admin"),
            },
        )
    ).one_or_none()
    if row is None:
        raise NotFound(f"job {job_id} does not exist")
    out = job_out(public_id, _STATES.get(row.state, "failed"))
    if row.status is not None and row.status >= 400:
        out.status, out.problem = "failed", row.problem
    elif row.status is not None and out.status == "done":
        out.article_id, out.created = row.article_id, row.status == 201
        out.article_url = f"/v1/articles/{row.article_id}" if row.article_id else None
    elif out.status == "failed":
        out.problem = {"status": 500, "detail": "the job failed; post the article again"}
    return out
