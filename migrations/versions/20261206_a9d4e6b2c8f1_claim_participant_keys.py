"""claim participant keys: event claims found by (group, participant)

An ingest that joins events reads the claims of their groups (a type and a week)
that share a participant with them.  By the group index alone it reads every claim
of the group, and a busy week's group holds many; by the participants' index
alone, every claim of the participant, in every week.  `claim_participant_keys`
names each (group, participant) pair of an event claim, and its GIN index finds
exactly the claims wanted.

`ix_claims_entity_ids` (read by `GET /v1/claims?entity_id=`) and the new index
have no pending list (GIN's fast update): new entries would wait there unsorted,
read through by every search until a vacuum merges them, and claims are updated
by every ingest that joins them, so the list would stay long.

Revision ID: a9d4e6b2c8f1
Revises: f1b6c3d8e2a4
Create Date: 2026-12-06 16:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a9d4e6b2c8f1"
down_revision: str | None = "f1b6c3d8e2a4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE FUNCTION claim_participant_keys(group_key text, entity_ids bigint[])"
        " RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE"
        " RETURN ARRAY(SELECT group_key || '|' || e FROM unnest(entity_ids) AS u(e))"
    )
    op.execute(
        "CREATE INDEX ix_claims_participant_keys ON claims"
        " USING gin (claim_participant_keys(group_key, entity_ids))"
        " WITH (fastupdate = off) WHERE kind = 'event'"
    )
    op.execute("ALTER INDEX ix_claims_entity_ids SET (fastupdate = off)")
    # Entries already pending are merged now rather than by the next vacuum.
    op.execute("SELECT gin_clean_pending_list('ix_claims_entity_ids')")


def downgrade() -> None:
    op.execute("ALTER INDEX ix_claims_entity_ids RESET (fastupdate)")
    op.execute("DROP INDEX ix_claims_participant_keys")
    op.execute("DROP FUNCTION claim_participant_keys(text, bigint[])")
