"""Citations: the exact spans that state an event or a commitment."""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.article import span_constraints
from app.models.base import Base, IdMixin
from app.models.fact_columns import SpanMixin


class Citation(IdMixin, SpanMixin, Base):
    __tablename__ = "citations"

    # No foreign key of its own: the composite (paragraph_id, article_id) key of
    # `span_constraints` pins the row to a paragraph of this article, and cascades.
    article_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    event_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("events.id", ondelete="CASCADE")
    )
    commitment_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("commitments.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))

    __table_args__ = (
        *span_constraints("citations"),
        CheckConstraint("num_nonnulls(event_id, commitment_id) = 1", name="one_fact"),
        Index("ix_citations_event_id", "event_id", postgresql_where=text("event_id IS NOT NULL")),
        Index(
            "ix_citations_commitment_id",
            "commitment_id",
            postgresql_where=text("commitment_id IS NOT NULL"),
        ),
        Index("ix_citations_paragraph_id", "paragraph_id"),
    )
