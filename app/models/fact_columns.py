"""Columns shared by every stored fact: its article revision and its provenance."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, ForeignKeyConstraint, Text, text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class ArticleFactMixin:
    @declared_attr
    def article_id(cls) -> Mapped[int]:
        return mapped_column(
            BigInteger, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        )

    # Its foreign key is `revision_key`, with the article's id.
    revision_id: Mapped[int] = mapped_column(BigInteger, nullable=False)

    # False once a newer revision of the article is stored; reads serve current facts only.
    is_current: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))
    origin: Mapped[str] = mapped_column(Text, nullable=False)  # "client" | "extractor"
    extractor: Mapped[str | None] = mapped_column(Text)
    extractor_version: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, nullable=False, server_default=text("1"))


class SpanMixin:
    paragraph_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    paragraph_index: Mapped[int] = mapped_column(nullable=False)
    start: Mapped[int] = mapped_column(nullable=False)
    end: Mapped[int] = mapped_column(nullable=False)
    quote: Mapped[str] = mapped_column(Text, nullable=False)
    prefix: Mapped[str] = mapped_column(Text, nullable=False, server_default=text("''"))
    suffix: Mapped[str] = mapped_column(Text, nullable=False, server_default=text("''"))


def revision_key(table: str) -> ForeignKeyConstraint:
    """A fact's revision, of the fact's own article.  Keyed with the article's id,
    the delete of a revision finds the rows to cascade to through the table's index
    on `article_id`; keyed on `revision_id` alone, it would read the whole table for
    each revision deleted, as that column has no index of its own."""
    return ForeignKeyConstraint(
        ["revision_id", "article_id"],
        ["article_revisions.id", "article_revisions.article_id"],
        ondelete="CASCADE",
        name=f"fk_{table}_revision_article",
    )
