"""statements by claim, current or not: for deleting emptied claims

A claim is deleted once no current statement is in it; its retired statements
still name it, and their foreign key sets them to null.  PostgreSQL finds them by
`claim_id = $1` alone, which the claim indexes of `events` and `commitments`
(partial: current statements) cannot answer, so each deleted claim scanned both
tables.  A plain index on `claim_id` answers it.

Revision ID: b2e7c4f9a1d6
Revises: a9d4e6b2c8f1
Create Date: 2026-12-06 19:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "b2e7c4f9a1d6"
down_revision: str | None = "a9d4e6b2c8f1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_events_claim_id", "events", ["claim_id"])
    op.create_index("ix_commitments_claim_id", "commitments", ["claim_id"])


def downgrade() -> None:
    op.drop_index("ix_commitments_claim_id", table_name="commitments")
    op.drop_index("ix_events_claim_id", table_name="events")
