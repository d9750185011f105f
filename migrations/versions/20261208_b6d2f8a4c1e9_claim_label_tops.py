"""claim label tops: each kind's most given label marked

An event claim shows, of each kind of label (summary, date, participant's name),
the one most of its statements give (ties to the least by code point).  Adding
statements had read every label of the claim to choose again; with each kind's
top marked (and indexed), it compares what it adds with that one row.  The marks
are set here from the counts, by the same rule.

Revision ID: b6d2f8a4c1e9
Revises: f4c9a1e7b3d5
Create Date: 2026-12-08 00:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b6d2f8a4c1e9"
down_revision: str | None = "f4c9a1e7b3d5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "claim_labels",
        sa.Column("top", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.execute(
        "UPDATE claim_labels l SET top = true FROM (SELECT DISTINCT ON (claim_id, kind)"
        " claim_id, kind, label FROM claim_labels"
        ' ORDER BY claim_id, kind, n DESC, label COLLATE "C") w'
        " WHERE l.claim_id = w.claim_id AND l.kind = w.kind AND l.label = w.label"
    )
    op.create_index(
        "ix_claim_labels_top", "claim_labels", ["claim_id"], postgresql_where=sa.text("top")
    )


def downgrade() -> None:
    op.drop_index("ix_claim_labels_top", table_name="claim_labels")
    op.drop_column("claim_labels", "top")
