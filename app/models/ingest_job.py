"""Asynchronous ingestion jobs: who owns each, and their outcomes (the queue itself is
procrastinate's)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, Text, Uuid, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class IngestJob(Base):
    """A queued post as the API shows it: a random public id, and the caller that made it.

    The queue's own ids are sequential, so they are never shown: anyone could guess the
    next one.  Only the owner (or an admin) may read a job."""

    __tablename__ = "ingest_jobs"

    # The id of the job in `procrastinate_jobs`.
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    public_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, unique=True)
    owner: Mapped[str] = mapped_column(Text, nullable=False)  # `Principal.id`
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )


class IngestJobResult(Base):
    """Written by the worker in the transaction that stores the article."""

    __tablename__ = "ingest_job_results"

    # The id of the job in `procrastinate_jobs`.
    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    status: Mapped[int] = mapped_column(Integer, nullable=False)  # as POST /v1/articles would
    article_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("articles.id", ondelete="SET NULL")
    )
    problem: Mapped[Any | None] = mapped_column(JSONB)
    finished_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )

    # What deleting an article looks up to set its jobs' results to no article.
    __table_args__ = (
        Index(
            "ix_ingest_job_results_article_id",
            "article_id",
            postgresql_where=text("article_id IS NOT NULL"),
        ),
    )
