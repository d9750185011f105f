"""participant keys: a body PostgreSQL inlines, and none for commitment claims

`claim_participant_keys` built its array with a subquery, which keeps a SQL
function from being inlined: PostgreSQL ran it through its SQL-function executor
for every claim row an insert or a key-changing update indexes, and for every
claim a look-up rechecks.  Its new body is plain function calls, inlined into the
index expression and the look-up alike.  It gives the same keys for an event
claim (its group and each participant entity) and none for a commitment claim,
whose keys joining never looks up (its group begins `c|`, the look-up's `e|`).

Revision ID: f4c9a1e7b3d5
Revises: e8b3d6a2c4f1
Create Date: 2026-12-07 05:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "f4c9a1e7b3d5"
down_revision: str | None = "e8b3d6a2c4f1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SIGNATURE = (
    "CREATE OR REPLACE FUNCTION claim_participant_keys(group_key text, entity_ids bigint[])"
    " RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN "
)

# An event group's key is its type (lowercase letters and `_`) and its week
# (`app.claims.keys`): no unit separator, which can join its keys and split them.
_INLINED = (
    "CASE WHEN starts_with(group_key, 'e|') AND cardinality(entity_ids) > 0"
    " THEN string_to_array(group_key || '|'"
    " || array_to_string(entity_ids, chr(31) || group_key || '|'), chr(31))"
    " ELSE CAST('{}' AS text[]) END"
)

_SUBQUERY = "ARRAY(SELECT group_key || '|' || e FROM unnest(entity_ids) AS u(e))"


def upgrade() -> None:
    op.execute(_SIGNATURE + _INLINED)
    op.execute("REINDEX INDEX ix_claims_participant_keys")


def downgrade() -> None:
    op.execute(_SIGNATURE + _SUBQUERY)
    op.execute("REINDEX INDEX ix_claims_participant_keys")
