"""described event participants

An event participant that is a description, not a name ("protesters", "the prime
minister"), keeps its text on the event with no entity, as a commitment's actor
already does: `event_participants.entity_id` may be null.

Revision ID: e5a1c7d9b3f4
Revises: e4a1c7d93b26
Create Date: 2026-12-05 12:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e5a1c7d9b3f4"
down_revision: str | None = "e4a1c7d93b26"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column("event_participants", "entity_id", existing_type=sa.BigInteger(), nullable=True)


def downgrade() -> None:
    # A described participant has no entity to point to: it cannot survive the downgrade.
    op.execute("DELETE FROM event_participants WHERE entity_id IS NULL")
    op.alter_column(
        "event_participants", "entity_id", existing_type=sa.BigInteger(), nullable=False
    )
