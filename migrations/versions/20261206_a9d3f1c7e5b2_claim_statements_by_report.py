"""claim statements by report

A claim's statements are read a page at a time, oldest report first (its detail,
`/statements`, its timeline): an index on (claim_id, reported_at, id) of the
current statements answers each page by a range scan, at the same cost on a
claim's thousandth statement as on its first.  It includes what a claim's sources
are counted from (article, outlet, cited text), so that they are read from the
index alone.  It replaces the index on claim_id alone, whose look-ups (the
tallies' recounts) it answers as well.

Revision ID: a9d3f1c7e5b2
Revises: c4e2a7f9b1d3
Create Date: 2026-12-06 00:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a9d3f1c7e5b2"
down_revision: str | None = "c4e2a7f9b1d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("commitments", "events")


def upgrade() -> None:
    for table in _TABLES:
        op.create_index(
            f"ix_{table}_claim_reported_at_id",
            table,
            ["claim_id", "reported_at", "id"],
            postgresql_include=["article_id", "outlet", "text_hash"],
            postgresql_where=sa.text("is_current"),
        )
        op.drop_index(f"ix_{table}_claim_id", table_name=table)


def downgrade() -> None:
    for table in _TABLES:
        op.create_index(
            f"ix_{table}_claim_id", table, ["claim_id"], postgresql_where=sa.text("is_current")
        )
        op.drop_index(f"ix_{table}_claim_reported_at_id", table_name=table)
