"""Events and the entities that take part in them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.vocabulary import DatePrecision, sql_in
from app.models.base import Base, CreatedAtMixin, IdMixin
from app.models.fact_columns import ArticleFactMixin, revision_key


class Event(IdMixin, CreatedAtMixin, ArticleFactMixin, Base):
    __tablename__ = "events"

    type: Mapped[str] = mapped_column(Text, nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    date_value: Mapped[str | None] = mapped_column(Text)
    date_precision: Mapped[str | None] = mapped_column(Text)
    # First day of the dated period, for `since`/`until` filters.
    date_start: Mapped[date | None] = mapped_column(Date)
    # The claim this statement belongs to (`app.claims`), the group it is settled
    # with, and the hash of the paragraph it cites (for syndicated copies).
    claim_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("claims.id", ondelete="SET NULL")
    )
    claim_group: Mapped[str | None] = mapped_column(Text)
    text_hash: Mapped[str | None] = mapped_column(Text)
    # Its article's publication time and outlet, copied when it joins (for counting
    # sources without reading the articles).
    reported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outlet: Mapped[str | None] = mapped_column(Text)
    # The outlet that first carried the paragraph it cites, of those in its claim:
    # the source it counts for (`app.claims.tallies`).
    claim_source: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        revision_key("events"),
        CheckConstraint("(date_value IS NULL) = (date_precision IS NULL)", name="date_complete"),
        CheckConstraint(
            "date_precision IS NULL OR " + sql_in("date_precision", DatePrecision),
            name="date_precision_known",
        ),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence_range"),
        Index("ix_events_current_id", "id", postgresql_where=text("is_current")),
        Index("ix_events_article_id_id", "article_id", "id"),
        Index("ix_events_type_id", "type", "id", postgresql_where=text("is_current")),
        Index("ix_events_date_start_id", "date_start", "id", postgresql_where=text("is_current")),
        # Every statement of a claim, retired ones too: what its foreign key's
        # `ON DELETE SET NULL` looks up when an emptied claim is deleted.
        Index("ix_events_claim_id", "claim_id"),
        # A claim's statements oldest report first, a page at a time; and each of its
        # sources' first statements and articles, read from the index alone
        # (`app.claims.repository`).
        Index(
            "ix_events_claim_reported_at_id",
            "claim_id",
            "reported_at",
            "id",
            postgresql_where=text("is_current"),
        ),
        Index(
            "ix_events_claim_source",
            "claim_id",
            "claim_source",
            "reported_at",
            "id",
            postgresql_include=["article_id"],
            postgresql_where=text("is_current"),
        ),
        Index("ix_events_claim_group", "claim_group", postgresql_where=text("is_current")),
    )


class EventParticipant(IdMixin, Base):
    __tablename__ = "event_participants"

    event_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    )
    # Null for a participant described rather than named ("protesters"): its text
    # stays in `name`, and it is no entity.
    entity_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("entities.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(Text, nullable=False)
    role: Mapped[str] = mapped_column(Text, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = (
        Index("ix_event_participants_entity_id_event_id", "entity_id", "event_id"),
        Index("ix_event_participants_event_id", "event_id"),
    )
