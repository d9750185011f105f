"""Articles (stories), their revisions, and the paragraphs facts cite."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ColumnElement,
    Computed,
    DateTime,
    FetchedValue,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy import (
    text as sa_text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, CreatedAtMixin, IdMixin


class Article(IdMixin, CreatedAtMixin, Base):
    """One story.  `story_key` is its identity: the normalised URL, or the text's hash."""

    __tablename__ = "articles"

    story_key: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    standfirst: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    dated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    revision: Mapped[int] = mapped_column(Integer, nullable=False, server_default=sa_text("1"))
    content_hash: Mapped[str] = mapped_column(Text, nullable=False)
    paragraph_count: Mapped[int] = mapped_column(
        Integer, nullable=False, server_default=sa_text("0")
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    # `ArticleOut` as JSON text, built by the trigger `articles_document()` whenever the
    # row is written (its body is rendered from the model in `app.articles.documents`);
    # reads send it as it is.
    document: Mapped[str] = mapped_column(
        Text, nullable=False, server_default=FetchedValue(), server_onupdate=FetchedValue()
    )

    paragraphs: Mapped[list[Paragraph]] = relationship(
        lazy="raise",
        primaryjoin="and_(Article.id == Paragraph.article_id, Paragraph.is_current)",
        order_by="Paragraph.index",
        viewonly=True,
    )

    __table_args__ = (
        CheckConstraint("revision >= 1", name="revision_positive"),
        Index("ix_articles_dated_at_id", "dated_at", "id"),
        Index("ix_articles_source_dated_at_id", "source", "dated_at", "id"),
    )


class ArticleRevision(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "article_revisions"

    article_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    content_hash: Mapped[str] = mapped_column(Text, nullable=False)

    __table_args__ = (
        UniqueConstraint("article_id", "number"),
        # Target of the foreign keys that pin a fact to a revision of its own article
        # (`app.models.fact_columns.revision_key`).
        UniqueConstraint("id", "article_id"),
    )


class Paragraph(IdMixin, Base):
    __tablename__ = "paragraphs"

    article_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )
    revision_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("article_revisions.id", ondelete="CASCADE"), nullable=False
    )
    index: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str] = mapped_column(Text, nullable=False, server_default=sa_text("'body'"))
    # A paragraph of the same article (foreign key below, with the article's id).
    duplicate_of_id: Mapped[int | None] = mapped_column(BigInteger)
    is_current: Mapped[bool] = mapped_column(
        Boolean, nullable=False, server_default=sa_text("true")
    )
    tsv: Mapped[str] = mapped_column(
        TSVECTOR, Computed("to_tsvector('english', text)", persisted=True)
    )

    __table_args__ = (
        UniqueConstraint("revision_id", "index"),
        # Target of the composite foreign keys that pin a citation to its article.
        UniqueConstraint("id", "article_id"),
        # With the article's id, so that deleting a paragraph finds its repeats through
        # `ix_paragraphs_article_id_index`, not by reading every paragraph.
        ForeignKeyConstraint(
            ["duplicate_of_id", "article_id"],
            ["paragraphs.id", "paragraphs.article_id"],
            ondelete="CASCADE",
            name="fk_paragraphs_duplicate_of",
        ),
        CheckConstraint("index >= 0", name="index_nonnegative"),
        CheckConstraint("kind IN ('body', 'heading')", name="kind_known"),
        # `tsv` with a lexeme per block of ids (migrations e4a7c2b9f310, b3e8d1f4a6c9): search reads
        # the matches of one id range at a time, newest first.
        Index(
            "ix_paragraphs_search",
            sa_text("paragraph_search_vector(tsv, id)"),
            postgresql_using="gin",
        ),
        Index("ix_paragraphs_article_id_index", "article_id", "index"),
    )


def search_vector() -> ColumnElement[str]:
    """A paragraph's indexed search vector: `tsv` and its id-block lexemes, which no
    user query holds, so `search_vector() @@ query` matches what `tsv @@ query` does,
    through the index."""
    return func.paragraph_search_vector(Paragraph.tsv, Paragraph.id, type_=TSVECTOR)


def span_constraints(table: str) -> tuple[CheckConstraint | ForeignKeyConstraint, ...]:
    """Constraints every cited span carries: a real paragraph of the same article, a sane span."""
    return (
        ForeignKeyConstraint(
            ["paragraph_id", "article_id"],
            ["paragraphs.id", "paragraphs.article_id"],
            ondelete="CASCADE",
            name=f"fk_{table}_paragraph_article",
        ),
        CheckConstraint('start >= 0 AND "end" > start', name="span_ordered"),
        CheckConstraint('char_length(quote) = "end" - start', name="quote_length"),
    )
