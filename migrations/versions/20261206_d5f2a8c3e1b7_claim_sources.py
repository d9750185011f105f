"""claim sources

A claim's sources as tallies (`claim_sources`, one row per outlet that first
carried some of its cited texts): their counts, first report, syndicating outlets
and first statement and article ids, kept as statements join, so that a claim's
detail reads a row per source instead of every statement of the claim.  Filled
here from the current statements, with the rule the detail used to apply when read.

The tally tables lose their foreign key to `claims`: the check ran for every tally
row ingest writes, and a claim is only deleted once its tallies are cleared.

Revision ID: d5f2a8c3e1b7
Revises: b3e8d1f4a6c9
Create Date: 2026-12-06 03:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "d5f2a8c3e1b7"
down_revision: str | None = "b3e8d1f4a6c9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TALLIES = ("claim_buckets", "claim_texts", "claim_origins", "claim_labels")
_IDS_SHOWN = 20  # `app.claims.schemas.IDS_SHOWN` when this was written

# A statement's origin is the outlet that first carried the text it cites (ties to
# the outlet first by code point), else its own outlet: `claim_texts`' rule.
_FILL = """
WITH s AS (
  SELECT claim_id, id, article_id, reported_at, outlet COLLATE "C" AS outlet,
    first_value(outlet COLLATE "C") OVER (
      PARTITION BY claim_id, coalesce(text_hash, '@' || outlet) COLLATE "C"
      ORDER BY reported_at, outlet COLLATE "C", id) AS origin
  FROM {table} WHERE claim_id IS NOT NULL AND is_current
), a AS (
  SELECT *, row_number() OVER (PARTITION BY claim_id, origin, article_id
    ORDER BY reported_at, id) AS nth
  FROM s
)
INSERT INTO claim_sources (claim_id, origin, statement_count, article_count, first_reported,
  syndicated, statement_times, statement_ids, article_times, article_firsts, article_ids)
SELECT claim_id, origin, count(*), count(*) FILTER (WHERE nth = 1), min(reported_at),
  coalesce(array_agg(DISTINCT outlet ORDER BY outlet) FILTER (WHERE outlet <> origin), '{{}}'),
  (array_agg(reported_at ORDER BY reported_at, id))[1:{n}],
  (array_agg(id ORDER BY reported_at, id))[1:{n}],
  (array_agg(reported_at ORDER BY reported_at, id) FILTER (WHERE nth = 1))[1:{n}],
  (array_agg(id ORDER BY reported_at, id) FILTER (WHERE nth = 1))[1:{n}],
  (array_agg(article_id ORDER BY reported_at, id) FILTER (WHERE nth = 1))[1:{n}]
FROM a GROUP BY claim_id, origin
"""


def upgrade() -> None:
    times = postgresql.ARRAY(sa.DateTime(timezone=True))
    ids = postgresql.ARRAY(sa.BigInteger())
    op.create_table(
        "claim_sources",
        sa.Column("claim_id", sa.BigInteger(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("statement_count", sa.Integer(), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("first_reported", sa.DateTime(timezone=True), nullable=False),
        sa.Column("syndicated", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("statement_times", times, nullable=False),
        sa.Column("statement_ids", ids, nullable=False),
        sa.Column("article_times", times, nullable=False),
        sa.Column("article_firsts", ids, nullable=False),
        sa.Column("article_ids", ids, nullable=False),
        sa.PrimaryKeyConstraint("claim_id", "origin", name=op.f("pk_claim_sources")),
    )
    for table in ("commitments", "events"):
        op.execute(_FILL.format(table=table, n=_IDS_SHOWN))
    for table in _TALLIES:
        op.drop_constraint(op.f(f"fk_{table}_claim_id_claims"), table, type_="foreignkey")


def downgrade() -> None:
    for table in _TALLIES:
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
    op.drop_table("claim_sources")
