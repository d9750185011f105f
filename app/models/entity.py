"""Entities resolved across articles, their aliases, and every mention of them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from app.core.vocabulary import EntityType, sql_in
from app.models.article import span_constraints
from app.models.base import Base, CreatedAtMixin, IdMixin
from app.models.fact_columns import ArticleFactMixin, SpanMixin, revision_key


class Entity(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "entities"

    name: Mapped[str] = mapped_column(Text, nullable=False)
    # The resolution key: the normalised name (see app/entities/names.py).
    norm: Mapped[str] = mapped_column(Text, nullable=False)
    type: Mapped[str] = mapped_column(Text, nullable=False)
    mention_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    article_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    # Name and aliases, for `q` look-ups by word prefix without pg_trgm.
    search: Mapped[str | None] = mapped_column(TSVECTOR)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )

    __table_args__ = (
        CheckConstraint(sql_in("type", EntityType), name="type_known"),
        CheckConstraint("mention_count >= 0 AND article_count >= 0", name="counts_nonnegative"),
        # One entity per name and type: "Jordan" the person is not Jordan the country.
        UniqueConstraint("norm", "type"),
        Index("ix_entities_type_id", "type", "id"),
        # Surname-only mentions ("Rutte") meet full names ("Mark Rutte") on this key.
        Index(
            "ix_entities_person_surname",
            text("regexp_replace(norm, '^.* ', '')"),
            postgresql_where=text("type = 'person'"),
        ),
        Index("ix_entities_search", "search", postgresql_using="gin"),
    )


class EntityAlias(IdMixin, Base):
    __tablename__ = "entity_aliases"

    entity_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False
    )
    alias: Mapped[str] = mapped_column(Text, nullable=False)
    norm: Mapped[str] = mapped_column(Text, nullable=False, index=True)

    __table_args__ = (UniqueConstraint("entity_id", "norm"),)


class Mention(IdMixin, ArticleFactMixin, SpanMixin, Base):
    __tablename__ = "mentions"

    # No foreign key of its own: the composite (paragraph_id, article_id) key of
    # `span_constraints` already pins the row to a paragraph of this very article
    # (whose own key pins it to the article), and cascades its deletion.
    article_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    entity_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False
    )
    # The article's `dated_at` (fixed for the article's life), so the articles that
    # mention an entity come newest first from one index.
    article_dated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)

    __table_args__ = (
        *span_constraints("mentions"),
        revision_key("mentions"),
        UniqueConstraint("entity_id", "paragraph_id", "start", "end"),
        Index("ix_mentions_entity_current", "entity_id", "id", postgresql_where=text("is_current")),
        # Articles mentioning an entity, newest first (`GET /v1/articles?entity_id=`).
        Index(
            "ix_mentions_entity_article_dated_current",
            "entity_id",
            "article_dated_at",
            "article_id",
            postgresql_where=text("is_current"),
        ),
        Index("ix_mentions_article_id", "article_id"),
        Index("ix_mentions_paragraph_id", "paragraph_id"),
    )
