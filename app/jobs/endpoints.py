"""`GET /v1/jobs/{id}`: the state of an asynchronous ingestion and, once done, its article."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import text

from app.api.deps import IngestPrincipal, SessionDep
from app.core.errors import NotFound, Problem
from app.core.types import Id
from app.jobs.queue import TASK

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])

JobState = Literal["queued", "running", "done", "failed"]
_STATES: dict[str, JobState] = {
    "todo": "queued",
    "doing": "running",
    "succeeded": "done",
    "failed": "failed",
    "cancelled": "failed",
    "aborting": "running",
    "aborted": "failed",
}


class JobOut(BaseModel):
    id: int
    status: JobState
    url: str = Field(description="This job's URL.")
    article_id: int | None = Field(default=None, description="Once done: the stored article.")
    article_url: str | None = None
    created: bool | None = Field(
        default=None, description="Once done: a new story or revision (false: unchanged)."
    )
    problem: dict[str, object] | None = Field(
        default=None, description="When failed: why, as the synchronous post would answer."
    )


def job_out(job_id: int, state: JobState) -> JobOut:
    return JobOut(id=job_id, status=state, url=f"/v1/jobs/{job_id}")


@router.get("/{job_id}", response_model=JobOut, responses={404: {"model": Problem}})
async def get_job(job_id: Id, session: SessionDep, principal: IngestPrincipal) -> JobOut:
    """Poll until `status` is `done` (then `article_url`) or `failed` (then `problem`)."""
    row = (
        await session.execute(
            text(
                "SELECT j.status::text AS state, r.status, r.article_id, r.problem"
                " FROM procrastinate_jobs j LEFT JOIN ingest_job_results r ON r.job_id = j.id"
                " WHERE j.id = :id AND j.task_name = :task"
            ),
            {"id": job_id, "task": TASK},
        )
    ).one_or_none()
    if row is None:
        raise NotFound(f"job {job_id} does not exist")
    out = job_out(job_id, _STATES.get(row.state, "failed"))
    if row.status is not None and row.status >= 400:
        out.status, out.problem = "failed", row.problem
    elif row.status is not None and out.status == "done":
        out.article_id, out.created = row.article_id, row.status == 201
        out.article_url = f"/v1/articles/{row.article_id}" if row.article_id else None
    elif out.status == "failed":
        out.problem = {"status": 500, "detail": "the job failed; post the article again"}
    return out
