"""drop the article foreign keys of mentions and citations

Each mention and citation already carries the composite foreign key
`(paragraph_id, article_id) -> paragraphs (id, article_id)`, which pins it to a
paragraph of that very article (the paragraph's own key pins it to the article)
and cascades its deletion.  The separate `article_id -> articles` keys checked
the same thing again for every inserted row, at a cost to bulk ingestion.

Revision ID: 5b7e0c1d2a90
Revises: ce2a4da180a2
Create Date: 2026-11-25 06:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5b7e0c1d2a90"
down_revision: str | None = "ce2a4da180a2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_constraint("fk_mentions_article_id_articles", "mentions", type_="foreignkey")
    op.drop_constraint("fk_citations_article_id_articles", "citations", type_="foreignkey")


def downgrade() -> None:
    op.create_foreign_key(
        "fk_citations_article_id_articles",
        "citations",
        "articles",
        ["article_id"],
        ["id"],
        ondelete="CASCADE",
    )
    op.create_foreign_key(
        "fk_mentions_article_id_articles",
        "mentions",
        "articles",
        ["article_id"],
        ["id"],
        ondelete="CASCADE",
    )
