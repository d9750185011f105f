"""mentions carry their article's dated_at

`GET /v1/articles?entity_id=` walked the articles newest first and probed each for
a mention of the entity: for an entity named in a small share of the articles
that was thousands of probes a page in a large store.  With the article's `dated_at`
(which never changes once the article exists) on each mention, one index holds
the entity's articles in the list's own order.

Revision ID: 7c3f9a1d4e21
Revises: 5b7e0c1d2a90
Create Date: 2026-11-25 11:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c3f9a1d4e21"
down_revision: str | None = "5b7e0c1d2a90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("mentions", sa.Column("article_dated_at", sa.DateTime(timezone=True)))
    op.execute(
        "UPDATE mentions SET article_dated_at = articles.dated_at"
        " FROM articles WHERE articles.id = mentions.article_id"
    )
    op.alter_column("mentions", "article_dated_at", nullable=False)
    op.drop_index("ix_mentions_entity_article_current", table_name="mentions")
    op.create_index(
        "ix_mentions_entity_article_dated_current",
        "mentions",
        ["entity_id", "article_dated_at", "article_id"],
        postgresql_where=sa.text("is_current"),
    )


def downgrade() -> None:
    op.drop_index("ix_mentions_entity_article_dated_current", table_name="mentions")
    op.create_index(
        "ix_mentions_entity_article_current",
        "mentions",
        ["entity_id", "article_id"],
        postgresql_where=sa.text("is_current"),
    )
    op.drop_column("mentions", "article_dated_at")
