"""Outcomes of asynchronous ingestion jobs (the jobs themselves are procrastinate's)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


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
