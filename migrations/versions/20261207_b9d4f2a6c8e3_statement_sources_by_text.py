"""a statement's source is its text's origin, not a column of its own

A statement counted for the source its cited text's origin names
(`claim_texts.origin`), and carried a copy of it (`claim_source`), indexed with its
report time.  When another outlet was found to have carried a text first, every
statement citing it was rewritten, a new row version in each of its table's
indexes.  Now the copy goes: a source's statements are its texts', read through a
new index by text (`ix_*_claim_text`), and its texts through an index by origin
(`ix_claim_texts_origin`); a move changes the text's row alone.  Each text also
says whether one current statement cites it and names the first (and its article),
so that a source's first statements are read from its texts, each text cited more
than once through its index.  A claim of one statement keeps no texts: its statement's outlet
is its source, as before.

Revision ID: b9d4f2a6c8e3
Revises: f4c9a1e7b3d5
Create Date: 2026-12-07 06:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b9d4f2a6c8e3"
down_revision: str | None = "f4c9a1e7b3d5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("commitments", "events")

# A statement's text key, as `app.models.claim.statement_text_key` writes it.
_TEXT_KEY = "coalesce(text_hash, '@' || outlet)"

_TEXT_COLUMNS = (
    ("cited_once", sa.Boolean()),
    ("first_statement_id", sa.BigInteger()),
    ("first_article_id", sa.BigInteger()),
)


def upgrade() -> None:
    for table in _TABLES:
        op.drop_index(f"ix_{table}_claim_source", table_name=table)
        op.create_index(
            f"ix_{table}_claim_text",
            table,
            ["claim_id", sa.text(_TEXT_KEY), "reported_at", "id"],
            postgresql_include=["article_id"],
            postgresql_where=sa.text("is_current"),
        )
        op.drop_column(table, "claim_source")
    for column, kind in _TEXT_COLUMNS:
        op.add_column("claim_texts", sa.Column(column, kind, nullable=True))
    for table in _TABLES:
        op.execute(
            "UPDATE claim_texts t SET cited_once = s.n = 1, first_statement_id = s.first_id,"
            " first_article_id = s.first_article FROM (SELECT claim_id,"
            f" {_TEXT_KEY} AS text_key, count(*) AS n,"
            " (array_agg(id ORDER BY reported_at, id))[1] AS first_id,"
            " (array_agg(article_id ORDER BY reported_at, id))[1] AS first_article"
            f" FROM {table} WHERE is_current AND claim_id IS NOT NULL GROUP BY 1, 2) s"
            " WHERE t.claim_id = s.claim_id AND t.text_key = s.text_key"
        )
    # A text no current statement cites counts for no source: a stale row.
    op.execute("DELETE FROM claim_texts WHERE cited_once IS NULL")
    for column, _ in _TEXT_COLUMNS:
        op.alter_column("claim_texts", column, nullable=False)
    op.create_index(
        "ix_claim_texts_origin",
        "claim_texts",
        ["claim_id", "origin", "first_at"],
        postgresql_include=["text_key", *(column for column, _ in _TEXT_COLUMNS)],
    )


def downgrade() -> None:
    op.drop_index("ix_claim_texts_origin", table_name="claim_texts")
    for column, _ in _TEXT_COLUMNS:
        op.drop_column("claim_texts", column)
    for table in _TABLES:
        op.add_column(table, sa.Column("claim_source", sa.Text(), nullable=True))
        op.execute(
            f"UPDATE {table} s SET claim_source = coalesce((SELECT t.origin FROM claim_texts t"
            f" WHERE t.claim_id = s.claim_id AND t.text_key = {_TEXT_KEY}), s.outlet)"
            " WHERE s.claim_id IS NOT NULL"
        )
        op.drop_index(f"ix_{table}_claim_text", table_name=table)
        op.create_index(
            f"ix_{table}_claim_source",
            table,
            ["claim_id", "claim_source", "reported_at", "id"],
            postgresql_include=["article_id"],
            postgresql_where=sa.text("is_current"),
        )
