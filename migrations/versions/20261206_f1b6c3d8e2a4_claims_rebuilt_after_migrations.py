"""claims rebuilt after migrations

The migrations that changed what claims are made of (b7c1e9a4d2f0, c4e2a7f9b1d3,
d5f2a8c3e1b7) ran the joining code of their day inside the migration; that code
follows the schema at head, so a store upgraded from before them would have run
today's code on yesterday's schema.  They now record the rebuild they need in
`claims_rebuild`, and `app.claims.rebuild` does it once the schema is at head.
A store that ran them as they were has its claims already: the table is made
here, empty, if they did not make it.

Revision ID: f1b6c3d8e2a4
Revises: d5f2a8c3e1b7
Create Date: 2026-12-06 05:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "f1b6c3d8e2a4"
down_revision: str | None = "d5f2a8c3e1b7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE TABLE IF NOT EXISTS claims_rebuild"
        " (scope text CONSTRAINT pk_claims_rebuild PRIMARY KEY)"
    )


def downgrade() -> None:
    # The earlier migrations that record rebuilds make it again if they run.
    op.execute("DROP TABLE IF EXISTS claims_rebuild")
