"""articles carry their document

An article's `ArticleOut` JSON was built by every read that shows the article: the
list, and each search hit (eleven fields, three timestamps formatted).  An article
row changes only when it is written (a revision updates it), so a trigger builds
the document then, and reads select it.  Its fields and timestamp format are those
`app.articles.documents` gives the article detail; a test holds the stored
document equal to the detail's article, after single and bulk revisions too.

Revision ID: 4d2b8e6f1a37
Revises: 7c3f9a1d4e21
Create Date: 2026-12-02 10:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4d2b8e6f1a37"
down_revision: str | None = "7c3f9a1d4e21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(column: str) -> str:
    """As pydantic writes an aware datetime: ISO 8601 in UTC with `Z`, microseconds
    only when there are some; null stays null."""
    return (
        f"replace(to_char(timezone('UTC', NEW.{column}),"
        f" 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '.000000Z', 'Z')"
    )


_DOCUMENT = (
    "json_build_object("
    "'id', NEW.id, 'url', NEW.url, 'title', NEW.title, 'standfirst', NEW.standfirst,"
    " 'source', NEW.source, 'language', NEW.language,"
    f" 'published_at', {_timestamp('published_at')},"
    " 'revision', NEW.revision, 'paragraph_count', NEW.paragraph_count,"
    f" 'created_at', {_timestamp('created_at')}, 'updated_at', {_timestamp('updated_at')}"
    ")::text"
)


def upgrade() -> None:
    op.add_column("articles", sa.Column("document", sa.Text()))
    op.execute(
        "CREATE FUNCTION articles_document() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN NEW.document := {_DOCUMENT}; RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER articles_document BEFORE INSERT OR UPDATE ON articles"
        " FOR EACH ROW EXECUTE FUNCTION articles_document()"
    )
    op.execute("UPDATE articles SET document = NULL")  # the trigger fills it in
    op.alter_column("articles", "document", nullable=False)


def downgrade() -> None:
    op.execute("DROP TRIGGER articles_document ON articles")
    op.execute("DROP FUNCTION articles_document()")
    op.drop_column("articles", "document")
