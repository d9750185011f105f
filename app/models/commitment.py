"""Spending commitments, pledges and targets."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from app.core.vocabulary import CommitmentStatus, sql_in
from app.models.base import Base, CreatedAtMixin, IdMixin
from app.models.fact_columns import ArticleFactMixin, revision_key


class Commitment(IdMixin, CreatedAtMixin, ArticleFactMixin, Base):
    __tablename__ = "commitments"

    actor_entity_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("entities.id", ondelete="SET NULL")
    )
    actor_name: Mapped[str | None] = mapped_column(Text)
    metric: Mapped[str] = mapped_column(Text, nullable=False)
    amount_value: Mapped[Decimal | None] = mapped_column(Numeric)
    amount_currency: Mapped[str | None] = mapped_column(Text)
    gdp_from: Mapped[Decimal | None] = mapped_column(Numeric)
    gdp_to: Mapped[Decimal | None] = mapped_column(Numeric)
    target_year: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(Text)
    # The claim this statement belongs to (`app.claims`), the group of claims it is
    # settled with, its stage in the aid vocabulary (pledged ... disbursed), its
    # value's bucket, and the hash of the paragraph it cites (for syndicated copies).
    claim_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("claims.id", ondelete="SET NULL")
    )
    claim_group: Mapped[str | None] = mapped_column(Text)
    lifecycle: Mapped[str | None] = mapped_column(Text)
    value_bucket: Mapped[int | None] = mapped_column(Integer)
    text_hash: Mapped[str | None] = mapped_column(Text)
    # Its article's publication time and outlet, copied when it joins (for counting
    # sources without reading the articles).
    reported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outlet: Mapped[str | None] = mapped_column(Text)
    # The outlet that first carried the paragraph it cites, of those in its claim:
    # the source it counts for (`app.claims.tallies`).
    claim_source: Mapped[str | None] = mapped_column(Text)
    search: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "to_tsvector('english', coalesce(actor_name, '') || ' ' || metric)", persisted=True
        ),
    )

    __table_args__ = (
        revision_key("commitments"),
        CheckConstraint(
            "(amount_value IS NULL) = (amount_currency IS NULL)", name="amount_complete"
        ),
        CheckConstraint("amount_currency ~ '^[A-Z]{3}$'", name="currency_iso"),
        CheckConstraint("amount_value >= 0", name="amount_nonnegative"),
        CheckConstraint(
            "gdp_from BETWEEN 0 AND 1000 AND gdp_to BETWEEN 0 AND 1000", name="gdp_range"
        ),
        CheckConstraint("target_year BETWEEN 1800 AND 2500", name="target_year_range"),
        CheckConstraint(
            "status IS NULL OR " + sql_in("status", CommitmentStatus),
            name="status_known",
        ),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence_range"),
        Index("ix_commitments_current_id", "id", postgresql_where=text("is_current")),
        Index("ix_commitments_article_id_id", "article_id", "id"),
        # Retired statements too: deleting an entity sets their actor to null through it.
        Index("ix_commitments_actor_id", "actor_entity_id", "id"),
        Index(
            "ix_commitments_currency_id",
            "amount_currency",
            "id",
            postgresql_where=text("is_current"),
        ),
        Index(
            "ix_commitments_target_year_id",
            "target_year",
            "id",
            postgresql_where=text("is_current"),
        ),
        Index("ix_commitments_search", "search", postgresql_using="gin"),
        # Every statement of a claim, retired ones too: what its foreign key's
        # `ON DELETE SET NULL` looks up when an emptied claim is deleted.
        Index("ix_commitments_claim_id", "claim_id"),
        # A claim's statements oldest report first, a page at a time; and each of its
        # sources' first statements and articles, read from the index alone
        # (`app.claims.repository`).
        Index(
            "ix_commitments_claim_reported_at_id",
            "claim_id",
            "reported_at",
            "id",
            postgresql_where=text("is_current"),
        ),
        Index(
            "ix_commitments_claim_source",
            "claim_id",
            "claim_source",
            "reported_at",
            "id",
            postgresql_include=["article_id"],
            postgresql_where=text("is_current"),
        ),
        Index(
            "ix_commitments_unjoined",
            "claim_group",
            postgresql_where=text("is_current AND claim_id IS NULL"),
        ),
        Index(
            "ix_commitments_undated",
            "claim_group",
            postgresql_where=text("is_current AND target_year IS NULL"),
        ),
    )
