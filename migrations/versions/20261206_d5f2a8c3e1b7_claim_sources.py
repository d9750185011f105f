"""claim sources

A claim's sources as tallies (`claim_sources`, one row per outlet that first
carried some of its cited texts: the counts of the statements and articles that
count for it, its first report, the outlets that copied it), kept as statements
join; and each statement's source (`claim_source`), indexed with its report time,
so that a source's first statements are read from the index.  A claim's detail
then reads a row and an index range per source instead of every statement of the
claim.  Filled here from the current statements, with the rule the detail applied
when read.

`claim_origins` (how many texts each outlet carried first, whose outlets with
any were the claim's sources) goes: `claim_sources` counts them.  The index by
report time no longer carries what sources were counted from; the tally tables
lose their foreign key to `claims` (the check ran for every tally row ingest
writes; a claim is only deleted once its tallies are cleared).  Then every claim
is to be recounted with the code ingestion uses (its sources, and its source
count from them): recorded here, done after the migrations (`app.claims.rebuild`).

Revision ID: d5f2a8c3e1b7
Revises: c7f2a9e4d1b8
Create Date: 2026-12-06 03:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "d5f2a8c3e1b7"
down_revision: str | None = "c7f2a9e4d1b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TALLIES = ("claim_buckets", "claim_texts", "claim_labels")
_STATEMENTS = ("commitments", "events")


def upgrade() -> None:
    op.create_table(
        "claim_sources",
        sa.Column("claim_id", sa.BigInteger(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("statement_count", sa.Integer(), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("first_reported", sa.DateTime(timezone=True), nullable=False),
        sa.Column("syndicated", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("claim_id", "origin", name=op.f("pk_claim_sources")),
    )
    for table in _STATEMENTS:
        op.add_column(table, sa.Column("claim_source", sa.Text(), nullable=True))
        op.drop_index(f"ix_{table}_claim_reported_at_id", table_name=table)
        op.create_index(
            f"ix_{table}_claim_reported_at_id",
            table,
            ["claim_id", "reported_at", "id"],
            postgresql_where=sa.text("is_current"),
        )
        op.create_index(
            f"ix_{table}_claim_source",
            table,
            ["claim_id", "claim_source", "reported_at", "id"],
            postgresql_include=["article_id"],
            postgresql_where=sa.text("is_current"),
        )
    for table in _TALLIES:
        op.drop_constraint(op.f(f"fk_{table}_claim_id_claims"), table, type_="foreignkey")
    op.drop_table("claim_origins")
    _recount_all()


def _recount_all() -> None:
    """Record that every claim is to be recounted (`app.claims.rebuild`) once the
    schema is at head: the joining code follows the schema at head, not this one."""
    op.execute(
        "CREATE TABLE IF NOT EXISTS claims_rebuild"
        " (scope text CONSTRAINT pk_claims_rebuild PRIMARY KEY)"
    )
    op.execute(
        "INSERT INTO claims_rebuild (scope) SELECT 'groups'"
        " WHERE EXISTS (SELECT 1 FROM claims) ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    op.create_table(
        "claim_origins",
        sa.Column("claim_id", sa.BigInteger(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("texts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("claim_id", "origin", name=op.f("pk_claim_origins")),
    )
    op.execute(
        "INSERT INTO claim_origins (claim_id, origin, texts)"
        " SELECT claim_id, origin, count(*) FROM claim_texts GROUP BY claim_id, origin"
    )
    for table in (*_TALLIES, "claim_origins"):
        op.execute(
            f"DELETE FROM {table} t"
            " WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = t.claim_id)"
        )
        op.create_foreign_key(
            op.f(f"fk_{table}_claim_id_claims"),
            table,
            "claims",
            ["claim_id"],
            ["id"],
            ondelete="CASCADE",
        )
    for table in _STATEMENTS:
        op.drop_index(f"ix_{table}_claim_source", table_name=table)
        op.drop_index(f"ix_{table}_claim_reported_at_id", table_name=table)
        op.create_index(
            f"ix_{table}_claim_reported_at_id",
            table,
            ["claim_id", "reported_at", "id"],
            postgresql_include=["article_id", "outlet", "text_hash"],
            postgresql_where=sa.text("is_current"),
        )
        op.drop_column(table, "claim_source")
    op.drop_table("claim_sources")
