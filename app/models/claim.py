"""Claims: one commitment or event as reported across articles and outlets.

A claim is identified by its `key`, a pure function of what its statements say
(see `app.claims.keys`), so equal keys meet in one row whatever order the
articles arrive in, and the unique index makes concurrent creators agree on it.
`group_key` is the wider set of statements whose claims are settled together
(under one lock); the remaining columns are derived from the claim's current
statements whenever one of them changes (`app.claims.joining`).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, CreatedAtMixin, IdMixin


class Claim(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "claims"

    kind: Mapped[str] = mapped_column(Text, nullable=False)
    key: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    group_key: Mapped[str] = mapped_column(Text, nullable=False)
    # Join keys of a commitment claim.
    actor_entity_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("entities.id", ondelete="SET NULL")
    )
    metric_class: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(Text)  # a currency code, "gdp" or "none"
    currency: Mapped[str | None] = mapped_column(Text)
    target_year: Mapped[int | None] = mapped_column(Integer)
    # Join keys of an event claim.
    event_type: Mapped[str | None] = mapped_column(Text)
    # Derived from the current statements.
    entity_ids: Mapped[list[int]] = mapped_column(
        ARRAY(BigInteger), nullable=False, server_default=text("'{}'")
    )
    status: Mapped[str | None] = mapped_column(Text)
    statement_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    source_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    # The metric and actor name of the earliest statement (ties: alphabetical).
    metric: Mapped[str | None] = mapped_column(Text)
    actor_name: Mapped[str | None] = mapped_column(Text)
    named_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_reported: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_reported: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The claim's fields as `ClaimOut` gives them, JSON text sent to readers as it is.
    document: Mapped[str] = mapped_column(Text, nullable=False, server_default=text("'{}'"))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )

    __table_args__ = (
        CheckConstraint("kind IN ('commitment', 'event')", name="kind_known"),
        CheckConstraint(
            "status IS NULL OR status IN ('pledged', 'committed', 'allocated', 'disbursed',"
            " 'revised', 'withdrawn')",
            name="status_known",
        ),
        Index("ix_claims_group_key", "group_key"),
        # What deleting an entity looks up to set the claims' actor to null.
        Index(
            "ix_claims_actor_entity_id",
            "actor_entity_id",
            postgresql_where=text("actor_entity_id IS NOT NULL"),
        ),
        Index("ix_claims_kind_id", "kind", "id"),
        Index("ix_claims_currency_id", "currency", "id"),
        Index("ix_claims_target_year_id", "target_year", "id"),
        Index("ix_claims_event_type_id", "event_type", "id"),
        Index("ix_claims_first_reported_id", "first_reported", "id"),
        # GIN without a pending list (fast update): claims are updated too often
        # for vacuum to keep it short, and every search reads it through.
        Index(
            "ix_claims_entity_ids",
            "entity_ids",
            postgresql_using="gin",
            postgresql_with={"fastupdate": "off"},
        ),
        # What joining looks event claims up by (see the migrations that made it:
        # over every claim, so that the look-up need not name `kind`).
        Index(
            "ix_claims_participant_keys",
            func.claim_participant_keys(text("group_key"), text("entity_ids")),
            postgresql_using="gin",
            postgresql_with={"fastupdate": "off"},
        ),
    )


# A claim's tallies, kept up to date as statements join (added to) and leave
# (recounted): the claim is summarised from them, not from its statements.  They
# have no foreign key to `claims`: a check per tally row written would cost every
# ingest, and a claim is only deleted once its recount has cleared its tallies
# (`app.claims.tallies`).


class ClaimBucket(Base):
    """Statements of a claim at one stage with values in one bucket (-1: no value)."""

    __tablename__ = "claim_buckets"

    claim_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    lifecycle: Mapped[str] = mapped_column(Text, primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)
    first: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    min_amount: Mapped[Decimal | None] = mapped_column(Numeric)
    max_amount: Mapped[Decimal | None] = mapped_column(Numeric)
    gdp_from: Mapped[Decimal | None] = mapped_column(Numeric)
    gdp_to: Mapped[Decimal | None] = mapped_column(Numeric)


class ClaimText(Base):
    """A cited paragraph text of a claim (or `@outlet` for statements without one),
    and the outlet that carried it first: its origin, the source its statements
    count for."""

    __tablename__ = "claim_texts"

    claim_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    text_key: Mapped[str] = mapped_column(Text, primary_key=True)
    first_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    origin: Mapped[str] = mapped_column(Text, nullable=False)


class ClaimLabel(Base):
    """How many of an event claim's statements give one label: a summary (`kind`
    "s"), a date ("d" and its precision's rank, the label "value|precision"), or a
    participant's name ("n" and its entity id).  The claim shows the most given
    (ties to the least by code point), its kind's `top`: adding statements compares
    the labels they add with the kind's top alone, whatever the claim's size."""

    __tablename__ = "claim_labels"

    claim_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    label: Mapped[str] = mapped_column(Text, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)
    top: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))

    __table_args__ = (
        # A claim's tops, one a kind, without its other labels.
        Index("ix_claim_labels_top", "claim_id", postgresql_where=text("top")),
    )


class ClaimSource(Base):
    """A source of a claim: the outlet (`origin`) that first carried some of its
    cited texts, with the full counts of the statements and articles that count for
    it (theirs and their copies', whose outlets are `syndicated`, by code point).
    Its first statements are read through their index on their `claim_source`."""

    __tablename__ = "claim_sources"

    claim_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    origin: Mapped[str] = mapped_column(Text, primary_key=True)
    statement_count: Mapped[int] = mapped_column(Integer, nullable=False)
    article_count: Mapped[int] = mapped_column(Integer, nullable=False)
    first_reported: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    syndicated: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)


class ClaimsRebuild(Base):
    """A rebuild of the stored statements' claims that a migration made due (`keys`:
    their claim columns computed again, then every group settled; `groups`: every
    group settled), done after the migrations by `app.claims.rebuild`."""

    __tablename__ = "claims_rebuild"

    scope: Mapped[str] = mapped_column(Text, primary_key=True)
