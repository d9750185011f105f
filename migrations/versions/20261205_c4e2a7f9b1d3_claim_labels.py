"""claim labels

An event claim's tallies (`claim_labels`: how many of its statements give each
summary, date and participant name), so that a statement joining it updates the
claim from its tallies instead of reading every statement of its week, as
commitment claims already are.  Then every current statement joins its claim (or
its claim is recounted), group by group, with the code ingestion uses: statements
of a store that had no claims yet, and claims made before events had tallies.

Revision ID: c4e2a7f9b1d3
Revises: e4a7c2b9f310
Create Date: 2026-12-05 13:00:00.000000
"""

from collections.abc import Coroutine, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "c4e2a7f9b1d3"
down_revision: str | None = "e4a7c2b9f310"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_GROUPS_PER_SETTLE = 500


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


def _run(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run a coroutine whose awaits never suspend (its statements run on the
    migration's synchronous connection, see `_Session`)."""
    try:
        coroutine.send(None)
    except StopIteration:
        return
    raise RuntimeError("the coroutine suspended")


class _Session:
    """What `joining.settle` uses of a session, over the migration's connection."""

    def __init__(self, bind: sa.Connection) -> None:
        self.bind = bind

    async def execute(self, statement: Any, params: Any = None) -> Any:
        return self.bind.execute(statement, params)


def _join_all() -> None:
    from app.claims import joining, tallies

    bind = op.get_bind()
    groups = bind.execute(
        sa.text(
            "SELECT claim_group FROM commitments WHERE is_current AND claim_group IS NOT NULL"
            " UNION SELECT claim_group FROM events WHERE is_current AND claim_group IS NOT NULL"
            " UNION SELECT group_key FROM claims ORDER BY 1"
        )
    ).scalars()
    ordered = list(groups)
    # `claim_sources` comes later (d5f2a8c3e1b7), which fills it.
    tallies.SOURCES = False
    try:
        for start in range(0, len(ordered), _GROUPS_PER_SETTLE):
            chunk = ordered[start : start + _GROUPS_PER_SETTLE]
            _run(joining.settle(_Session(bind), chunk))  # type: ignore[arg-type]
    finally:
        tallies.SOURCES = True


def downgrade() -> None:
    op.execute("ALTER TABLE claims RESET (fillfactor)")
    op.drop_table("claim_labels")
