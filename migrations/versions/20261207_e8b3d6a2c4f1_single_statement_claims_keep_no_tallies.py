"""single-statement claims keep no tallies

A claim of one statement is rendered from that statement alone, and its source
is the statement's own outlet (`app.claims.tallies`): its tally rows go, and its
statement's source is made its outlet where it was not.  Going back, every claim
is recounted by the code of that revision, which tallies them all.

Revision ID: e8b3d6a2c4f1
Revises: c3a7e9d1f5b2
Create Date: 2026-12-07 05:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "e8b3d6a2c4f1"
down_revision: str | None = "c3a7e9d1f5b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TALLIES = ("claim_buckets", "claim_labels", "claim_texts", "claim_sources")


def upgrade() -> None:
    for table in _TALLIES:
        op.execute(
            f"DELETE FROM {table} t USING claims c"
            " WHERE t.claim_id = c.id AND c.statement_count = 1"
        )
    for table in ("commitments", "events"):
        op.execute(
            f"UPDATE {table} s SET claim_source = s.outlet FROM claims c"
            " WHERE s.claim_id = c.id AND c.statement_count = 1 AND s.is_current"
            " AND s.claim_source IS DISTINCT FROM s.outlet"
        )


def downgrade() -> None:
    op.execute(
        "INSERT INTO claims_rebuild (scope) SELECT 'groups'"
        " WHERE EXISTS (SELECT 1 FROM claims) ON CONFLICT DO NOTHING"
    )
