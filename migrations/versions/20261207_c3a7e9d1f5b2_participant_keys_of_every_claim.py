"""participant keys of every claim: joining's look-up no longer names `kind`

Joining looked event claims up by `kind = 'event' AND claim_participant_keys(...)
&& keys`, the `kind` condition being there for the partial index.  The same
condition let the planner read every event claim through `ix_claims_kind_id`
instead, calling `claim_participant_keys` on each: with no statistics yet (a new
store) it takes `kind = 'event'` to match a handful of rows, and a plan made then
stays cached by each connection while the table grows.  Indexed whole, the
look-up needs no `kind`, and the index is its only way but a scan of the table.
A commitment claim's keys begin with its group's `c|`, an event's with `e|`, so
they never meet; commitment claims add their entities' keys to the index.

Revision ID: c3a7e9d1f5b2
Revises: b2e7c4f9a1d6
Create Date: 2026-12-07 01:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c3a7e9d1f5b2"
down_revision: str | None = "b2e7c4f9a1d6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DROP INDEX ix_claims_participant_keys")
    op.execute(
        "CREATE INDEX ix_claims_participant_keys ON claims"
        " USING gin (claim_participant_keys(group_key, entity_ids)) WITH (fastupdate = off)"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_claims_participant_keys")
    op.execute(
        "CREATE INDEX ix_claims_participant_keys ON claims"
        " USING gin (claim_participant_keys(group_key, entity_ids))"
        " WITH (fastupdate = off) WHERE kind = 'event'"
    )
