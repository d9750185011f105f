"""claim labels

An event claim's tallies (`claim_labels`: how many of its statements give each
summary, date and participant name), so that a statement joining it updates the
claim from its tallies instead of reading every statement of its week, as
commitment claims already are.  Then every current statement is to join its claim
(or its claim be recounted) with the code ingestion uses: statements of a store
that had no claims yet, and claims made before events had tallies.  That is
recorded here and done after the migrations (`app.claims.rebuild`).

Revision ID: c4e2a7f9b1d3
Revises: e4a7c2b9f310
Create Date: 2026-12-05 13:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4e2a7f9b1d3"
down_revision: str | None = "e4a7c2b9f310"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_labels",
        sa.Column("claim_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_labels_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", "kind", "label", name=op.f("pk_claim_labels")),
    )
    # Every write of a claim's statements rewrites the claim's row; with room left
    # on its page the new version goes there without new index entries (a
    # heap-only tuple), when no indexed column changed: most writes.
    op.execute("ALTER TABLE claims SET (fillfactor = 30)")
    _join_all()


def _join_all() -> None:
    """Record that every group is to be settled (`app.claims.rebuild`) once the
    schema is at head: the joining code follows the schema at head, not this one."""
    op.execute(
        "CREATE TABLE IF NOT EXISTS claims_rebuild"
        " (scope text CONSTRAINT pk_claims_rebuild PRIMARY KEY)"
    )
    op.execute(
        "INSERT INTO claims_rebuild (scope) SELECT 'groups'"
        " WHERE EXISTS (SELECT 1 FROM commitments) OR EXISTS (SELECT 1 FROM events)"
        " ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE claims RESET (fillfactor)")
    op.drop_table("claim_labels")
